/**
 * Training and sweeps on Apache Spark: {@link dev.anneal.spark.SparkTrainer} trains data-parallel in
 * rounds (each worker on its shard, the driver averaging), {@link dev.anneal.spark.SparkTrialRunner} runs
 * a sweep's trials as Spark tasks, {@link dev.anneal.spark.SparkCsv} reads data with Spark's reader. For
 * everyone; the round machinery (shards, packed state, worker runners) is internal.
 */
package dev.anneal.spark;
