package io.mpolcheck.lincheck;

/** {@code vma-holds-shared-refs-2007} through the Lincheck checker; the verdict it must reach is the one it declares. */
final class VmaHoldsSharedRefs2007LincheckTest extends AbstractSchemeLincheckTest {
    @Override
    String schemeId() {
        return "vma-holds-shared-refs-2007";
    }
}
