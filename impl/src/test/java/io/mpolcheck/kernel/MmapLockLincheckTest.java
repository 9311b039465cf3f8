package io.mpolcheck.kernel;

/** {@link MmapLock}: writers exclude writers and readers. */
public final class MmapLockLincheckTest extends AbstractExclusionLincheckTest {
    public MmapLockLincheckTest() {
        super(rwsem(new MmapLock()), null);
    }
}
