package example;

import static dev.anneal.Schedule.cosine;
import static dev.anneal.Schedule.warmup;

import dev.anneal.runtime.Activation;
import dev.anneal.runtime.Dataset;
import dev.anneal.runtime.History;
import dev.anneal.runtime.Mlp;
import dev.anneal.runtime.Optimizer;
import dev.anneal.runtime.ParamGroup;
import dev.anneal.runtime.Split;
import dev.anneal.runtime.Trainer;
import dev.anneal.runtime.TrainingListener;
import java.nio.file.Path;

/** The README's Java training script in a project of its own: {@code java example.Train synth-1000x20.csv}. */
public class Train {
    public static void main(String[] args) {
        Path csv = Path.of(args.length > 0 ? args[0] : "synth-1000x20.csv");
        Split data = Dataset.csv(csv).label("label").read().split(800);
        Trainer trainer = Trainer.builder(Mlp.input(20).dense(64, Activation.RELU).dense(2))
                .optimizer(Optimizer.sgd(0.1).momentum(0.9).weightDecay(5e-4)
                        .group(ParamGroup.biases().weightDecay(0.0)))
                .schedule(warmup(50).startFactor(0.1).then(cosine(450)))
                .batchSize(32).epochs(20).seed(1).checkpoint(Path.of("target", "run.ckpt"))
                .listener(TrainingListener.progress(System.out))
                .build();
        History history = trainer.fit(data);
        System.out.println("validation accuracy " + history.last().valAccuracy());
    }
}
