package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.SharedPolicyLock;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.report.ViolationClass;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code mpol-f-shared-on-shared-object-2012} (catalogue entry 6): policy sharing as it was from the
 * 2008 rework until 2012. {@code mbind_range()} installs one {@code new} object in every VMA it
 * changes ({@code mpol_get(new)} each), and for a shm VMA {@code sp_alloc()} takes another reference
 * on that same object and sets {@code MPOL_F_SHARED} on it. The flag is on the object, not on the
 * reference: a fault in an ordinary VMA holding that object gets it from {@code get_vma_policy()}
 * with no reference, and {@code mpol_cond_put()} drops one anyway. Two faults and the object is
 * freed while the VMA and the tree still point at it (Dave Jones' trinity report: "Poison
 * overwritten").
 *
 * <p>The one mistake: {@link #allocator()} (asked once per {@code mbind}) shares one object among all holders an {@code mbind}
 * creates with the same value, flagging it shared when a tree range is among them. Fixed by
 * "mempolicy: Remove mempolicy sharing" (KOSAKI Motohiro, Mel Gorman, Aug 2012): every holder owns
 * a copy, and only tree-owned copies carry the flag.
 */
public final class MpolFSharedOnSharedObject2012Scheme extends SharedCondRef2008Scheme {

    /** Registers {@code mpol-f-shared-on-shared-object-2012}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("mpol-f-shared-on-shared-object-2012",
                    "shared-cond-ref-2008, but an mbind over an ordinary VMA and a shm VMA installs one object in "
                            + "both and marks it MPOL_F_SHARED; faults in the ordinary VMA take no reference yet "
                            + "mpol_cond_put drops one, until the object is freed under its holders.",
                    "<1345480594-27032-3-git-send-email-mgorman@suse.de> \"mempolicy: Remove mempolicy sharing\" "
                            + "(2012); catalogue entry 6", ViolationClass.USE_AFTER_FREE)
                    .withFeature(SchemeInfo.Feature.SHARED_POLICY)
                    // entry 6: one object in the anon VMA and the tree, flagged shared; faults in the anon VMA cond_put it
                    .withWitness(Witness.of("shared-prealloc-rwlock",
                            "t0 mbind(0x2000, 0x4000, MPOL_BIND, {1}, 65, 0)\nt0 alloc_page(0x2000)\nt0 alloc_page(0x2000)", "t2 alloc_page(0x8000)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new MpolFSharedOnSharedObject2012Scheme(world, heap);
        }
    }

    public MpolFSharedOnSharedObject2012Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap, SharedPolicyLock.Kind.SPINLOCK);
    }

    /** One object per value for the whole call: the first holder allocates, each later one {@code mpol_get}s it. */
    @Override
    protected KernelState.Allocator allocator() {
        Map<Mempolicy, KPolicy> installed = new HashMap<>();
        return (value, role) -> {
            KPolicy p = installed.get(value);
            if (p == null) {
                p = heap.alloc(value);
                installed.put(value, p);
            } else {
                heap.get(p);
            }
            if (role != KernelState.Role.PRIVATE) {
                heap.setFlag(p, KPolicy.MPOL_F_SHARED);
            }
            return p;
        };
    }
}
