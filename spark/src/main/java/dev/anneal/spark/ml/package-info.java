/**
 * Spark ML estimators: {@link dev.anneal.spark.ml.AnnealClassifier} and
 * {@link dev.anneal.spark.ml.AnnealRegressor} train in a {@code Pipeline} (data-parallel, the rows on
 * the executors) and give models that predict on the executors and save and load as Spark ML models.
 * For everyone; {@code AnnealEstimator} and {@code AnnealModel} only hold what the two share.
 */
package dev.anneal.spark.ml;
