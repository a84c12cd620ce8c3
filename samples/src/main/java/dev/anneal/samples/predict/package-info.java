/**
 * What {@code anneal predict} and {@code anneal export} do with a trained model: new rows scored by name,
 * the predictions as CSV, their accuracy against a label column. Internal to the tool.
 */
package dev.anneal.samples.predict;
