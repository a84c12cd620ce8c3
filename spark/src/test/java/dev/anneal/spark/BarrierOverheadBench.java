package dev.anneal.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * What Spark's barrier execution mode would cost a round, beside one job a round (not part of the
 * test suite: run with {@code -Dtest=BarrierOverheadBench}; {@code -Dbench.master=...} picks the master,
 * {@code local-cluster[2,1,1024]} by default). Two barrier tasks run 20 rounds each of: a bare
 * {@code barrier()}, an {@code allGather} of a short message, and an {@code allGather} of a state of
 * 784-512-512-10 with momentum as text (5.4 MB as Base64, the only form {@code allGather} takes); then
 * 20 empty one-task-a-worker jobs, for the job's own cost.
 */
class BarrierOverheadBench {
    private static final int ROUNDS = 20;
    private static final int STATE_BYTES = 2 * 669_706 * 4;

    @Test
    void printBarrierAndJobCosts() throws Exception {
        String master = System.getProperty("bench.master", "local-cluster[2,1,1024]");
        JavaSparkContext spark = new JavaSparkContext(LocalCluster.conf(master));
        try {
            Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<String>> f =
                    (Function1<scala.collection.Iterator<Integer>, scala.collection.Iterator<String>> & Serializable)
                            it -> CollectionConverters.asScala(rounds());
            List<String> lines = spark.parallelize(List.of(0, 1), 2).rdd().barrier()
                    .mapPartitions(f, false, ClassTag$.MODULE$.apply(String.class)).toJavaRDD().collect();
            lines.forEach(l -> System.out.println("BENCH " + master + " " + l));
            for (int i = 0; i < 3; i++) {   // warm up
                spark.parallelize(List.of(0, 1), 2).count();
            }
            long start = System.nanoTime();
            for (int i = 0; i < ROUNDS; i++) {
                spark.parallelize(List.of(0, 1), 2).count();
            }
            System.out.printf("BENCH %s an empty job of 2 tasks: %.1f ms%n", master,
                    (System.nanoTime() - start) / 1e6 / ROUNDS);
        } finally {
            spark.stop();
        }
    }

    private static Iterator<String> rounds() {
        BarrierTaskContext ctx = BarrierTaskContext.get();
        byte[] state = new byte[STATE_BYTES];
        new SplittableRandom(ctx.partitionId()).nextBytes(state);
        String text = Base64.getEncoder().encodeToString(state);
        List<String> out = new ArrayList<>();
        ctx.barrier();   // both tasks started
        out.add(String.format("task %d: barrier() %.1f ms a round", ctx.partitionId(), time(ctx::barrier)));
        out.add(String.format("task %d: allGather of 10 chars %.1f ms a round", ctx.partitionId(),
                time(() -> ctx.allGather("0123456789"))));
        out.add(String.format("task %d: allGather of the state (%d chars) %.1f ms a round", ctx.partitionId(),
                text.length(), time(() -> ctx.allGather(text))));
        return out.iterator();
    }

    /** The mean time of a round of {@code r}, after 3 rounds of warming up. */
    private static double time(Runnable r) {
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            r.run();
        }
        return (System.nanoTime() - start) / 1e6 / ROUNDS;
    }
}
