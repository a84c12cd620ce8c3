package dev.anneal.runtime.bench;

import dev.anneal.runtime.Dataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a large CSV file of random numbers, or reads one with {@link Dataset#csv(Path)} and prints the
 * time and the heap it took. The reliable heap figure is the smallest {@code -Xmx} that still reads the
 * file; the printed peak (the sum of the heap pools' peaks) is an upper bound. Not a test: run it with
 * <pre>{@code
 * java -cp ... dev.anneal.runtime.bench.CsvReadBenchmark write /tmp/big.csv 1000000 50
 * java -Xmx600m -cp ... dev.anneal.runtime.bench.CsvReadBenchmark read /tmp/big.csv
 * }</pre>
 * The written file has a header {@code f1,...,fN,label}, N full-precision Gaussian features per row
 * (about 1 GB for a million rows of 50) and a label of 10 classes.
 */
public final class CsvReadBenchmark {
    private CsvReadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[1]);
        if (args[0].equals("write")) {
            write(file, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            read(file);
        }
    }

    private static void write(Path file, int rows, int features) throws IOException {
        SplittableRandom rng = new SplittableRandom(7);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int f = 1; f <= features; f++) {
                line.append('f').append(f).append(',');
            }
            out.write(line.append("label\n").toString());
            for (int r = 0; r < rows; r++) {
                line.setLength(0);
                for (int f = 0; f < features; f++) {
                    line.append(gaussian(rng)).append(',');
                }
                out.write(line.append("class").append(rng.nextInt(10)).append('\n').toString());
            }
        }
        System.out.printf(Locale.ROOT, "wrote %s: %d rows x %d features, %.1f MB%n", file, rows, features,
                Files.size(file) / 1e6);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    private static void read(Path file) {
        long start = System.nanoTime();
        Dataset data = Dataset.csv(file).label("label").read();
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "read %s in %.1f s; %s; heap pools' peaks sum to %.0f MB, max heap %.0f MB%n",
                file, seconds, data, peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
    }
}
