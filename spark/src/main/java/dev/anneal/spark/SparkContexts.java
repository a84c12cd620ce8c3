package dev.anneal.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark contexts made from a master URL ({@code local[N]}, {@code local-cluster[...]},
 * {@code spark://host:port}): a master that is not there is refused at once, not after Spark's own
 * minute of retries, and a cluster is used only once an executor has registered (waiting up to 30 s,
 * and a second more a GB of executor heap). Executor JVMs get their whole heap at start
 * ({@link #steadyExecutorHeap}).
 */
final class SparkContexts {
    private static final long EXECUTOR_WAIT_MILLIS = 30_000;
    /** The extra wait for an executor, a GB of its heap: it touches the whole heap before it registers. */
    private static final long EXECUTOR_WAIT_MILLIS_PER_GB = 1_000;
    private static final int CONNECT_MILLIS = 5_000;

    private SparkContexts() {
    }

    /**
     * A context on {@code master}, named {@code app}; local masters stay on 127.0.0.1 without a web UI.
     *
     * @throws IllegalArgumentException naming the master when it cannot be used
     */
    static JavaSparkContext connect(String master, String app) {
        boolean local = master.startsWith("local");
        if (master.startsWith("spark://")) {
            requireReachable(master);
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName(app)
                .set("spark.ui.showConsoleProgress", "false");
        boolean executorJvms = !master.equals("local") && !master.startsWith("local[");
        if (executorJvms) {
            steadyExecutorHeap(conf);
        }
        if (local) {
            conf.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
        }
        JavaSparkContext spark;
        try {
            spark = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(master + ": " + e.getMessage(), e);
        }
        spark.setLogLevel("WARN");
        if (executorJvms) {
            awaitExecutor(spark, master, executorWaitMillis(conf));
        }
        return spark;
    }

    /**
     * Puts {@code -Xms} (the executor memory) and {@code -XX:+AlwaysPreTouch} before the executors'
     * own Java options (which win where they say otherwise): the heap is committed and touched once,
     * at start. Otherwise a round's large arrays (the state, sent and received) keep landing on heap
     * pages the JVM touches for the first time as G1 grows the heap and moves its young generation,
     * and the kernel clears each such page (on a 2-core VM, a round's overhead in
     * {@code ClusterSpeedBench} was 300-650 ms against 130-190 ms with these options).
     */
    static SparkConf steadyExecutorHeap(SparkConf conf) {
        long megabytes = conf.getSizeAsMb("spark.executor.memory", "1g");
        String own = conf.get("spark.executor.extraJavaOptions", "");
        return conf.set("spark.executor.extraJavaOptions",
                ("-Xms" + megabytes + "m -XX:+AlwaysPreTouch " + own).trim());
    }

    /** Fails at once when no master of a {@code spark://host:port[,host:port]} URL accepts a connection. */
    private static void requireReachable(String master) {
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(master + ": expected spark://HOST:PORT");
            }
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(master + ": the port must be a number, got '"
                        + hostPort.substring(colon + 1) + "'");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort.substring(0, colon), port), CONNECT_MILLIS);
                return;
            } catch (IOException e) {
                // try the next master
            }
        }
        throw new IllegalArgumentException(master + ": cannot connect to the Spark master; is it running?");
    }

    /** How long to wait for the first executor: 30 s, and a second a GB of executor heap (rounded up). */
    static long executorWaitMillis(SparkConf conf) {
        long gigabytes = (conf.getSizeAsMb("spark.executor.memory", "1g") + 1023) / 1024;
        return EXECUTOR_WAIT_MILLIS + gigabytes * EXECUTOR_WAIT_MILLIS_PER_GB;
    }

    /** Waits until an executor besides the driver has registered (up to {@code waitMillis}). */
    private static void awaitExecutor(JavaSparkContext spark, String master, long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (spark.statusTracker().getExecutorInfos().length < 2) {
            if (System.currentTimeMillis() > deadline || spark.sc().isStopped()) {
                spark.stop();
                throw new IllegalArgumentException(master + ": no Spark executor registered within "
                        + waitMillis / 1000 + " s; is a worker with free cores and memory attached to the master?");
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
}
