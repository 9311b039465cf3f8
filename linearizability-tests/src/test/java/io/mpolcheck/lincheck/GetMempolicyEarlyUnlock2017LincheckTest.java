package io.mpolcheck.lincheck;

/** {@code get-mempolicy-early-unlock-2017} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class GetMempolicyEarlyUnlock2017LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "get-mempolicy-early-unlock-2017";
    }
}
