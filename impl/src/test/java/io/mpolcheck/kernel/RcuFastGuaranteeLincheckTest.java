package io.mpolcheck.kernel;

import io.mpolcheck.kernel.fast.RcuDomainFast;
import io.mpolcheck.kernel.fast.RcuReaderFast;

/** The benchmarks' {@link RcuReaderFast} and {@link RcuDomainFast}: the guarantee the tracked {@link Rcu} gives. */
public final class RcuFastGuaranteeLincheckTest extends AbstractRcuGuaranteeLincheckTest {
    public RcuFastGuaranteeLincheckTest() {
        super(fast(new RcuDomainFast()), null);
    }

    static Domain fast(RcuDomainFast domain) {
        RcuReaderFast[] readers = {domain.newReader(), domain.newReader()};
        return new Domain() {
            @Override
            public void readLock(int r) {
                readers[r].readLock();
            }

            @Override
            public void readUnlock(int r) {
                readers[r].readUnlock();
            }

            @Override
            public void synchronize() {
                domain.synchronizeRcu();
            }
        };
    }
}
