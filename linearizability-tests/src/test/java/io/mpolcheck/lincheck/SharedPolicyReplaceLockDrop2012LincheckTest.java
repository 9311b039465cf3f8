package io.mpolcheck.lincheck;

/** {@code shared-policy-replace-lock-drop-2012} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class SharedPolicyReplaceLockDrop2012LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "shared-policy-replace-lock-drop-2012";
    }
}
