package io.mpolcheck.lincheck;

/** {@code get-mempolicy-pin-2018} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class GetMempolicyPin2018LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "get-mempolicy-pin-2018";
    }
}
