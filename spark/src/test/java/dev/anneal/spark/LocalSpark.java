package dev.anneal.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A Spark context in local mode on the loopback interface, without web UI, for tests. */
final class LocalSpark {
    private LocalSpark() {
    }

    static JavaSparkContext start(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("anneal-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        JavaSparkContext spark = new JavaSparkContext(conf);
        spark.setLogLevel("WARN");
        return spark;
    }
}
