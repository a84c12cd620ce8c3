package dev.anneal.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The Java options the executors of a context made by {@link SparkContexts} start with, and how long it waits for one. */
class SparkContextsTest {
    @Test
    void executorsStartWithTheirWholeHeapTouchedByDefault() {
        SparkConf conf = SparkContexts.steadyExecutorHeap(new SparkConf(false));
        assertEquals("-Xms1024m -XX:+AlwaysPreTouch", conf.get("spark.executor.extraJavaOptions"));
    }

    @Test
    void theHeapFollowsTheExecutorMemoryAndTheUsersOwnOptionsComeLastSoTheyWin() {
        SparkConf conf = new SparkConf(false).set("spark.executor.memory", "6g")
                .set("spark.executor.extraJavaOptions", "-XX:-AlwaysPreTouch -Dmy.flag=1");
        SparkContexts.steadyExecutorHeap(conf);
        assertEquals("-Xms6144m -XX:+AlwaysPreTouch -XX:-AlwaysPreTouch -Dmy.flag=1",
                conf.get("spark.executor.extraJavaOptions"));
    }

    @Test
    void theWaitForAnExecutorGrowsWithTheHeapItTouchesBeforeItRegisters() {
        assertEquals(31_000, SparkContexts.executorWaitMillis(new SparkConf(false)));
        assertEquals(32_000, SparkContexts.executorWaitMillis(new SparkConf(false).set("spark.executor.memory", "1536m")));
        assertEquals(94_000, SparkContexts.executorWaitMillis(new SparkConf(false).set("spark.executor.memory", "64g")));
    }
}
