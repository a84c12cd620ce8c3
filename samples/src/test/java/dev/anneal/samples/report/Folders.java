package dev.anneal.samples.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Run and sweep folders made by hand, as a run or a sweep leaves them while it goes. */
final class Folders {
    private Folders() {
    }

    /** A run folder with {@code run.json} ({@code status}) and {@code epochs} complete lines of {@code epochs.jsonl}. */
    static Path run(Path dir, String status, int epochs) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("run.json"), "{\"format\":\"anneal-run\",\"status\":\"" + status + "\",\"epoch\":"
                + epochs + ",\"epochs\":10,\"schedule\":\"warmup(2.epochs) then cosine()\",\"configuration\":"
                + "{\"model\":\"mlp(inputs=20) dense(64, relu) dense(2, identity)\",\"optimizer\":\"sgd(lr=0.1)\"}}");
        Files.writeString(dir.resolve("epochs.jsonl"), "");
        for (int e = 1; e <= epochs; e++) {
            Files.writeString(dir.resolve("epochs.jsonl"), line(e), java.nio.file.StandardOpenOption.APPEND);
        }
        return dir;
    }

    /** Epoch {@code e}'s line of {@code epochs.jsonl} (25 steps an epoch), with its newline. */
    static String line(int e) {
        return String.format(Locale.ROOT, "{\"epoch\":{\"epoch\":%d,\"steps\":%d,\"trainLoss\":%.3f,\"valLoss\":%.3f,"
                + "\"valAccuracy\":%.3f,\"lr\":{\"default\":%.3f},\"seconds\":0.1}}%n", e, 25 * e, 1.0 / e, 1.2 / e,
                0.5 + 0.04 * e, 0.1 / e);
    }

    /** A sweep folder whose plan names {@code trials} trials, none started. */
    static Path sweep(Path dir, int trials) throws IOException {
        Files.createDirectories(dir.resolve("trials"));
        StringBuilder plan = new StringBuilder("{\"format\":\"anneal-sweep\",\"halving\":\"eta=3,min-epochs=2\",\"trials\":[");
        for (int t = 1; t <= trials; t++) {
            plan.append(t > 1 ? "," : "").append(String.format(Locale.ROOT, "{\"name\":\"trial-%03d\",\"configuration\":"
                    + "{\"schedule\":\"warmup(%d) then cosine()\",\"lr\":0.1,\"optimizer\":\"sgd\",\"seed\":1,"
                    + "\"batchSize\":32,\"epochs\":10}}", t, t));
        }
        Files.writeString(dir.resolve("plan.json"), plan.append("]}"));
        return dir;
    }
}
