package io.mpolcheck.kernel;

import io.mpolcheck.kernel.fast.PercpuRefFast;
import io.mpolcheck.kernel.fast.RcuDomainFast;
import io.mpolcheck.kernel.fast.RcuReaderFast;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;

/**
 * Broken on purpose: the fast {@code percpu_ref} used with {@code percpu_ref_get} where a
 * {@code percpu_ref_tryget} was needed (a lookup that cannot tell a released object). After the
 * kill and the last put the "get" still succeeds; model checking must report the result the
 * specification forbids (the drain test is not blind to a reference taken on a released ref).
 */
public final class Broken12PercpuRefFastGetForTrygetLincheckTest extends AbstractPercpuRefDrainLincheckTest {
    public Broken12PercpuRefFastGetForTrygetLincheckTest() {
        super(Broken12PercpuRefFastGetForTrygetLincheckTest::getForTryget, IncorrectResultsFailure.class);
    }

    private static Ref getForTryget(Runnable release) {
        RcuDomainFast domain = new RcuDomainFast();
        RcuReaderFast[] cpus = {domain.newReader(), domain.newReader()};
        PercpuRefFast ref = new PercpuRefFast(2, release);
        return new Ref() {
            @Override
            public boolean tryget(int cpu) {
                ref.get(cpus[cpu], cpu); // the mistake: no test for a released ref
                return true;
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
