/** Line charts: PNG and SVG files for the tool's runs, sweeps and schedules, and charts drawn in the terminal with box-drawing characters. Internal to the tool. */
package dev.anneal.samples.plot;
