/**
 * What {@code anneal train} and {@code lr-find} do and show: the experiment a command line
 * describes, the data it names, the training session with its progress, table and notes, and the
 * files a run leaves (charts, history). Internal to the tool.
 */
package dev.anneal.samples.train;
