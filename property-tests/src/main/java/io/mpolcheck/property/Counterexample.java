package io.mpolcheck.property;

import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.Result;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs one property over one operation list and, when it fails, shrinks the list with
 * {@link Shrinker} and fails the test with a report a user can replay: the property, the world,
 * the minimal operations in {@link OpFormat} syntax (each followed by the model's {@code = result},
 * which the parser ignores), and what went wrong. Copy the operation lines into a file and run
 * {@code ./mpolcheck replay FILE --world "WORLD"}.
 */
public final class Counterexample {

    private Counterexample() {
    }

    /**
     * Fails with a shrunk report unless {@code property} holds for {@code ops}.
     *
     * @param traceWith the model whose results annotate the printed operations, or null for none
     */
    public static void assertHolds(String property, WorldConfig world, List<Op> ops,
            Function<List<Op>, Optional<String>> check, ModelUnderTest.Factory traceWith) {
        Optional<String> failure = failureOf(check, ops);
        if (failure.isEmpty()) {
            return;
        }
        List<Op> minimal = Shrinker.minimize(ops, l -> failureOf(check, l).isPresent());
        String why = failureOf(check, minimal).orElse(failure.get());
        throw new AssertionError(report(property, world, ops.size(), minimal, why, traceWith));
    }

    /** What {@code check} reports for {@code ops}; an exception counts as a failure too. */
    public static Optional<String> failureOf(Function<List<Op>, Optional<String>> check, List<Op> ops) {
        try {
            return check.apply(ops);
        } catch (RuntimeException e) {
            return Optional.of("threw " + e + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
        }
    }

    /** The replayable report of a failure. */
    public static String report(String property, WorldConfig world, int originalSize, List<Op> minimal, String why,
            ModelUnderTest.Factory traceWith) {
        StringBuilder sb = new StringBuilder();
        sb.append("property ").append(property).append(" failed\n");
        sb.append("world: ").append(world).append('\n');
        sb.append("minimal operations (").append(minimal.size()).append(" of ").append(originalSize)
                .append("; replay: ./mpolcheck replay FILE --world \"").append(world).append("\"):\n");
        sb.append(trace(world, minimal, traceWith));
        sb.append("failure: ").append(why);
        return sb.toString();
    }

    /** The operations, one per line, each with the result {@code traceWith} gives (if any). */
    static String trace(WorldConfig world, List<Op> ops, ModelUnderTest.Factory traceWith) {
        StringBuilder sb = new StringBuilder();
        ModelUnderTest m = null;
        try {
            m = traceWith == null ? null : traceWith.create(world);
        } catch (RuntimeException e) {
            m = null;
        }
        for (Op op : ops) {
            sb.append("  ").append(OpFormat.print(op));
            if (m != null) {
                sb.append(" = ").append(safeApply(m, op));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String safeApply(ModelUnderTest m, Op op) {
        try {
            Result r = m.apply(op);
            return String.valueOf(r);
        } catch (RuntimeException e) {
            return "threw " + e;
        }
    }

    /** {@code step N: OP = RESULT}, the prefix of every per-step failure. */
    public static String step(int index, Op op, Result result) {
        return "step " + (index + 1) + ": " + OpFormat.print(op) + " = " + result;
    }
}
