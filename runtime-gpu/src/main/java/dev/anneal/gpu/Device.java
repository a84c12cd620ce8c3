package dev.anneal.gpu;

import java.util.Locale;

/**
 * Where training runs, as one setting: {@code cpu}, {@code cuda} (the first GPU), {@code cuda:N},
 * or {@code auto} (the first GPU when one is usable, else the CPU).
 *
 * <pre>{@code
 * Device device = Device.parse("auto");
 * DeviceSelection selection = device.select();
 * System.out.println(selection.reason());   // e.g. "auto: using the CPU; no usable GPU: ..."
 * }</pre>
 *
 * @param kind  cpu, cuda or auto
 * @param index the GPU's number for {@code cuda}; 0 otherwise
 */
public record Device(Kind kind, int index) {

    /** The three kinds of setting. */
    public enum Kind { CPU, CUDA, AUTO }

    private static final String EXPECTED = "expected cpu, cuda, cuda:N (N = 0, 1, ...) or auto";

    public Device {
        if (kind == null) {
            throw new IllegalArgumentException("device kind must not be null; " + EXPECTED);
        }
        if (index < 0 || (kind != Kind.CUDA && index != 0)) {
            throw new IllegalArgumentException("device " + kind.name().toLowerCase(Locale.ROOT) + ": index must be "
                    + (kind == Kind.CUDA ? ">= 0" : "0") + ", got " + index);
        }
    }

    public static Device cpu() {
        return new Device(Kind.CPU, 0);
    }

    public static Device auto() {
        return new Device(Kind.AUTO, 0);
    }

    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /**
     * Reads {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto} (case and surrounding spaces ignored).
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static Device parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("device is missing; " + EXPECTED);
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "cpu":
                return cpu();
            case "auto":
                return auto();
            case "cuda":
                return cuda(0);
            default:
                break;
        }
        if (s.startsWith("cuda:")) {
            String number = s.substring("cuda:".length());
            if (!number.isEmpty() && number.length() <= 6 && number.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return cuda(Integer.parseInt(number));
            }
            throw new IllegalArgumentException("device \"" + text + "\": expected a GPU number after \"cuda:\" (cuda:0, cuda:1, ...), got \""
                    + text.strip().substring("cuda:".length()) + "\"");
        }
        throw new IllegalArgumentException("device \"" + text + "\": " + EXPECTED);
    }

    /**
     * Chooses the device now: {@code cpu} always succeeds; {@code cuda} opens and tests the GPU or
     * throws; {@code auto} falls back to the CPU and says why in {@link DeviceSelection#reason()}.
     *
     * @throws CudaException for {@code cuda}/{@code cuda:N} when that GPU is not usable, saying what is missing
     */
    public DeviceSelection select() {
        return DeviceSelection.select(this, CudaEnvironment.current());
    }

    /** The text form: {@code cpu}, {@code auto} or {@code cuda:N}. */
    @Override
    public String toString() {
        return switch (kind) {
            case CPU -> "cpu";
            case AUTO -> "auto";
            case CUDA -> "cuda:" + index;
        };
    }
}
