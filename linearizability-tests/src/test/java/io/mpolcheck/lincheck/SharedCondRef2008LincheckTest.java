package io.mpolcheck.lincheck;

/** {@code shared-cond-ref-2008} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class SharedCondRef2008LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "shared-cond-ref-2008";
    }
}
