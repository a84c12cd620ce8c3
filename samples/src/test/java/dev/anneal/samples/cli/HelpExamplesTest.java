package dev.anneal.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help shows its examples whole: no line of them wrapped in the middle of a token. */
class HelpExamplesTest {

    @Test
    void everyExampleLineOfEveryCommandIsPrintedWhole() {
        CommandLine anneal = Anneal.commandLine();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, CommandLine> command : anneal.getSubcommands().entrySet()) {
            List<String> help = Arrays.asList(command.getValue().getUsageMessage().split("\\R"));
            for (String footer : command.getValue().getCommandSpec().usageMessage().footer()) {
                for (String line : String.format(footer).split("\\R")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    checked++;
                    if (!help.contains(line)) {
                        broken.add(command.getKey() + ": " + line);
                    }
                }
            }
        }
        assertTrue(checked > 20, "examples checked: " + checked);
        assertEquals(List.of(), broken, "wrapped in --help");
    }
}
