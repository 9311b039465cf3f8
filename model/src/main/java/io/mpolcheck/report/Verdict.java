package io.mpolcheck.report;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking one scheme with one checker: what was expected (empty for a correct
 * scheme), what was found (empty when nothing was), how long it took, the seed that replays it,
 * and, for a finding, the counterexample as the checker printed it.
 *
 * @param scheme the scheme's id
 * @param checker which checker, e.g. {@code lincheck-model-checking}
 * @param expected the violation class the scheme must produce, or empty if it must pass
 * @param actual the violation class found, or empty if the check passed
 * @param seed the seed of the scenario generator
 * @param elapsed wall time until the finding, or of the whole passing run
 * @param counterexample the minimal scenario and interleaving, or empty
 * @param reproducer a one-line command that replays this verdict
 */
public record Verdict(String scheme, String checker, Optional<ViolationClass> expected, Optional<ViolationClass> actual,
        long seed, Duration elapsed, String counterexample, String reproducer) {

    public Verdict {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(checker, "checker");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(counterexample, "counterexample");
        Objects.requireNonNull(reproducer, "reproducer");
    }

    /** True when the finding is exactly what the scheme declared (nothing, for a correct scheme). */
    public boolean asExpected() {
        return expected.equals(actual);
    }

    /** {@code CORRECT} or the class name, for tables. */
    public static String label(Optional<ViolationClass> v) {
        return v.map(Enum::name).orElse("CORRECT");
    }
}
