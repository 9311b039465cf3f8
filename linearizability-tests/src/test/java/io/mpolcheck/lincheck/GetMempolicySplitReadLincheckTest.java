package io.mpolcheck.lincheck;

/** {@code get-mempolicy-split-read} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class GetMempolicySplitReadLincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "get-mempolicy-split-read";
    }
}
