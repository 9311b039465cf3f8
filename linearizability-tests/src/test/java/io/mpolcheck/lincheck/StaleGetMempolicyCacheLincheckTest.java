package io.mpolcheck.lincheck;

/** {@code stale-get-mempolicy-cache} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class StaleGetMempolicyCacheLincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "stale-get-mempolicy-cache";
    }
}
