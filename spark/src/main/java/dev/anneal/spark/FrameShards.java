package dev.anneal.spark;

import dev.anneal.runtime.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A DataFrame's rows dealt to the workers on the executors, never through the driver: each row gets
 * its global index ({@code zipWithIndex}), and row {@code order[k]} of an order drawn from the seed
 * (the rows' own order without shuffling) goes to worker {@code k % workers} at position
 * {@code k / workers} — what {@link Shard} does with rows on the driver, so both paths train on the
 * same shards. Rows travel in one block per input partition and worker (Spark's shuffle, executor to
 * executor), and each worker's rows become one cached {@link Dataset}. The shards do not depend on
 * how the input was partitioned, and neither do their statistics, which are summed per shard and
 * then in worker order.
 */
final class FrameShards {
    private FrameShards() {
    }

    /**
     * {@code frame}'s rows dealt to {@code workers} cached shards: in an order drawn from {@code seed}
     * when {@code shuffle}, else in the frame's order. Labels become class indices of {@code shape}'s
     * classes (or regression targets).
     */
    static JavaRDD<Dataset> deal(org.apache.spark.sql.Dataset<Row> frame, String features, String label, FrameShape shape,
                                 int workers, boolean shuffle, long seed) {
        JavaRDD<Row> rows = frame.select(features, label).javaRDD();
        long n = rows.count();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " rows; at most " + (Integer.MAX_VALUE - 8) + " per data set");
        }
        if (n < workers) {
            throw new IllegalArgumentException("workers must be <= the rows (" + n + "), got " + workers);
        }
        JavaPairRDD<Integer, Block> blocks = rows.zipWithIndex().mapPartitionsToPair(
                new ToBlocks(shape, (int) n, workers, shuffle, seed), false);
        return blocks.partitionBy(new ByWorker(workers))
                .mapPartitionsWithIndex(new ToShard(shape, (int) n, workers), true)
                .persist(StorageLevel.MEMORY_ONLY());
    }

    /** The rows of one input partition for one worker: positions in the worker's shard, features, targets. */
    record Block(int[] positions, double[] x, double[] y) implements Serializable {
    }

    /** Partition {@code w} holds worker {@code w}'s blocks. */
    static final class ByWorker extends Partitioner {
        private final int workers;

        ByWorker(int workers) {
            this.workers = workers;
        }

        @Override
        public int numPartitions() {
            return workers;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByWorker b && b.workers == workers;
        }

        @Override
        public int hashCode() {
            return workers;
        }
    }

    /** One input partition's rows, as one block per worker, on the executor. */
    private record ToBlocks(FrameShape shape, int n, int workers, boolean shuffle, long seed)
            implements org.apache.spark.api.java.function.PairFlatMapFunction<Iterator<Tuple2<Row, Long>>, Integer, Block> {

        @Override
        public Iterator<Tuple2<Integer, Block>> call(Iterator<Tuple2<Row, Long>> rows) {
            int[] place = null;
            if (shuffle) {
                int[] order = Shard.order(n, true, seed);
                place = new int[n];
                for (int k = 0; k < n; k++) {
                    place[order[k]] = k;
                }
            }
            Map<String, Integer> index = new java.util.HashMap<>();
            if (shape.classes() != null) {
                for (int c = 0; c < shape.classes().size(); c++) {
                    index.put(shape.classes().get(c), c);
                }
            }
            int f = shape.features();
            int[] counts = new int[workers];
            List<double[]> xs = new ArrayList<>();
            double[] ys = new double[64];
            int[] at = new int[64];   // each row's place in the deal: worker at % workers, position at / workers
            int r = 0;
            while (rows.hasNext()) {
                Tuple2<Row, Long> t = rows.next();
                Row row = t._1();
                int i = (int) (long) t._2();
                if (row.isNullAt(0) || row.isNullAt(1)) {
                    throw new IllegalArgumentException("row " + (i + 1) + " has an empty "
                            + (row.isNullAt(0) ? "features" : "label") + " cell");
                }
                double[] x = ((Vector) row.get(0)).toArray();
                if (x.length != f) {
                    throw new IllegalArgumentException("row " + (i + 1) + " has " + x.length + " features; expected "
                            + f + " as the first row");
                }
                double y;
                if (shape.classes() != null) {
                    Integer c = index.get(FrameShape.className(row.get(1)));
                    if (c == null) {
                        throw new IllegalArgumentException("row " + (i + 1) + ": class '" + FrameShape.className(row.get(1))
                                + "' is not among " + shape.classes());
                    }
                    y = c;
                } else {
                    y = ((Number) row.get(1)).doubleValue();
                }
                if (r == ys.length) {
                    ys = Arrays.copyOf(ys, 2 * r);
                    at = Arrays.copyOf(at, 2 * r);
                }
                at[r] = place == null ? i : place[i];
                ys[r++] = y;
                counts[at[r - 1] % workers]++;
                xs.add(x);
            }
            double[][] bx = new double[workers][];
            double[][] by = new double[workers][];
            int[][] bp = new int[workers][];
            for (int w = 0; w < workers; w++) {
                bx[w] = new double[counts[w] * f];
                by[w] = new double[counts[w]];
                bp[w] = new int[counts[w]];
            }
            int[] filled = new int[workers];
            for (int j = 0; j < r; j++) {
                int w = at[j] % workers;
                int k = filled[w]++;
                bp[w][k] = at[j] / workers;
                System.arraycopy(xs.get(j), 0, bx[w], k * f, f);
                by[w][k] = ys[j];
            }
            List<Tuple2<Integer, Block>> out = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                if (counts[w] > 0) {
                    out.add(new Tuple2<>(w, new Block(bp[w], bx[w], by[w])));
                }
            }
            return out.iterator();
        }
    }

    /** A worker's blocks put together as its shard, rows at their positions. */
    private record ToShard(FrameShape shape, int n, int workers)
            implements org.apache.spark.api.java.function.Function2<Integer, Iterator<Tuple2<Integer, Block>>,
            Iterator<Dataset>> {

        @Override
        public Iterator<Dataset> call(Integer worker, Iterator<Tuple2<Integer, Block>> blocks) {
            int rows = Shard.rowsOf(n, worker, workers);   // block positions are dense, 0 .. rows - 1
            int f = shape.features();
            double[][] x = new double[rows][];
            double[] y = new double[rows];
            while (blocks.hasNext()) {
                Block b = blocks.next()._2();
                for (int j = 0; j < b.positions().length; j++) {
                    int p = b.positions()[j];
                    x[p] = Arrays.copyOfRange(b.x(), j * f, (j + 1) * f);
                    y[p] = b.y()[j];
                }
            }
            int[] labels = null;
            double[][] targets = null;
            if (shape.classes() != null) {
                labels = new int[rows];
                for (int i = 0; i < rows; i++) {
                    labels[i] = (int) y[i];
                }
            } else {
                targets = new double[rows][];
                for (int i = 0; i < rows; i++) {
                    targets[i] = new double[] {y[i]};
                }
            }
            Dataset shard = new Shard(x, labels, targets).dataset();
            return List.of(shard).iterator();
        }
    }
}
