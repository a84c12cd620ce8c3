package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnnealTest {

    @Test
    void helpListsTheSubcommands() {
        AnnealRun run = AnnealRun.of("--help");

        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: anneal [-hV] [COMMAND]"), run.out());
        assertTrue(run.out().contains("  show "), run.out());
        assertTrue(run.out().contains("  parity "), run.out());
    }

    @Test
    void versionNamesTheToolAndTheJava() {
        AnnealRun run = AnnealRun.of("--version");

        assertEquals(0, run.exitCode());
        assertTrue(run.outLines().get(0).startsWith("anneal "), run.out());
        assertEquals("Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
                run.outLines().get(1));
    }

    @Test
    void withoutSubcommandItIsAUsageError() {
        AnnealRun run = AnnealRun.of();

        assertEquals(2, run.exitCode());
        assertTrue(run.errLines().getFirst().startsWith("Missing subcommand"), run.err());
        assertTrue(run.err().contains("Usage: anneal"), run.err());
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        AnnealRun run = AnnealRun.of("shwo");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Unmatched argument at index 0: 'shwo'"), run.err());
        assertTrue(run.err().contains("Did you mean: anneal show?"), run.err());
        assertTrue(run.err().contains("Usage: anneal"), run.err());
    }
}
