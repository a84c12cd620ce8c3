package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceTest {

    @ParameterizedTest
    @CsvSource({"cpu, cpu", "auto, auto", "cuda, cuda:0", "cuda:0, cuda:0", "cuda:3, cuda:3", "' CUDA:12 ', cuda:12", "Auto, auto"})
    void parsesEachFormToItsCanonicalText(String text, String canonical) {
        Device device = Device.parse(text);

        assertEquals(canonical, device.toString());
        assertEquals(device, Device.parse(device.toString()));
    }

    @Test
    void parsedValuesCarryKindAndIndex() {
        assertEquals(new Device(Device.Kind.CUDA, 2), Device.parse("cuda:2"));
        assertEquals(new Device(Device.Kind.CPU, 0), Device.parse("cpu"));
        assertEquals(new Device(Device.Kind.AUTO, 0), Device.parse("auto"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gpu|device \"gpu\": expected cpu, cuda, cuda:N (N = 0, 1, ...) or auto",
            "''|device \"\": expected cpu, cuda, cuda:N (N = 0, 1, ...) or auto",
            "cuda0|device \"cuda0\": expected cpu, cuda, cuda:N (N = 0, 1, ...) or auto",
            "cuda:x|device \"cuda:x\": expected a GPU number after \"cuda:\" (cuda:0, cuda:1, ...), got \"x\"",
            "cuda:|device \"cuda:\": expected a GPU number after \"cuda:\" (cuda:0, cuda:1, ...), got \"\"",
            "cuda:-1|device \"cuda:-1\": expected a GPU number after \"cuda:\" (cuda:0, cuda:1, ...), got \"-1\"",
            "cuda:99999999999|device \"cuda:99999999999\": expected a GPU number after \"cuda:\" (cuda:0, cuda:1, ...), got \"99999999999\""})
    void badTextIsRejectedNamingItAndTheExpectedForms(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse(text));

        assertEquals(message, e.getMessage());
    }

    @Test
    void nullTextIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse(null));

        assertEquals("device is missing; expected cpu, cuda, cuda:N (N = 0, 1, ...) or auto", e.getMessage());
    }

    @Test
    void indexOnlyForCuda() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Device(Device.Kind.CPU, 1));

        assertEquals("device cpu: index must be 0, got 1", e.getMessage());
        assertEquals("device cuda: index must be >= 0, got -2",
                assertThrows(IllegalArgumentException.class, () -> Device.cuda(-2)).getMessage());
    }
}
