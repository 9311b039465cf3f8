package io.mpolcheck.lincheck;

/** {@code vma-policy-replace-vs-per-vma-lock-2023} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class VmaPolicyReplaceVsPerVmaLock2023LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "vma-policy-replace-vs-per-vma-lock-2023";
    }
}
