/** Line charts as PNG and SVG files (XChart), for the tool's runs, sweeps and schedules. Internal to the tool. */
package dev.anneal.samples.plot;
