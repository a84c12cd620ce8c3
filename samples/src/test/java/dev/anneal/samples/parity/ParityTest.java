package dev.anneal.samples.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ParityTest {

    /** The repository root: the folder holding build.sh, found from the working directory up. */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("build.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("no build.sh above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyPublicPyTorchCaseMatches() throws IOException {
        Path file = root().resolve("../shared/parity/torch-lr-public.jsonl").normalize();
        List<CaseResult> results = ParityRunner.run(file);
        List<CaseResult> failed = results.stream().filter(r -> !r.passed()).toList();
        String report = failed.stream().map(r -> r.id() + ": " + r.failure()).collect(Collectors.joining("\n"));
        assertEquals(0, failed.size(), failed.size() + " failed:\n" + report);
        assertEquals(87, results.size() - failed.size(), "passed");
    }
}
