package dev.anneal.samples.cli;

import dev.anneal.samples.scenarios.CosineTrace;
import dev.anneal.samples.scenarios.PlateauRun;
import dev.anneal.samples.scenarios.ResumeRun;
import dev.anneal.samples.scenarios.Scenarios;
import dev.anneal.samples.scenarios.StepDecay;
import dev.anneal.samples.scenarios.WarmRestarts;
import dev.anneal.samples.scenarios.WarmupCosine;
import dev.anneal.samples.scenarios.kotlin.CosineTraceKt;
import dev.anneal.samples.scenarios.kotlin.PlateauKt;
import dev.anneal.samples.scenarios.kotlin.ResumeKt;
import dev.anneal.samples.scenarios.kotlin.StepDecayKt;
import dev.anneal.samples.scenarios.kotlin.WarmRestartsKt;
import dev.anneal.samples.scenarios.kotlin.WarmupCosineKt;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code anneal scenario NAME}: runs one of the sample scenarios (a Java script, or its Kotlin twin
 * with {@code --kotlin}), which prints its table and writes its plots into
 * {@code runs/scenarios/NAME} (replaced on each run).
 * <pre>{@code
 * anneal scenario cosine-trace
 * anneal scenario plateau --kotlin
 * }</pre>
 */
@Command(name = "scenario",
        mixinStandardHelpOptions = true,
        description = "Runs a sample scenario: prints its table and writes its plots into runs/scenarios/NAME "
                + "(NAME-kotlin with --kotlin), replacing an earlier run's.",
        footer = {
            "%nScenarios:",
            "  cosine-trace   CosineAnnealingLR(T_max=10), 20 epochs: 0 at 10, 0.1 at 20",
            "  step-decay     StepLR(step_size=5, gamma=0.5), 10 epochs, network 10-10-2",
            "  warmup-cosine  warmup then cosine: DSL, SequentialLR and LambdaLR agree",
            "  warm-restarts  CosineAnnealingWarmRestarts(T_0=50, T_mult=2), 350 epochs",
            "  plateau        warmup(3.epochs) then plateau(patience=2, factor=0.5)",
            "  resume         10 epochs = 5 (another process) + 5 resumed from a checkpoint"
        })
final class ScenarioCommand implements Callable<Integer> {

    /** The scenarios, each with its Java script and its Kotlin twin. */
    enum Name {
        COSINE_TRACE(CosineTrace::run, CosineTraceKt::cosineTrace),
        STEP_DECAY(StepDecay::run, StepDecayKt::stepDecay),
        WARMUP_COSINE(WarmupCosine::run, WarmupCosineKt::warmupCosine),
        WARM_RESTARTS(WarmRestarts::run, WarmRestartsKt::warmRestarts),
        PLATEAU(PlateauRun::run, PlateauKt::plateauRun),
        RESUME(ResumeRun::run, ResumeKt::resume);

        final Scenarios.Body javaScript;
        final Scenarios.Body kotlinScript;

        Name(Scenarios.Body javaScript, Scenarios.Body kotlinScript) {
            this.javaScript = javaScript;
            this.kotlinScript = kotlinScript;
        }

        /** The name on the command line: {@code cosine-trace}. */
        String text() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    @Parameters(paramLabel = "NAME", converter = NameConverter.class,
            description = "cosine-trace, step-decay, warmup-cosine, warm-restarts, plateau or resume.")
    Name name;

    @Option(names = "--kotlin", description = "Run the Kotlin script instead of the Java one.")
    boolean kotlin;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: runs/scenarios/NAME, or NAME-kotlin).")
    Path out;

    @Override
    public Integer call() throws Exception {
        String folder = name.text() + (kotlin ? "-kotlin" : "");
        Scenarios.main(kotlin ? name.kotlinScript : name.javaScript, out != null ? out : Path.of("runs", "scenarios", folder));
        return 0;
    }

    /** Reads {@code cosine-trace} as {@link Name#COSINE_TRACE}. */
    static final class NameConverter implements picocli.CommandLine.ITypeConverter<Name> {
        @Override
        public Name convert(String text) {
            for (Name n : Name.values()) {
                if (n.text().equals(text)) {
                    return n;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("unknown scenario '" + text
                    + "', expected one of cosine-trace, step-decay, warmup-cosine, warm-restarts, plateau, resume");
        }
    }
}
