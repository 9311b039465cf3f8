package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.report.ViolationClass;
import java.util.Optional;

/**
 * {@code huge-unconditional-unref-2007} (catalogue entry 3b): the hugetlb allocation path
 * ({@code huge_zonelist()}) drops the policy with {@code __mpol_free(pol)} on its interleave branch
 * unconditionally — also when {@code pol} is the task's own policy, on which
 * {@code get_vma_policy()} took no reference. The task policy is freed while
 * {@code task->mempolicy} still points at it; its next use is a use-after-free.
 *
 * <p>The one mistake: {@link #usePolicyForFault} puts on a hugetlb fault whether or not it got.
 * Fixed by computing {@code policy_needs_unref} once, in
 * &lt;20071010205849.7230.81877.sendpatchset@localhost&gt;.
 */
public final class HugeUnconditionalUnref2007Scheme extends MmapLockScheme {

    /** Registers {@code huge-unconditional-unref-2007}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("huge-unconditional-unref-2007",
                    "As mmap-lock-2008, but the hugetlb fault path takes a reference only on a VMA policy and, on "
                            + "its interleave branch, drops one unconditionally: a task interleave policy used by a "
                            + "hugetlb fault loses its only reference and is freed while the task still points to it.",
                    "catalogue entry 3b; Mel Gorman <20070918103645.GC2035@skynet.ie>; fix "
                            + "<20071010205849.7230.81877.sendpatchset@localhost>; seed 004 item 2",
                    ViolationClass.USE_AFTER_FREE)
                    // entry 3b: the huge-page path puts the task policy it never got
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)", "mmap-lock-2008",
                            "t0 alloc_page(0x8000)", "t1 alloc_page()"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new HugeUnconditionalUnref2007Scheme(world, heap);
        }
    }

    public HugeUnconditionalUnref2007Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    @Override
    protected Optional<Mempolicy> usePolicyForFault(Op.AllocPage op, Vma vma, Optional<KPolicy> pol, boolean fromVma) {
        if (!huge(vma) || pol.isEmpty()) {
            return super.usePolicyForFault(op, vma, pol, fromVma);
        }
        KPolicy p = pol.get();
        if (fromVma) {
            heap.get(p);
        }
        Mempolicy value = heap.read(p);
        if (value.mode().interleaves() || fromVma) {
            heap.put(p);
        }
        return Optional.of(value);
    }
}
