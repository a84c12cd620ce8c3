package dev.anneal.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kernel source compiles with nvcc (when it is on the PATH) and defines exactly the entries Java launches. */
class KernelSourcesCompileTest {
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(");

    @TempDir
    Path tmp;

    static Stream<Arguments> sourcesAndArchitectures() {
        List<Arguments> cases = new ArrayList<>();
        for (KernelSource source : KernelSource.values()) {
            for (String arch : List.of("sm_90", "sm_80")) {
                cases.add(Arguments.of(source, arch));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("sourcesAndArchitectures")
    void nvccCompilesSourceToPtxWithExactlyTheExpectedEntries(KernelSource source, String arch) throws Exception {
        Path nvcc = onPath("nvcc");
        Skips.unless(nvcc != null, "KernelSourcesCompileTest", "nvcc (the CUDA toolkit) is not on the PATH");
        for (Map.Entry<String, String> header : KernelSource.headers().entrySet()) {
            Files.writeString(tmp.resolve(header.getKey()), header.getValue());
        }
        Path cu = Files.writeString(tmp.resolve(source.fileName), source.text());
        Path ptx = tmp.resolve(source.fileName + ".ptx");

        Process process = new ProcessBuilder(nvcc.toString(), "--ptx", "-arch=" + arch, "-I", tmp.toString(),
                cu.toString(), "-o", ptx.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "nvcc failed on " + source.fileName + ":\n" + output);

        TreeSet<String> entries = new TreeSet<>();
        Matcher matcher = ENTRY.matcher(Files.readString(ptx));
        while (matcher.find()) {
            entries.add(matcher.group(1));
        }
        assertEquals(new TreeSet<>(source.entries), entries);
    }

    static Path onPath(String program) throws IOException {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
