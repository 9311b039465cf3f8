package io.mpolcheck.lincheck;

/** {@code shm-get-policy-missing-ref-2007} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class ShmGetPolicyMissingRef2007LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "shm-get-policy-missing-ref-2007";
    }
}
