package io.mpolcheck.kernel;

import io.mpolcheck.kernel.fast.RwSemaphoreFast;

/** {@link RwSemaphoreFast}, the benchmarks' {@code mmap_lock}: the exclusion {@link MmapLock} passes. */
public final class RwSemaphoreFastLincheckTest extends AbstractExclusionLincheckTest {
    public RwSemaphoreFastLincheckTest() {
        super(rwsem(new RwSemaphoreFast()), null);
    }
}
