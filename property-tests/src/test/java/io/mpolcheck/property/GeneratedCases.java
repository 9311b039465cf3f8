package io.mpolcheck.property;

import java.util.Random;

/** Generated cases for plain JUnit tests: seeded random bytes through {@link OpGenerator}, no Jazzer. */
final class GeneratedCases {

    private GeneratedCases() {
    }

    /** The random bytes of {@code seed}: 50–650 of them, about 3–40 operations. */
    static byte[] bytes(long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[50 + r.nextInt(600)];
        r.nextBytes(b);
        return b;
    }

    /** The world and operations of {@code seed}. */
    static OpGenerator.Case of(long seed) {
        return OpGenerator.fuzzCase(Choices.of(bytes(seed)));
    }
}
