package dev.anneal.spark;

import dev.anneal.runtime.History;
import dev.anneal.runtime.TrainingDivergedException;
import dev.anneal.runtime.sweep.TrialRunner;
import dev.anneal.runtime.sweep.TrialTask;
import dev.anneal.runtime.sweep.TrialTrainer;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.JobExecutionStatus;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * A {@link TrialRunner} on Spark: each piece of work a {@link dev.anneal.runtime.sweep.Sweep} hands
 * out (a trial trained to its next halving rung) is one Spark job of one task, up to
 * {@link #workers()} at once. The sweep stays on the driver: it decides the promotions from the
 * results, as it does locally, so a sweep gives the same trials, histories and ranking on Spark
 * as on local threads.
 *
 * <pre>{@code
 * try (SparkTrialRunner runner = SparkTrialRunner.connect("local[2]", 2)) {   // or spark://host:7077
 *     SweepResult result = Sweep.builder(space).trainer(TrialTrainer.of(mlp, split)).runner(runner)
 *             .halving(Halving.parse("eta=3,min-epochs=2")).out(Path.of("sweeps/a")).build().run();
 * }
 * }</pre>
 *
 * <p><b>Trial folders stay on the driver.</b> Executors need not see the driver's disk: a task
 * carries the trial's folder as bytes (nothing for a trial's first rung; its checkpoint,
 * {@code run.json} and the rest after), trains in a scratch copy on the executor, and brings the
 * folder back, which the driver puts in place of the old one before the sweep sees the result.
 * A task is so a pure function of what the driver shipped: a retried task starts from the same
 * bytes and gives the same result. The trainer ({@link TrialTrainer}, with the data it holds) goes
 * to the executors once, by broadcast; it must be serializable. A training loss that diverges, or
 * another exception of the trainer, is the task's result (not a Spark task failure, which Spark
 * would retry): the trial ends {@code diverged} or {@code failed}, as locally, and a diverged
 * trial's message names its folder on the driver. A killed sweep continues from what the driver's
 * folders hold: the rungs whose results came back.
 */
public final class SparkTrialRunner implements TrialRunner {
    private final JavaSparkContext spark;
    private final boolean ownsContext;
    private final int slots;
    private final String jobGroup = "anneal-sweep-" + UUID.randomUUID();
    private final ExecutorService jobs;
    private final Map<TrialTrainer, Broadcast<TrialTrainer>> trainers = new IdentityHashMap<>();

    /** Trials on {@code spark}, {@code slots} at once (each one Spark task, so one core each). */
    public SparkTrialRunner(JavaSparkContext spark, int slots) {
        this(spark, slots, false);
    }

    private SparkTrialRunner(JavaSparkContext spark, int slots, boolean ownsContext) {
        this.spark = Objects.requireNonNull(spark, "spark");
        if (slots < 1) {
            throw new IllegalArgumentException("trials at once must be >= 1, got " + slots);
        }
        this.slots = slots;
        this.ownsContext = ownsContext;
        AtomicInteger n = new AtomicInteger();
        this.jobs = Executors.newFixedThreadPool(slots, r -> {
            Thread t = new Thread(r, "anneal-spark-trial-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Trials on a Spark context of its own on {@code master} ({@code local[N]}, {@code spark://host:port},
     * ...), which {@link #close()} stops; {@code slots} trials at once, or with {@code slots} 0 as many
     * as the cluster has cores (Spark's default parallelism). A {@code spark://} master that does not
     * answer is refused at once; a cluster is used once an executor has registered (waiting up to 30 s,
     * and a second more a GB of executor heap).
     *
     * @throws IllegalArgumentException naming the master when it cannot be used
     */
    public static SparkTrialRunner connect(String master, int slots) {
        if (slots < 0) {
            throw new IllegalArgumentException("trials at once must be >= 1 (or 0: the cluster's cores), got " + slots);
        }
        JavaSparkContext spark = SparkContexts.connect(master, "anneal sweep");
        try {
            return new SparkTrialRunner(spark, slots == 0 ? spark.defaultParallelism() : slots, true);
        } catch (RuntimeException e) {
            spark.stop();
            throw e;
        }
    }

    @Override
    public int workers() {
        return slots;
    }

    @Override
    public CompletableFuture<History> submit(TrialTask task, TrialTrainer trainer) {
        Broadcast<TrialTrainer> shipped = shipped(trainer);
        return CompletableFuture.supplyAsync(() -> run(task, shipped), jobs);
    }

    private synchronized Broadcast<TrialTrainer> shipped(TrialTrainer trainer) {
        return trainers.computeIfAbsent(Objects.requireNonNull(trainer, "trainer"), spark::broadcast);
    }

    /** One Spark job: the task and its folder out, the history and the folder back, the folder put in place. */
    private History run(TrialTask task, Broadcast<TrialTrainer> trainer) {
        Path folder = task.folderPath();
        spark.setJobGroup(jobGroup, String.format(Locale.ROOT, "anneal sweep: %s to epoch %d", task.trial().name(),
                task.untilEpoch()), true);
        Returned r = spark.parallelize(List.of(new Shipment(task, TrialFolder.read(folder))), 1)
                .map(new RunTrial(trainer)).collect().get(0);
        r.folder().replace(folder);
        if (r.failure() != null) {
            throw r.failure().error(folder);
        }
        return r.history();
    }

    /** Cancels the trials still running, stops the job threads, frees the broadcasts, stops the context {@link #connect} made. */
    @Override
    public void close() {
        try {
            jobs.shutdownNow();
            if (!spark.sc().isStopped() && jobsRunning()) {
                spark.cancelJobGroup(jobGroup);   // only then: Spark warns of a group with no active job
            }
            List<Broadcast<TrialTrainer>> all;
            synchronized (this) {
                all = new ArrayList<>(trainers.values());
                trainers.clear();
            }
            all.forEach(Broadcast::destroy);
        } finally {
            if (ownsContext) {
                spark.stop();
            }
        }
    }

    private boolean jobsRunning() {
        JavaSparkStatusTracker tracker = spark.statusTracker();
        return Arrays.stream(tracker.getJobIdsForGroup(jobGroup)).mapToObj(tracker::getJobInfo)
                .anyMatch(job -> job != null && job.status() == JobExecutionStatus.RUNNING);
    }

    /** What a task gets: the piece of work and the trial's folder as the driver holds it. */
    private record Shipment(TrialTask task, TrialFolder folder) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What a task gives back: the history (or why there is none) and the trial's folder afterwards. */
    private record Returned(History history, TrialFolder folder, Failure failure) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Why a trial's training threw: a divergence, told again on the driver with its folder's path
     * there, or any other exception as it was.
     */
    private record Failure(RuntimeException other, String message, int epoch, long step, String checkpoint)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        static Failure of(RuntimeException e, Path scratch, String folder) {
            if (e instanceof TrainingDivergedException d) {
                return new Failure(null, d.getMessage().replace(scratch.toString(), folder), d.epoch(), d.step(),
                        d.checkpoint() == null ? null : scratch.relativize(d.checkpoint()).toString());
            }
            return new Failure(e, null, 0, 0, null);
        }

        RuntimeException error(Path folder) {
            return other != null ? other
                    : new TrainingDivergedException(message, epoch, step, checkpoint == null ? null : folder.resolve(checkpoint));
        }
    }

    /** The task: trains the trial in a scratch copy of its folder; a pure function of the shipment. */
    private record RunTrial(Broadcast<TrialTrainer> trainer) implements Function<Shipment, Returned> {
        private static final long serialVersionUID = 1L;

        @Override
        public Returned call(Shipment s) throws IOException {
            Path scratch = Files.createTempDirectory("anneal-trial-");
            try {
                Path dir = scratch.resolve(s.task().trial().name());
                if (!s.folder().isEmpty()) {
                    s.folder().writeInto(dir);
                }
                TrialTask here = new TrialTask(s.task().trial(), dir.toString(), s.task().untilEpoch());
                History history = null;
                Failure failure = null;
                try {
                    history = trainer.value().train(here);
                } catch (RuntimeException e) {
                    failure = Failure.of(e, dir, s.task().folder());
                }
                return new Returned(history, TrialFolder.read(dir).moved(dir.toString(), s.task().folder()), failure);
            } finally {
                TrialFolder.delete(scratch);
            }
        }
    }
}
