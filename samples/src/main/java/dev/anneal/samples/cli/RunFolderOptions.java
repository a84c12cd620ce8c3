package dev.anneal.samples.cli;

import dev.anneal.runtime.RunFolder;
import dev.anneal.samples.train.TrainingSession;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The run-folder options of {@code anneal train}, declared once and mixed in with {@code @Mixin}: how a
 * run lives in its {@code --out} folder: started again ({@code --restart}) or from a checkpoint
 * ({@code --resume}), the checkpoints it keeps ({@code --checkpoint-every}, {@code --keep-checkpoints},
 * {@code --keep-best}), when it stops before {@code --epochs} ({@code --early-stop}, {@code --stop-after})
 * and how its lr.png is drawn ({@code --log-lr}). {@code anneal lr-find} takes them for
 * {@code --then-train}.
 * <pre>{@code
 * @Mixin RunFolderOptions runFolder;
 * runFolder.check(spec);
 * runFolder.applyTo(session, runFolder.at(out, spec));   // the session writes there, stops and resumes as asked
 * }</pre>
 */
final class RunFolderOptions {

    @Option(names = "--restart",
            description = "Discard the run that --out holds (finished, diverged or of another configuration) and "
                    + "start again.")
    boolean restart;

    @Option(names = "--resume", paramLabel = "CKPT",
            description = "Start the run in --out (a new folder) from this checkpoint; options that contradict it "
                    + "are refused.")
    Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "1",
            description = "Write checkpoints/epoch-NNNN.ckpt every N epochs (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--keep-checkpoints", paramLabel = "N|all", defaultValue = "3",
            description = "How many epoch checkpoints to keep, the newest (default: ${DEFAULT-VALUE}; all keeps all).")
    String keepCheckpoints;

    @Option(names = "--keep-best",
            description = "Also keep checkpoints/best.ckpt, the epoch with the lowest validation loss.")
    boolean keepBest;

    @Option(names = "--early-stop", paramLabel = "PATIENCE",
            description = "Stop when the validation loss has not improved for PATIENCE epochs; keeps "
                    + "checkpoints/best.ckpt as --keep-best does.")
    Integer earlyStop;

    @Option(names = "--stop-after", paramLabel = "N",
            description = "Stop after epoch N (counted from the run's start, also on a resumed run), as if "
                    + "interrupted: the schedule still spans --epochs; the same command without --stop-after "
                    + "continues it.")
    Integer stopAfter;

    @Option(names = "--log-lr", description = "Draw lr.png and lr.svg with a logarithmic y axis.")
    boolean logLr;

    @Option(names = "--record-steps",
            description = "Also record every step: its loss and learning rate in epochs.jsonl as it goes, steps.csv "
                    + "(step,epoch,loss,lr) at the end, and the learning rate of every step in the TensorBoard "
                    + "events and report.html.")
    boolean recordSteps;

    /** Counts of at least 1, and not both --restart and --resume, else a usage error of {@code command}. */
    void check(CommandSpec command) {
        UserErrors.requirePositive(command, "--checkpoint-every", checkpointEvery);
        keep(command);
        if (earlyStop != null) {
            UserErrors.requirePositive(command, "--early-stop", earlyStop);
        }
        if (restart && resume != null) {
            throw UserErrors.usage(command, "--restart and --resume do not go together: --resume starts a new folder");
        }
        if (stopAfter != null) {
            UserErrors.requirePositive(command, "--stop-after", stopAfter);
        }
    }

    /** The run folder at {@code dir}, keeping the checkpoints these options say. */
    RunFolder at(Path dir, CommandSpec command) {
        return RunFolder.at(dir).checkpointEvery(checkpointEvery).keep(keep(command))
                .keepBest(keepBest || earlyStop != null).restart(restart);
    }

    /** Sets {@code session} to write into {@code folder}, and to stop and resume as these options say. */
    void applyTo(TrainingSession session, RunFolder folder) {
        session.runFolder(folder, logLr).recordSteps(recordSteps);
        if (stopAfter != null) {
            session.stopAfter(stopAfter);
        }
        if (earlyStop != null) {
            session.earlyStop(earlyStop);
        }
        if (resume != null) {
            session.resume(resume);
        }
    }

    /** --keep-checkpoints as a count ({@link RunFolder#KEEP_ALL} for 'all'). */
    private int keep(CommandSpec command) {
        if (keepCheckpoints.toLowerCase(Locale.ROOT).equals("all")) {
            return RunFolder.KEEP_ALL;
        }
        try {
            int n = Integer.parseInt(keepCheckpoints);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw UserErrors.usage(command, "--keep-checkpoints must be a number >= 1 or 'all', got '" + keepCheckpoints + "'");
    }
}
