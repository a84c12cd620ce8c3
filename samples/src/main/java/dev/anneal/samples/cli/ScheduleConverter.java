package dev.anneal.samples.cli;

import dev.anneal.Schedule;
import dev.anneal.ScheduleException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@code --schedule} option with {@link Schedule#parse(String)}, so that a malformed
 * schedule is a usage error that shows the parser's message (line, column, found, expected).
 * <pre>{@code
 * @Option(names = "--schedule", converter = ScheduleConverter.class) Schedule schedule;
 * }</pre>
 */
final class ScheduleConverter implements ITypeConverter<Schedule> {

    @Override
    public Schedule convert(String text) {
        try {
            return Schedule.parse(text);
        } catch (ScheduleException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
