package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code percpu-ref-no-kill-2022} (catalogue entry 18, bug 3, "Ditto no mpol_kill calls"): the
 * series replaced {@code atomic_t} with {@code percpu_ref} but the old policy's holder reference is
 * dropped with a plain {@code percpu_ref_put}, never {@code percpu_ref_kill}. The ref never leaves
 * percpu mode, where a put detects no zero, so {@code release} never runs: every replaced policy
 * leaks (the consequence is inferred [I] from {@code percpu_ref}'s semantics, catalogue A2).
 *
 * <p>The one mistake: {@link #release} puts instead of killing.
 */
public final class PercpuRefNoKill2022Scheme extends PercpuRefKillDrainScheme {

    /** Registers {@code percpu-ref-no-kill-2022}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("percpu-ref-no-kill-2022",
                    "As percpu-ref-kill-drain, but an old policy's holder reference is dropped with percpu_ref_put "
                            + "and the ref is never killed: it stays in percpu mode, no put sees zero, and release "
                            + "never runs (the leak is inferred [I] from percpu_ref's semantics; the missing kill is "
                            + "the review's finding).",
                    "catalogue entry 18, bug 3; Michal Hocko <Y8GPCT2w0WKARLVF@dhcp22.suse.cz> (\"Ditto no "
                            + "mpol_kill calls\")",
                    ViolationClass.LEAK).withFeature(SchemeInfo.Feature.REMOTE_INSTALL)
                    // entry 18.3: the replaced policy is put, never killed; percpu mode never sees zero
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)\nt0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", "percpu-ref-kill-drain",
                            "t0 alloc_page()", "t1 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new PercpuRefNoKill2022Scheme(world, heap);
        }
    }

    public PercpuRefNoKill2022Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    /** {@code mpol_put(old)} → {@code percpu_ref_put()} on the current CPU; no {@code mpol_kill}. */
    @Override
    protected void release(KPolicy pol) {
        ref(pol).put(currentCpu());
    }
}
