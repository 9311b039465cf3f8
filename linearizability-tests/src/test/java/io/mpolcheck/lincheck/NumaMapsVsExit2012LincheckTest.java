package io.mpolcheck.lincheck;

/** {@code numa-maps-vs-exit-2012} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class NumaMapsVsExit2012LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "numa-maps-vs-exit-2012";
    }
}
