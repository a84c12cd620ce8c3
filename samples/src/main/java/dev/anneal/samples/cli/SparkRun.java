package dev.anneal.samples.cli;

import dev.anneal.spark.SparkEpochs;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code anneal train --spark MASTER}: the Spark context of one run and the {@link SparkEpochs} that
 * trains on it. Spark is not packed into anneal.jar: {@code spark-submit} (or Spark's jars on the
 * class path) brings it, and only this class touches it, so the tool runs without Spark otherwise.
 */
final class SparkRun implements AutoCloseable {
    private static final long EXECUTOR_WAIT_MILLIS = 30_000;
    private final JavaSparkContext spark;
    private final SparkEpochs epochs;

    private SparkRun(JavaSparkContext spark, SparkEpochs epochs) {
        this.spark = spark;
        this.epochs = epochs;
    }

    /** Whether Spark's classes are on the class path. */
    static boolean available() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, SparkRun.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Connects to {@code master} and waits (up to 30 s, for a cluster) until an executor has
     * registered.
     *
     * @throws IllegalArgumentException naming the master when it cannot be used
     */
    static SparkRun start(String master, int workers, int averageEvery) {
        boolean local = master.startsWith("local");
        if (master.startsWith("spark://")) {
            requireReachable(master);
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName("anneal train")
                .set("spark.ui.showConsoleProgress", "false");
        if (local) {
            conf.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
        }
        JavaSparkContext spark;
        try {
            spark = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--spark " + master + ": " + e.getMessage(), e);
        }
        spark.setLogLevel("WARN");
        if (!local) {
            awaitExecutor(spark, master);
        }
        return new SparkRun(spark, new SparkEpochs(spark, workers).averageEvery(averageEvery));
    }

    /**
     * Fails at once when no master of a {@code spark://host:port[,host:port]} URL accepts a connection
     * (Spark itself would retry for a minute before giving up).
     */
    private static void requireReachable(String master) {
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--spark " + master + ": expected spark://HOST:PORT");
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1))), 5_000);
                return;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--spark " + master + ": the port must be a number, got '"
                        + hostPort.substring(colon + 1) + "'");
            } catch (java.io.IOException e) {
                // try the next master
            }
        }
        throw new IllegalArgumentException("--spark " + master + ": cannot connect to the Spark master; is it running?");
    }

    private static void awaitExecutor(JavaSparkContext spark, String master) {
        long deadline = System.currentTimeMillis() + EXECUTOR_WAIT_MILLIS;
        while (spark.statusTracker().getExecutorInfos().length < 2) {
            if (System.currentTimeMillis() > deadline || spark.sc().isStopped()) {
                spark.stop();
                throw new IllegalArgumentException("--spark " + master + ": no Spark executor registered within "
                        + EXECUTOR_WAIT_MILLIS / 1000 + " s; is the master reachable, with a free worker?");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                spark.stop();
                throw new IllegalStateException("interrupted while waiting for Spark executors", e);
            }
        }
    }

    SparkEpochs epochs() {
        return epochs;
    }

    @Override
    public void close() {
        epochs.close();
        spark.stop();
    }
}
