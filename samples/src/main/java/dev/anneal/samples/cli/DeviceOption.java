package dev.anneal.samples.cli;

import dev.anneal.samples.train.Devices;
import picocli.CommandLine.Option;

/**
 * The device option of {@code anneal train} and {@code anneal lr-find} ({@code --device}), declared once
 * and mixed in with {@code @Mixin}: where the network trains.
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

    /** The device {@code --device} names; an unknown or unusable one is an {@link IllegalArgumentException}. */
    Devices.Choice select() {
        return Devices.select(device);
    }
}
