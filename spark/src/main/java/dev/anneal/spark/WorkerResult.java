package dev.anneal.spark;

import dev.anneal.runtime.StepRunner;
import java.io.Serializable;

/** What one worker sends back after a round: its steps' result and how long they took. */
record WorkerResult(int worker, StepRunner.Result result, long nanos) implements Serializable {
}
