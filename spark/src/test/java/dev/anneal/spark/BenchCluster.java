package dev.anneal.spark;

import java.io.IOException;
import org.apache.spark.SparkConf;

/** {@link LocalCluster}'s configuration for benchmarks in other packages. */
public final class BenchCluster {
    private BenchCluster() {
    }

    /** The configuration of {@code master} (a {@code local-cluster[...]}), with the Spark home made. */
    public static SparkConf conf(String master) throws IOException {
        return LocalCluster.conf(master);
    }
}
