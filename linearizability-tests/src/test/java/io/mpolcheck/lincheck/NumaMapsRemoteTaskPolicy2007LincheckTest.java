package io.mpolcheck.lincheck;

/** {@code numa-maps-remote-task-policy-2007} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class NumaMapsRemoteTaskPolicy2007LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "numa-maps-remote-task-policy-2007";
    }
}
