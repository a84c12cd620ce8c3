package dev.anneal.samples.plot;

import java.util.Objects;

/**
 * One line of a chart: a name for the legend and its points.
 *
 * <pre>{@code
 * Series lr = new Series("warmup(10) then cosine(tMax=90)", steps, values);
 * Series loss = new Series("val loss", epochs, losses).withMarkers();
 * Series other = new Series("trial-007", epochs, losses).inBackground();
 * }</pre>
 *
 * @param name    the legend's text
 * @param x       the x of each point
 * @param y       the y of each point (NaN leaves a gap)
 * @param markers    whether each point gets a marker (for a few points, such as one per epoch)
 * @param background whether the line is one of many drawn thin and grey behind the others, without
 *                   a legend entry (the other trials of a sweep)
 */
public record Series(String name, double[] x, double[] y, boolean markers, boolean background) {

    /** Checks that there are as many x as y, at least one. */
    public Series {
        Objects.requireNonNull(name, "name");
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("series " + name + ": needs as many x as y, at least 1; got " + x.length
                    + " x and " + y.length + " y");
        }
        x = x.clone();
        y = y.clone();
    }

    /** A line without markers. */
    public Series(String name, double[] x, double[] y) {
        this(name, x, y, false, false);
    }

    /** The same line with a marker on each point. */
    public Series withMarkers() {
        return new Series(name, x, y, true, background);
    }

    /** The same line drawn thin and grey behind the others, without a legend entry. */
    public Series inBackground() {
        return new Series(name, x, y, markers, true);
    }
}
