package io.mpolcheck.lincheck;

/** {@code numa-maps-hold-task-policy-2012} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class NumaMapsHoldTaskPolicy2012LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "numa-maps-hold-task-policy-2012";
    }
}
