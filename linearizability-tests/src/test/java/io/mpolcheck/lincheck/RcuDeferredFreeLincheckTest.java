package io.mpolcheck.lincheck;

/** {@code rcu-deferred-free} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class RcuDeferredFreeLincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "rcu-deferred-free";
    }
}
