package dev.anneal.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * Thrown by {@link Trainer#fit} when its {@link RunFolder} holds something it must not continue or
 * overwrite: a finished or diverged run, a run of another configuration (each difference named), or
 * a run when a checkpoint to resume from was given too. Nothing in the folder was changed.
 *
 * <pre>{@code
 * try { trainer.fit(split); }
 * catch (RunFolderConflictException e) { System.err.println(e.getMessage()); }   // or RunFolder.restart(true)
 * }</pre>
 */
public final class RunFolderConflictException extends IllegalArgumentException {
    private final transient Path folder;
    private final List<String> reasons;

    /** A conflict in {@code folder}: it holds {@code what}, for {@code reasons} (one line each). */
    public RunFolderConflictException(Path folder, String what, List<String> reasons) {
        super(folder + " holds " + what + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons))
                + "; nothing in it was changed");
        this.folder = folder;
        this.reasons = List.copyOf(reasons);
    }

    /** The folder. */
    public Path folder() {
        return folder;
    }

    /** What differs or is in the way, one line each. */
    public List<String> reasons() {
        return reasons;
    }
}
