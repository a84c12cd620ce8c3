package dev.anneal.graph;

import dev.anneal.Plateau;

/**
 * A plateau node of a compiled graph and the global steps {@code [fromStep, toStep)} where it is
 * active. Public only for {@code dev.anneal}'s graph and run state (internal: no compatibility
 * promise); {@link Frame#register} makes them:
 * <pre>{@code
 * int slot = frame.register(plateau);   // in Plateau.curve(frame)
 * }</pre>
 */
public record PlateauSlot(Plateau plateau, long fromStep, long toStep) {
    boolean activeAt(long step) {
        return step >= fromStep && step < toStep;
    }
}
