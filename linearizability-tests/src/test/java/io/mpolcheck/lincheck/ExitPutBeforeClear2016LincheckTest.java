package io.mpolcheck.lincheck;

/** {@code exit-put-before-clear-2016} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class ExitPutBeforeClear2016LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "exit-put-before-clear-2016";
    }
}
