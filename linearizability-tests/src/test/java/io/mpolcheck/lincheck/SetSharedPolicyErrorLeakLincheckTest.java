package io.mpolcheck.lincheck;

/** {@code set-shared-policy-error-leak} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class SetSharedPolicyErrorLeakLincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "set-shared-policy-error-leak";
    }
}
