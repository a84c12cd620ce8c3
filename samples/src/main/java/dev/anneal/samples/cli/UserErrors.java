package dev.anneal.samples.cli;

import dev.anneal.ScheduleException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How errors in the user's input reach the user: a message on stderr and exit code 2, never a stack
 * trace. The message stays on screen: it is followed by picocli's suggestions for a mistyped name, the
 * one usage entry that matters ({@link UsageHint}) and {@code see anneal train --help}, not by the whole
 * usage. While a command runs, a schedule that does not compile with the given clock prints its message
 * and the {@code --schedule} entry; a file that cannot be read prints one line. Any other exception is a
 * bug and keeps its stack trace.
 */
final class UserErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /** A command's check: {@code option}'s value is at least 1, else a usage error naming both. */
    static void requirePositive(CommandSpec command, String option, int value) {
        if (value < 1) {
            throw usage(command, option + " must be >= 1, got " + value);
        }
    }

    /** A usage error of {@code command}: exit code 2, {@code message} and the entry of the option it names. */
    static ParameterException usage(CommandSpec command, String message) {
        return new ParameterException(command.commandLine(), message);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        if (command.getSubcommands().isEmpty()) {
            UsageHint.print(command, UsageHint.optionsOf(e), err);
        } else {
            command.usage(err);
        }
        return CommandLine.ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) throws Exception {
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof ScheduleException) {
            command.getErr().println(name + ": " + e.getMessage());
            UsageHint.print(command, List.of("--schedule"), command.getErr());
            return CommandLine.ExitCode.USAGE;
        }
        if (e instanceof IOException io) {
            command.getErr().println(name + ": " + describe(io));
            return CommandLine.ExitCode.USAGE;
        }
        throw e;
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "cannot read " + denied.getFile() + ": permission denied";
        }
        return e.getMessage();
    }
}
