package dev.anneal.samples.parity;

/**
 * The outcome of one parity case.
 * <pre>{@code
 * for (CaseResult r : ParityRunner.run(file)) {
 *     if (!r.passed()) System.out.println(r.id() + ": " + r.failure());
 * }
 * }</pre>
 *
 * @param id      the case's id (or {@code line N} when the line could not be read)
 * @param passed  whether every value and the error matched
 * @param failure null when passed; otherwise the group and first differing step with the expected and
 *                actual values, or how the errors differ
 */
public record CaseResult(String id, boolean passed, String failure) {

    static CaseResult pass(String id) {
        return new CaseResult(id, true, null);
    }

    static CaseResult fail(String id, String failure) {
        return new CaseResult(id, false, failure);
    }
}
