package io.mpolcheck.lincheck;

/** {@code exit-clear-then-put-2016} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class ExitClearThenPut2016LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "exit-clear-then-put-2016";
    }
}
