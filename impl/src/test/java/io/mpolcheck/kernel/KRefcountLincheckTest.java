package io.mpolcheck.kernel;

/** {@link KRefcount}: each operation is one atomic step with {@code lib/refcount.c}'s checks. */
public final class KRefcountLincheckTest extends AbstractRefcountLincheckTest {
    public KRefcountLincheckTest() {
        super(of(new KRefcount(INITIAL, MAX)), null);
    }
}
