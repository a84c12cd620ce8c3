package dev.anneal.samples.plot;

import java.io.BufferedReader;
import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Facts about the terminal the tool prints to. */
public final class Terminal {
    static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    /**
     * The terminal's width in columns: {@code $COLUMNS} or {@code stty size} when input and output are a
     * terminal, {@value #DEFAULT_COLUMNS} otherwise (output to a pipe or a file, or no answer).
     */
    public static int columns() {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            return DEFAULT_COLUMNS;
        }
        Integer fromEnvironment = positive(System.getenv("COLUMNS"));
        return fromEnvironment != null ? fromEnvironment : askStty();
    }

    private static int askStty() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty")).start();
            String answer;
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(stty.getInputStream(), StandardCharsets.UTF_8))) {
                answer = reader.readLine();
            }
            if (!stty.waitFor(1, TimeUnit.SECONDS) || answer == null) {
                stty.destroy();
                return DEFAULT_COLUMNS;
            }
            String[] rowsColumns = answer.trim().split("\\s+");
            Integer columns = rowsColumns.length == 2 ? positive(rowsColumns[1]) : null;
            return columns != null ? columns : DEFAULT_COLUMNS;
        } catch (IOException e) {
            return DEFAULT_COLUMNS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_COLUMNS;
        }
    }

    private static Integer positive(String text) {
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(text.trim());
            return value > 0 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
