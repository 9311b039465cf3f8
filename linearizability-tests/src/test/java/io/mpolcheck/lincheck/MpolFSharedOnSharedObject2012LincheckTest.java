package io.mpolcheck.lincheck;

/** {@code mpol-f-shared-on-shared-object-2012} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class MpolFSharedOnSharedObject2012LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "mpol-f-shared-on-shared-object-2012";
    }
}
