/**
 * Training and sweeps on Apache Spark: {@link dev.anneal.spark.SparkTrainer} trains data-parallel in
 * rounds (each worker on its shard, the driver averaging), on rows held by the driver or on data frames
 * whose rows stay on the executors ({@link dev.anneal.spark.FrameShape} is what the driver learns of
 * one, {@link dev.anneal.spark.FrameData} their rows for a trainer built elsewhere); {@link dev.anneal.spark.SparkTrialRunner} runs a sweep's trials as Spark tasks,
 * {@link dev.anneal.spark.SparkCsv} reads data with Spark's reader. For everyone; the round machinery
 * (shards, packed state, worker runners, the data frames' shards) is internal.
 */
package dev.anneal.spark;
