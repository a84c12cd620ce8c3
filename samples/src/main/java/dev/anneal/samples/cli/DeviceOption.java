package dev.anneal.samples.cli;

import dev.anneal.samples.train.Devices;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The device options of {@code anneal train} and {@code anneal lr-find} ({@code --device},
 * {@code --cuda-graphs}), declared once and mixed in with {@code @Mixin}: where the network trains.
 * <pre>{@code
 * @Mixin DeviceOption device;
 * Devices.Choice choice = device.select();   // the first usable GPU, else the CPU, with --device auto
 * }</pre>
 */
final class DeviceOption {

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "cpu, cuda, cuda:N or auto (default: ${DEFAULT-VALUE}: the first GPU when one is usable, "
                    + "else the CPU).")
    String device;

    @Option(names = "--cuda-graphs", paramLabel = "on|off", defaultValue = "on", converter = OnOff.class,
            description = "On a GPU, run each training step as one CUDA graph (on, the default) or launch its kernels one "
                    + "by one (off, to compare: the same numbers, to the bit).")
    String cudaGraphs;

    /** Checks {@code on} or {@code off} (case ignored) for {@code --cuda-graphs}: {@code on} or {@code off}. */
    static final class OnOff implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            String value = text.strip().toLowerCase(Locale.ROOT);
            if (!value.equals("on") && !value.equals("off")) {
                throw new TypeConversionException("expected on or off, got '" + text + "'");
            }
            return value;
        }
    }

    /** The device {@code --device} names; an unknown or unusable one is an {@link IllegalArgumentException}. */
    Devices.Choice select() {
        return Devices.select(device, cudaGraphs.equals("on"));
    }
}
