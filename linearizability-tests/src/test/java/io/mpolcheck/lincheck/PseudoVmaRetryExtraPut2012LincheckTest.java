package io.mpolcheck.lincheck;

/** {@code pseudo-vma-retry-extra-put-2012} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class PseudoVmaRetryExtraPut2012LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "pseudo-vma-retry-extra-put-2012";
    }
}
