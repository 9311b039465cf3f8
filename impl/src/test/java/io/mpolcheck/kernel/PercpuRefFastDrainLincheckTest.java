package io.mpolcheck.kernel;

import io.mpolcheck.kernel.fast.PercpuRefFast;
import io.mpolcheck.kernel.fast.RcuDomainFast;
import io.mpolcheck.kernel.fast.RcuReaderFast;

/** The benchmarks' {@link PercpuRefFast}: the counting and release the tracked {@link PercpuRef} has. */
public final class PercpuRefFastDrainLincheckTest extends AbstractPercpuRefDrainLincheckTest {
    public PercpuRefFastDrainLincheckTest() {
        super(PercpuRefFastDrainLincheckTest::fast, null);
    }

    /** The drain is inside {@link PercpuRefFast#kill}: it waits for the grace period, then switches. */
    static Ref fast(Runnable release) {
        RcuDomainFast domain = new RcuDomainFast();
        RcuReaderFast[] cpus = {domain.newReader(), domain.newReader()};
        PercpuRefFast ref = new PercpuRefFast(2, release);
        return new Ref() {
            @Override
            public boolean tryget(int cpu) {
                return ref.tryget(cpus[cpu], cpu);
            }

            @Override
            public void put(int cpu) {
                ref.put(cpus[cpu], cpu);
            }

            @Override
            public void killAndDrain() {
                ref.kill(domain);
            }
        };
    }
}
