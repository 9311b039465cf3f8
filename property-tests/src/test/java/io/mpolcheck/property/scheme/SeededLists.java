package io.mpolcheck.property.scheme;

import io.mpolcheck.op.Op;
import io.mpolcheck.property.Choices;
import io.mpolcheck.scheme.SchemeProvider;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Operation lists for plain JUnit runs of the sequential property, without Jazzer: the bytes of a
 * seeded random source (32 to 831 of them, so that short lists occur as well as lists cut at the
 * generator's maximum) decoded by {@link SequentialSchemeProperty#generate} for the scheme's
 * scope, minus the operations of {@link KnownFindings} that the scheme is known to fail on.
 */
final class SeededLists {

    private SeededLists() {
    }

    /** The list of {@code seed} for {@code scheme}. */
    static List<Op> of(SchemeProvider scheme, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[32 + random.nextInt(800)];
        random.nextBytes(bytes);
        List<Op> ops = SequentialSchemeProperty.generate(Choices.of(bytes), scheme.info());
        return KnownFindings.withoutTriggers(scheme, ops);
    }
}
