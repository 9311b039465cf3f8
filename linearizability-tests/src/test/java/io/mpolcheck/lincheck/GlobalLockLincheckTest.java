package io.mpolcheck.lincheck;

/** {@code global-lock} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class GlobalLockLincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "global-lock";
    }
}
