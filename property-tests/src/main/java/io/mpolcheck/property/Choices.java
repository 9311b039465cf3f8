package io.mpolcheck.property;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;

/**
 * Where {@link OpGenerator} takes its decisions from: Jazzer's {@link FuzzedDataProvider} when
 * fuzzing or replaying a corpus file, or a plain byte array in ordinary JUnit tests (a seeded
 * {@code Random} fills it). Both are pure functions of their bytes, so the same bytes always give
 * the same operations; once the bytes run out every answer is the lowest one and {@link #more()}
 * is false.
 */
public interface Choices {

    /** A number in {@code [lo, hi]}. */
    int intIn(int lo, int hi);

    /** Any 64-bit value. */
    long anyLong();

    /** Whether another operation may follow (false once the input is used up). */
    boolean more();

    /** Up to {@code maxLength} characters of text. */
    String text(int maxLength);

    /** True with probability about {@code p} percent. */
    default boolean percent(int p) {
        return intIn(0, 99) < p;
    }

    /** One of {@code options}. */
    default <T> T pick(List<T> options) {
        return options.get(intIn(0, options.size() - 1));
    }

    /** One of {@code options}. */
    default long pickLong(long... options) {
        return options[intIn(0, options.length - 1)];
    }

    /** Decisions read from Jazzer's data provider. */
    static Choices of(FuzzedDataProvider data) {
        return new Choices() {
            @Override
            public int intIn(int lo, int hi) {
                return data.consumeInt(lo, hi);
            }

            @Override
            public long anyLong() {
                return data.consumeLong();
            }

            @Override
            public boolean more() {
                return data.remainingBytes() > 0;
            }

            @Override
            public String text(int maxLength) {
                return data.consumeString(maxLength);
            }
        };
    }

    /** Decisions read from {@code bytes}, front to back, for tests that run without Jazzer. */
    static Choices of(byte[] bytes) {
        return new ByteChoices(bytes.clone());
    }

    /** The byte-array decoder behind {@link #of(byte[])}. */
    final class ByteChoices implements Choices {
        private static final String ALPHABET = "t0123456789abcdefx(){}[],|&=- _MPOL_FBINDEFAULTNULmasknodexit\n\t#\u00e9";
        private final byte[] bytes;
        private int at;

        private ByteChoices(byte[] bytes) {
            this.bytes = bytes;
        }

        private long next(int count) {
            long v = 0;
            for (int i = 0; i < count; i++) {
                v = (v << 8) | (at < bytes.length ? bytes[at++] & 0xff : 0);
            }
            return v;
        }

        @Override
        public int intIn(int lo, int hi) {
            long range = (long) hi - lo + 1;
            int need = range <= 0x100 ? 1 : range <= 0x10000 ? 2 : range <= 0x1000000 ? 3 : 4;
            return (int) (lo + Long.remainderUnsigned(next(need), range));
        }

        @Override
        public long anyLong() {
            return next(8);
        }

        @Override
        public boolean more() {
            return at < bytes.length;
        }

        @Override
        public String text(int maxLength) {
            int n = intIn(0, maxLength);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(ALPHABET.charAt(intIn(0, ALPHABET.length() - 1)));
            }
            return sb.toString();
        }
    }
}
