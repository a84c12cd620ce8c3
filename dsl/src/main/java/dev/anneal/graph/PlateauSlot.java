package dev.anneal.graph;

import dev.anneal.Plateau;

/** A plateau node of a compiled graph and the global steps {@code [fromStep, toStep)} where it is active. */
public record PlateauSlot(Plateau plateau, long fromStep, long toStep) {
    boolean activeAt(long step) {
        return step >= fromStep && step < toStep;
    }
}
