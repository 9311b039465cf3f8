package io.mpolcheck.kernel;

/** The tracked {@link Rcu}: a grace period waits for every section running when it began. */
public final class RcuGuaranteeLincheckTest extends AbstractRcuGuaranteeLincheckTest {
    public RcuGuaranteeLincheckTest() {
        super(tracked(new Rcu(2)), null);
    }
}
