package dev.anneal.samples.cli;

import dev.anneal.samples.report.LiveServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anneal serve}: the report page, live, over a folder of runs and sweeps, until interrupted.
 * <pre>{@code
 * anneal serve runs --port 8080        # then open http://127.0.0.1:8080/
 * }</pre>
 * Exit codes: 2 bad input (no such folder, the port taken); otherwise it runs until stopped.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serves the report page live over a folder of runs and sweeps (or one of them): the page fetches the "
                    + "folder's files every second, so a new epoch shows within 2 s and a sweep's trials appear as "
                    + "they start, finish or stop. Read-only; nothing outside PATH is served.",
            "Listens on 127.0.0.1 unless --host says otherwise; Ctrl-C stops it."
        },
        footer = {
            "%nExamples:",
            "  anneal serve runs",
            "  anneal serve sweeps/a --port 8090"
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "A folder of runs and sweeps, a run folder or a sweep folder.")
    Path root;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: every "
                    + "interface).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!Files.isDirectory(root)) {
            stderr.println("anneal serve: no such folder: " + root);
            return 2;
        }
        if (port < 0 || port > 65535) {
            stderr.println("anneal serve: --port must be 0 to 65535, got " + port);
            return 2;
        }
        LiveServer server;
        try {
            server = LiveServer.start(root, host, port);
        } catch (IOException e) {
            stderr.println("anneal serve: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stdout.println("serving " + root + " at " + server.uri() + " (read-only; Ctrl-C stops)");
        stdout.flush();
        stopped.await();
        return 0;
    }
}
