package dev.anneal.samples.cli;

/**
 * Whether Apache Spark's classes are on the class path: the launcher ({@code bin/anneal}) puts the
 * Spark jars the build resolved there when it sees {@code --spark}, {@code spark-submit} puts its own,
 * anneal.jar has none. Checked before a command touches any class of {@code anneal-spark}.
 */
final class SparkOnClassPath {
    private SparkOnClassPath() {
    }

    /**
     * Returns when Spark is there.
     *
     * @throws IllegalArgumentException saying how to run {@code anneal command --spark} when it is not
     */
    static void require(String command) {
        try {
            Class.forName("org.apache.spark.SparkContext", false, SparkOnClassPath.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--spark needs Apache Spark 4.2 on the class path: run the tool with "
                    + "bin/anneal " + command + " --spark ... (or spark-submit --class dev.anneal.samples.cli.Anneal "
                    + "anneal.jar " + command + " --spark ...)");
        }
    }
}
