package io.mpolcheck.property;

import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.model.WorldView;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Property (b): an operation that returns {@code -1 ERRNO} leaves the world exactly as it was —
 * tasks, VMAs, {@code il_prev}, and the ghost state (no object allocated, freed or moved).
 *
 * <p>The kernel mostly validates before it changes anything, and where it does not (an
 * {@code mbind} or {@code munmap} that fails at a hugetlb split after changing earlier VMAs, which
 * Linux does not roll back) the model deliberately checks every split point first; this property
 * holds the model to that all-or-nothing promise. Compared with {@link WorldView#equals}.
 */
public final class FailedCallsChangeNothing {

    private FailedCallsChangeNothing() {
    }

    /** The first failed call that changed the world, with a line diff of the views, or empty. */
    public static Optional<String> check(ModelUnderTest.Factory factory, WorldConfig world, List<Op> ops) {
        ModelUnderTest m = factory.create(world);
        for (int i = 0; i < ops.size(); i++) {
            WorldView before = m.view();
            Result r = m.apply(ops.get(i));
            if (r instanceof Result.Error) {
                WorldView after = m.view();
                if (!before.equals(after)) {
                    return Optional.of(Counterexample.step(i, ops.get(i), r) + ": the failed call changed the world\n"
                            + diff(before, after));
                }
            }
        }
        return Optional.empty();
    }

    /** Lines only in {@code before} ({@code -}) and only in {@code after} ({@code +}). */
    static String diff(WorldView before, WorldView after) {
        List<String> a = List.of(before.toString().split("\n"));
        List<String> b = List.of(after.toString().split("\n"));
        List<String> out = new ArrayList<>();
        a.stream().filter(l -> !b.contains(l)).forEach(l -> out.add("  - " + l));
        b.stream().filter(l -> !a.contains(l)).forEach(l -> out.add("  + " + l));
        return out.isEmpty() ? "  (the views print alike but are not equal)" : String.join("\n", out);
    }
}
