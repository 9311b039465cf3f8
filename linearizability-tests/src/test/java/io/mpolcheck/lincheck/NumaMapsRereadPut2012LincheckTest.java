package io.mpolcheck.lincheck;

/** {@code numa-maps-reread-put-2012} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class NumaMapsRereadPut2012LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "numa-maps-reread-put-2012";
    }
}
