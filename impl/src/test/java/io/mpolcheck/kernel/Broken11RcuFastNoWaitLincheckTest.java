package io.mpolcheck.kernel;

import io.mpolcheck.kernel.fast.RcuDomainFast;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;

/**
 * Broken on purpose: the fast RCU with a {@code synchronize_rcu()} that does not wait. The
 * updater frees an object a reader loaded inside its section; model checking must report a
 * reader's {@code "UAF"} (the guarantee test is not blind to a missing grace period).
 */
public final class Broken11RcuFastNoWaitLincheckTest extends AbstractRcuGuaranteeLincheckTest {
    public Broken11RcuFastNoWaitLincheckTest() {
        super(noWait(RcuFastGuaranteeLincheckTest.fast(new RcuDomainFast())), IncorrectResultsFailure.class);
    }

    private static Domain noWait(Domain domain) {
        return new Domain() {
            @Override
            public void readLock(int r) {
                domain.readLock(r);
            }

            @Override
            public void readUnlock(int r) {
                domain.readUnlock(r);
            }

            @Override
            public void synchronize() {
                // the mistake: no grace period
            }
        };
    }
}
