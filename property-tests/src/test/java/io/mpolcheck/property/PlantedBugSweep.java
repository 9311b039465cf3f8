package io.mpolcheck.property;

import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import java.util.List;
import java.util.Optional;

/**
 * Runs one model property over seeded generated cases against the reference model and a broken
 * variant: the reference must pass every case, and the result says how many cases caught the
 * broken one and what the first (shrunk) report looked like.
 */
final class PlantedBugSweep {

    /** A property of a model: one of the checkers' {@code check(factory, world, ops)} methods. */
    @FunctionalInterface
    interface ModelProperty {
        Optional<String> check(ModelUnderTest.Factory factory, WorldConfig world, List<Op> ops);
    }

    /** How a sweep went. */
    record Outcome(int cases, int caught, String firstReport) {
    }

    private PlantedBugSweep() {
    }

    static Outcome run(String name, ModelProperty property, ModelUnderTest.Factory broken, int seeds) {
        ModelUnderTest.Factory reference = ModelUnderTest::reference;
        int caught = 0;
        String first = null;
        for (long seed = 0; seed < seeds; seed++) {
            OpGenerator.Case c = GeneratedCases.of(seed);
            Counterexample.assertHolds(name, c.world(), c.ops(), ops -> property.check(reference, c.world(), ops), reference);
            if (Counterexample.failureOf(ops -> property.check(broken, c.world(), ops), c.ops()).isPresent()) {
                caught++;
                if (first == null) {
                    first = report(name, property, broken, c);
                }
            }
        }
        return new Outcome(seeds, caught, first);
    }

    private static String report(String name, ModelProperty property, ModelUnderTest.Factory broken, OpGenerator.Case c) {
        try {
            Counterexample.assertHolds(name, c.world(), c.ops(), ops -> property.check(broken, c.world(), ops), broken);
        } catch (AssertionError e) {
            return e.getMessage();
        }
        throw new IllegalStateException("the failure did not reproduce");
    }
}
