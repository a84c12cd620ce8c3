package dev.anneal.runtime.training;

import java.util.SplittableRandom;

/** Seeded Fisher-Yates shuffles; an epoch's order is a pure function of (seed, epoch). */
public final class Shuffle {
    private Shuffle() {
    }

    public static void inPlace(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Fills {@code order} with the permutation of epoch {@code epoch} (0-based) for {@code seed}. */
    public static void epochOrder(int[] order, long seed, int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        inPlace(order, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
    }
}
