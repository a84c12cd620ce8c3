package dev.anneal.samples.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a scenario prints names the folder its files end up in, not the hidden one they are written in. */
class ShownPathsTest {
    @Test
    void linesNameTheFinalFolder() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream target = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream out = ShownPaths.of(target, Path.of("/r/runs/scenarios/.resume.partial"), Path.of("/r/runs/scenarios/resume"));

        out.println("   | wrote /r/runs/scenarios/.resume.partial/first-5: history.csv");
        out.print("no newline yet ");
        out.println("3. here again: resume from first-5/final.ckpt");
        out.flush();

        assertEquals("   | wrote /r/runs/scenarios/resume/first-5: history.csv\n"
                + "no newline yet 3. here again: resume from first-5/final.ckpt\n", bytes.toString(StandardCharsets.UTF_8));
    }
}
