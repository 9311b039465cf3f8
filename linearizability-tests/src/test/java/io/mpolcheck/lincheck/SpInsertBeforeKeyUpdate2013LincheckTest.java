package io.mpolcheck.lincheck;

/** {@code sp-insert-before-key-update-2013} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class SpInsertBeforeKeyUpdate2013LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "sp-insert-before-key-update-2013";
    }
}
