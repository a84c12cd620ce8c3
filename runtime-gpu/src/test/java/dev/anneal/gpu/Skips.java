package dev.anneal.gpu;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skipping tests out loud: a group of tests that cannot run here prints one line saying which and
 * why (once per group and JVM), then aborts. What CI installs itself (the C and C++ compilers, which
 * {@code build.sh test} installs) fails instead of skipping when {@code CI=true}.
 */
public final class Skips {
    private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

    private Skips() {
    }

    /** Aborts the calling test unless {@code condition}, printing "skipped GROUP: WHY" once per group. */
    public static void unless(boolean condition, String group, String why) {
        if (!condition) {
            if (TOLD.add(group)) {
                System.out.println("[skipped] " + group + ": " + why);
            }
            Assumptions.abort(why);
        }
    }

    /** As {@link #unless}, but fails when {@code CI=true}: CI is expected to have what the group needs. */
    public static void unlessOutsideCi(boolean condition, String group, String why) {
        if (!condition && "true".equals(System.getenv("CI"))) {
            Assertions.fail(group + " cannot run in CI (CI=true): " + why);
        }
        unless(condition, group, why);
    }
}
