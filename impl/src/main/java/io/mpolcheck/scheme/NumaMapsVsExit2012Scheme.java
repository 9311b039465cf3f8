package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.report.ViolationClass;
import java.util.Optional;

/**
 * {@code numa-maps-vs-exit-2012} (catalogue entry 8, the bug): as
 * {@code numa-maps-hold-task-policy-2012}, but {@code numa_maps} falls back to the target's task
 * policy with no pin, trusting the {@code mmap_sem} it holds for read — "task-&gt;mempolicy can be
 * freed even if mmap_sem is down (see kernel/exit.c)": the exiting target puts it under
 * {@code task_lock} only, and {@code mpol_to_str} reads the freed policy.
 *
 * <p>The one mistake: {@link #holdTaskPolicy} loads the pointer and takes nothing.
 */
public final class NumaMapsVsExit2012Scheme extends NumaMapsHoldTaskPolicy2012Scheme {

    /** Registers {@code numa-maps-vs-exit-2012}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("numa-maps-vs-exit-2012",
                    "As numa-maps-hold-task-policy-2012, but numa_maps uses the target's task policy without a "
                            + "reference, under the target mm's mmap_sem for read only; the exiting target puts it "
                            + "under task_lock, so the reader dereferences a freed policy.",
                    "catalogue entry 8; David Rientjes, 32f8516a8c73 \"mm, mempolicy: fix printing stack "
                            + "contents in numa_maps\" (Oct 2012)",
                    ViolationClass.USE_AFTER_FREE).withFeature(SchemeInfo.Feature.EXIT_ORDER)
                    // entry 8: exit puts the task policy under task_lock while numa_maps holds only mmap_sem
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)\nt0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", "numa-maps-hold-task-policy-2012",
                            "t0 exit()", "t2 numa_maps(t0)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new NumaMapsVsExit2012Scheme(world, heap);
        }
    }

    public NumaMapsVsExit2012Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    /** {@code get_vma_policy(task, vma)} falling back to {@code task->mempolicy}: a plain load. */
    @Override
    protected Optional<KPolicy> holdTaskPolicy(int reader, int target) {
        return loadTaskPolicy(target);
    }

    @Override
    protected void releaseHeld(int reader, int target, Optional<KPolicy> held) {
    }
}
