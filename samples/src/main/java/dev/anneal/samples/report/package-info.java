/**
 * Seeing runs and sweeps: {@code report.html} (one self-contained page with uPlot's charts of the losses,
 * the accuracy and the learning rate, the runs' settings and notes, a sweep's leaderboard) and the live
 * page of {@code anneal serve}, read from the files a run or a sweep leaves. Internal to the tool.
 */
package dev.anneal.samples.report;
