package dev.anneal.samples.cli;

import dev.anneal.samples.parity.ParityRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anneal parity}: checks Anneal's schedulers against files of PyTorch reference values (the
 * format of {@code shared/parity/README.md}), prints each failing case and a last line
 * {@code N passed, M failed}. Exit code 1 when a case failed.
 * <pre>{@code
 * anneal parity ../shared/parity/torch-lr-public.jsonl
 * }</pre>
 */
@Command(name = "parity",
        mixinStandardHelpOptions = true,
        description = {
            "Checks Anneal's PyTorch-compatible schedulers against reference values produced by PyTorch "
                    + "(JSON lines, one case per line).",
            "Prints each failing case with the first differing step, then 'N passed, M failed'; "
                    + "exit code 1 if any case failed."
        })
final class ParityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files of parity cases (.jsonl).")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        for (Path file : files) {
            checkReadable(file);
        }
        PrintWriter out = spec.commandLine().getOut();
        int passed = 0;
        int failed = 0;
        for (Path file : files) {
            int filePassed = 0;
            int fileFailed = 0;
            for (var result : ParityRunner.run(file)) {
                if (result.passed()) {
                    filePassed++;
                } else {
                    fileFailed++;
                    out.println("FAIL " + result.id() + ": " + result.failure());
                }
            }
            if (files.size() > 1) {
                out.println(file + ": " + filePassed + " passed, " + fileFailed + " failed");
            }
            passed += filePassed;
            failed += fileFailed;
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private static void checkReadable(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a file: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString());
        }
    }
}
