package io.mpolcheck.lincheck;

/** {@code interleave-forgot-unref-2007} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class InterleaveForgotUnref2007LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "interleave-forgot-unref-2007";
    }
}
