package io.mpolcheck.scheme;

import io.mpolcheck.kernel.OpContext;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.SharedPolicyLock;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.report.ViolationClass;
import java.util.List;

/**
 * {@code sp-insert-before-key-update-2013} (catalogue entry 9b): the split branch of
 * {@code shared_policy_replace()} as 42288fe366c4 (v3.8) wrote it —
 * {@code sp_node_init(n_new, n->end, end, mpol_new); sp_insert(sp, n_new); n->end = start;} — with
 * the new node's bounds swapped and inserted while the old node {@code n} still covers them.
 * {@code sp_insert()} walks down from the root, going left while the new start is below a node's
 * start and right while the new end is above a node's end, and calls {@code BUG()} otherwise; the
 * walk meets {@code n} and stops there. The kernel panics ("may make kernel panic").
 *
 * <p>The one mistake: {@link #beforeSplit} inserts before updating the key. Modelled by replaying
 * {@code sp_insert()}'s descent over the tree's ranges as a balanced search tree (the shape an
 * rbtree of sorted keys approximates); a {@code BUG()} is the verdict {@link ViolationClass#KERNEL_BUG}.
 * Fixed by "mempolicy: fix wrong sp_node insertion" and "mempolicy: fix typo" (Hillf Danton, KOSAKI
 * Motohiro, Feb 2013).
 */
public final class SpInsertBeforeKeyUpdate2013Scheme extends SharedPreallocRwlockScheme {

    /** Registers {@code sp-insert-before-key-update-2013}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("sp-insert-before-key-update-2013",
                    "shared_policy_replace of v3.8 (spinlock, preallocation): on a split it inserts the new node, "
                            + "with start and end swapped, before shrinking the old one; sp_insert meets the old node "
                            + "and calls BUG().",
                    "<1362029107-3908-1-git-send-email-kosaki.motohiro@gmail.com> and -2- (Feb 2013); 42288fe366c4; "
                            + "catalogue entry 9b", ViolationClass.KERNEL_BUG)
                    .withFeature(SchemeInfo.Feature.SHARED_POLICY)
                    // entry 9b: any split inserts the new node while the old one still covers it
                    .withWitness(Witness.of("shared-prealloc-rwlock",
                            "t0 mbind(0x5000, 0x1000, MPOL_PREFERRED, {1}, 65, 0)", "t2 alloc_page(0x9000)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new SpInsertBeforeKeyUpdate2013Scheme(world, heap);
        }
    }

    public SpInsertBeforeKeyUpdate2013Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap, SharedPolicyLock.Kind.SPINLOCK);
    }

    @Override
    protected void beforeSplit(KernelState.SplitTarget split) {
        super.beforeSplit(split);
        long newStart = split.nodeEnd();
        long newEnd = split.end();
        if (spInsertHitsBug(split.ranges(), newStart, newEnd)) {
            // no String.format here: Lincheck instruments scheme code, and Formatter's locale lookup fails under it
            heap.bug("kernel BUG at mm/mempolicy.c: sp_insert(): new node [" + newStart + ", " + newEnd
                    + ") meets node [" + split.nodeStart() + ", " + split.nodeEnd() + ") that still covers it\n"
                    + "in shared_policy_replace() by " + OpContext.describe());
        }
    }

    /** {@code sp_insert()}'s descent over {@code ranges} (sorted) as a balanced tree: true where it would {@code BUG()}. */
    static boolean spInsertHitsBug(List<long[]> ranges, long start, long end) {
        int lo = 0;
        int hi = ranges.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long[] nd = ranges.get(mid);
            if (start < nd[0]) {
                hi = mid;
            } else if (end > nd[1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
