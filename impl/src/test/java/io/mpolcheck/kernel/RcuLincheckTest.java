package io.mpolcheck.kernel;

/** {@link Rcu}: readers across operations, retire with {@code call_rcu}, grace periods as steps. */
public final class RcuLincheckTest extends AbstractRcuLincheckTest {
    public RcuLincheckTest() {
        super(new Rcu(READERS), null);
    }
}
