package dev.anneal.samples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of the tool, as configured for users, with its output captured. */
record AnnealRun(int exitCode, String out, String err) {

    static AnnealRun of(String... args) {
        CommandLine anneal = Anneal.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        anneal.setOut(new PrintWriter(out, true));
        anneal.setErr(new PrintWriter(err, true));
        int exitCode = anneal.execute(args);
        return new AnnealRun(exitCode, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
