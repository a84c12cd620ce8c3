package dev.anneal.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.SparkConf;

/**
 * Spark's {@code local-cluster} mode for tests: a master, workers and executor JVMs on 127.0.0.1,
 * started from a Spark home whose {@code jars/} links the jars Maven resolved for this module, with
 * this project's class folders on the executors' class path and the test JVM's flags.
 */
final class LocalCluster {
    private LocalCluster() {
    }

    /** The configuration of {@code master} (a {@code local-cluster[...]}), with the Spark home made. */
    static SparkConf conf(String master) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        Path home = sparkHome(target.resolve("spark-home"));
        String flags = System.getProperty("anneal.executor.jvmFlags", "")
                + " -Dorg.bytedeco.javacpp.cachedir=" + target.resolve("javacpp");
        return new SparkConf().setMaster(master).setAppName("anneal-local-cluster")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.test.home", home.toString())
                .set("spark.home", home.toString())
                .set("spark.executor.extraJavaOptions", flags)
                .set("spark.executor.extraClassPath", String.join(File.pathSeparator, classFolders()))
                .set("spark.executorEnv.OMP_NUM_THREADS", "1")
                .set("spark.executorEnv.SD_MAX_THREADS", "1")
                .set("spark.executorEnv.SD_MASTER_THREADS", "1")
                .set("spark.executorEnv.OPENBLAS_NUM_THREADS", "1")
                .set("spark.task.maxFailures", "4");
    }

    /** The test class path's folders (this project's classes), which the executors need beside the jars. */
    private static List<String> classFolders() {
        List<String> out = new ArrayList<>();
        for (String entry : testClassPath()) {
            if (Files.isDirectory(Path.of(entry))) {
                out.add(entry);
            }
        }
        return out;
    }

    private static String[] testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return cp.split(File.pathSeparator);
    }

    /** A Spark home whose {@code jars/} links every jar of the test class path (Spark's and this project's dependencies). */
    private static Path sparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Set<String> names = new TreeSet<>();
        for (String entry : testClassPath()) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && names.add(p.getFileName().toString())) {
                Path link = jars.resolve(p.getFileName());
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, p.toAbsolutePath());
            }
        }
        return home;
    }
}
