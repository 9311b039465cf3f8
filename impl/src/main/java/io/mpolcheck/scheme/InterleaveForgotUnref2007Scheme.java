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
 * {@code interleave-forgot-unref-2007} (catalogue entry 3a): under the 2.6.23 rules
 * {@code get_vma_policy()} takes an extra reference on a VMA policy and the fault path drops it
 * after allocating — except the {@code MPOL_INTERLEAVE} branch of {@code alloc_page_vma()}, which
 * returns without {@code __mpol_free(pol)}. Every interleaved fault leaks one reference; the policy
 * outlives its VMA: a leak at teardown.
 *
 * <p>The one mistake: {@link #usePolicyForFault} skips the put on the interleave branch. Fixed by
 * "[PATCH/RFC 2/2] Mem Policy: Fixup Shm and Interleave Policy Reference Counting",
 * &lt;20071010205849.7230.81877.sendpatchset@localhost&gt;.
 */
public final class InterleaveForgotUnref2007Scheme extends MmapLockScheme {

    /** Registers {@code interleave-forgot-unref-2007}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("interleave-forgot-unref-2007",
                    "As mmap-lock-2008, but with the 2.6.23 fault path: get_vma_policy takes a reference on a VMA "
                            + "policy and the fault drops it after allocating, except on the interleave branch, which "
                            + "forgets the put, so an interleaved VMA policy is never freed.",
                    "catalogue entry 3a; Mel Gorman <20070918103645.GC2035@skynet.ie>; fix "
                            + "<20071010205849.7230.81877.sendpatchset@localhost>; seed 004 item 2",
                    ViolationClass.LEAK)
                    // entry 3a: every interleave fault keeps its reference
                    .withWitness(Witness.withInit("t0 mbind(0x2000, 0x1000, MPOL_INTERLEAVE, {0-1}, 65, 0)", "mmap-lock-2008",
                            "t0 alloc_page(0x2000)", "t1 alloc_page(0x3000)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new InterleaveForgotUnref2007Scheme(world, heap);
        }
    }

    public InterleaveForgotUnref2007Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    @Override
    protected Optional<Mempolicy> usePolicyForFault(Op.AllocPage op, Vma vma, Optional<KPolicy> pol, boolean fromVma) {
        if (!fromVma) {
            return super.usePolicyForFault(op, vma, pol, false);
        }
        KPolicy p = pol.orElseThrow();
        heap.get(p);
        Mempolicy value = heap.read(p);
        if (!value.mode().interleaves()) {
            heap.put(p);
        }
        return Optional.of(value);
    }
}
