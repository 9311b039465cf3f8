package io.mpolcheck.kernel;

/** {@link VmaLock}: a writer holding both write sides excludes faults on the per-VMA path and on the fallback. */
public final class VmaLockLincheckTest extends AbstractVmaLockLincheckTest {
    public VmaLockLincheckTest() {
        super(true, null);
    }
}
