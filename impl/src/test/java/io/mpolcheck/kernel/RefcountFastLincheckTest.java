package io.mpolcheck.kernel;

import io.mpolcheck.kernel.fast.RefcountFast;

/** {@link RefcountFast}, the benchmarks' {@code refcount_t}: the semantics {@link KRefcount} passes. */
public final class RefcountFastLincheckTest extends AbstractRefcountLincheckTest {
    public RefcountFastLincheckTest() {
        super(of(new RefcountFast(INITIAL, MAX)), null);
    }
}
