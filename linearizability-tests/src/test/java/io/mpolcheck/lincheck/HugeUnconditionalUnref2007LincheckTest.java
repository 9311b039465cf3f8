package io.mpolcheck.lincheck;

/** {@code huge-unconditional-unref-2007} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class HugeUnconditionalUnref2007LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "huge-unconditional-unref-2007";
    }
}
