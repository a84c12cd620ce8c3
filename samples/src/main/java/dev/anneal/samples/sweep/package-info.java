/**
 * What {@code anneal sweep} shows and leaves beyond the library's sweep: its progress lines, the
 * leaderboard and the sweep's charts, and the trials trained as {@code anneal train} trains. Internal
 * to the tool.
 */
package dev.anneal.samples.sweep;
