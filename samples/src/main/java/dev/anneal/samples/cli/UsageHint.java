package dev.anneal.samples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The part of a command's usage that goes with an error, so that the error stays on screen: the help
 * entry of the option the error is about (or {@code Usage: anneal train [OPTIONS]} when it is about
 * none), then where the rest is:
 * <pre>
 * Invalid value for option '--epochs': 'ten' is not an int
 *       --epochs=N             Passes over the training rows (default: 20).
 * see anneal train --help
 * </pre>
 */
final class UsageHint {
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9-]*");

    private UsageHint() {
    }

    /**
     * The options {@code e} is about, by name: the option whose value was bad, the missing ones, the
     * closest matches of an unknown one, else those its message names.
     */
    static List<String> optionsOf(ParameterException e) {
        List<String> names = new ArrayList<>();
        ArgSpec arg = e.getArgSpec();
        if (arg instanceof OptionSpec option) {
            names.add(option.longestName());
        }
        if (e instanceof MissingParameterException missing) {
            for (ArgSpec a : missing.getMissing()) {
                if (a instanceof OptionSpec option) {
                    names.add(option.longestName());
                }
            }
        }
        if (e instanceof UnmatchedArgumentException unmatched) {
            names.addAll(unmatched.getSuggestions());
        }
        if (names.isEmpty() && e.getMessage() != null) {
            Matcher m = OPTION.matcher(e.getMessage());
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /**
     * Prints the help entry of the first of {@code optionNames} that {@code command} has (the
     * command's abbreviated synopsis when none), and {@code see anneal CMD --help}.
     */
    static void print(CommandLine command, List<String> optionNames, PrintWriter err) {
        String name = command.getCommandSpec().qualifiedName();
        OptionSpec option = optionNames.stream().map(n -> command.getCommandSpec().findOption(n))
                .filter(o -> o != null && !o.usageHelp() && !o.versionHelp()).findFirst().orElse(null);
        CommandLine.Help help = command.getHelp();
        if (option == null) {
            err.println("Usage: " + help.abbreviatedSynopsis().strip());
        } else {
            CommandLine.Help.Layout layout = help.createDefaultLayout();
            layout.addOption(option, help.createDefaultParamLabelRenderer());
            err.print(layout);
        }
        err.println("see " + name + " --help");
        err.flush();
    }
}
