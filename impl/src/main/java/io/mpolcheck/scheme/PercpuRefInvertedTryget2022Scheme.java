package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code percpu-ref-inverted-tryget-2022} (catalogue entry 18, bug 1): the series'
 * {@code get_task_mpol()} read {@code if (!pol || mpol_tryget(pol)) pol = NULL;} — "Shouldn't be
 * !mpol_tryget?" (Michal Hocko). A successful tryget (always, in percpu mode) discards the pointer
 * and keeps the reference: the policy can never be released, a leak; the caller falls back to the
 * default policy — a wrong node, which the checker sees as well; the leak, found in the same run,
 * is the declared verdict (it wins). A failed tryget
 * keeps the pointer without a reference (a use-after-free window) and the later put underflows.
 *
 * <p>The one mistake: {@link #tryget} inverted.
 */
public final class PercpuRefInvertedTryget2022Scheme extends PercpuRefKillDrainScheme {

    /** Registers {@code percpu-ref-inverted-tryget-2022}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("percpu-ref-inverted-tryget-2022",
                    "As percpu-ref-kill-drain, but get_task_mpol() drops the pointer when mpol_tryget() succeeds "
                            + "and keeps it when it fails: every successful lookup leaks a reference, so replaced "
                            + "policies are never released.",
                    "catalogue entry 18, bug 1; Michal Hocko <Y8GPCT2w0WKARLVF@dhcp22.suse.cz> (\"Shouldn't be "
                            + "!mpol_tryget?\")",
                    ViolationClass.LEAK).withFeature(SchemeInfo.Feature.REMOTE_INSTALL)
                    // entry 18.1: every successful tryget keeps its reference and drops the pointer
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)\nt0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", "percpu-ref-kill-drain",
                            "t0 alloc_page()", "t1 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new PercpuRefInvertedTryget2022Scheme(world, heap);
        }
    }

    public PercpuRefInvertedTryget2022Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    /** {@code if (!pol || mpol_tryget(pol)) pol = NULL;} */
    @Override
    protected TaskPolicyLookup taskLookup() {
        return TaskPolicyLookup.RCU_PERCPU_TRYGET_INVERTED;
    }
}
