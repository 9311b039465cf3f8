package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.SharedPolicyLock;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import java.util.List;
import java.util.Optional;

/**
 * {@code shared-prealloc-rwlock}: today's {@code shared_policy_replace()}. {@code sp->lock} is an
 * {@code rwlock_t} (lookups read, replacement writes). When the replacement must split a range and
 * has no spare object, it drops the lock, allocates ({@code mpol_new}, refcount set to 1), retakes
 * the lock and starts over ({@code goto restart}), re-validating everything it found before. The
 * copy is made under the lock ({@code *mpol_new = *n->policy; atomic_set(&mpol_new->refcnt, 1)});
 * a spare the restarted walk no longer needs is put ({@code err_out: mpol_put(mpol_new)}). With
 * fault injection armed ({@code failslab()}), the preallocation is the allocation that fails: the
 * call ends in {@code ENOMEM} with no spare to put.
 *
 * <p>Source: 42288fe366c4 (v3.8, spinlock with preallocation) with the fixes of catalogue entry 9
 * (4ad099559b00 refcount init, the 2013 {@code sp_insert} order) and the v4.5 rwlock; entry 7.
 * Only the policy object is preallocated; the {@code sp_node} is not modelled. One spare per call:
 * an {@code mbind} that splits ranges in two segments at once gets the second copy from the heap.
 */
public class SharedPreallocRwlockScheme extends SharedCondRef2008Scheme {

    /** Registers {@code shared-prealloc-rwlock}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("shared-prealloc-rwlock",
                    "shared-cond-ref-2008 with today's shared_policy_replace: sp->lock is an rwlock; a split "
                            + "without a spare drops the lock, preallocates (refcount 1), retakes it and restarts; "
                            + "the copy is made under the lock; an unneeded spare is put.",
                    "42288fe366c4 (v3.8) with 4ad099559b00 and the 2013 sp_insert fix; v4.5 rwlock; catalogue "
                            + "entries 7 and 9").withFeature(SchemeInfo.Feature.SHARED_POLICY);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new SharedPreallocRwlockScheme(world, heap, SharedPolicyLock.Kind.RWLOCK);
        }
    }

    /** What a spare holds before the copy overwrites it (its contents do not matter). */
    private static final Mempolicy UNSET = Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY);

    public SharedPreallocRwlockScheme(WorldConfig world, PolicyHeap heap, SharedPolicyLock.Kind lockKind) {
        super(world, heap, lockKind);
    }

    @Override
    protected KernelState.Change setSharedPolicy(Op.Mbind op, List<SharedPolicyLock> locks) {
        KPolicy spare = null;
        while (true) {
            writeLockAll(locks);
            Optional<KernelState.SplitTarget> split = state.sharedSplitTarget(op.task(), op.start(), op.len());
            if (split.isPresent() && spare == null && !state.failslabArmed(op.task())) {
                writeUnlockAll(locks);
                spare = preallocate();
                continue;
            }
            KPolicy[] used = new KPolicy[1];
            KernelState.Change change;
            try {
                split.ifPresent(this::beforeSplit);
                change = state.apply(op, spareFirst(spare, used));
            } finally {
                writeUnlockAll(locks);
            }
            if (spare != null && used[0] == null) {
                heap.put(spare);
            }
            return change;
        }
    }

    /** Gives the spare to the split copy (made under the lock, refcount reset to 1); everything else as usual. */
    private KernelState.Allocator spareFirst(KPolicy spare, KPolicy[] used) {
        return (value, role) -> {
            if (role == KernelState.Role.SPLIT_COPY && spare != null && used[0] == null) {
                heap.initCopy(spare, value, KPolicy.MPOL_F_SHARED);
                used[0] = spare;
                return spare;
            }
            return allocator().alloc(value, role);
        };
    }

    /**
     * Under the lock, with a split about to be made: the copy reads {@code n->policy}
     * ({@code *mpol_new = *n->policy}). Variants replay their own node updates here.
     */
    protected void beforeSplit(KernelState.SplitTarget split) {
        heap.read(split.policy());
    }

    /** {@code kmem_cache_alloc(policy_cache)} of the spare, with {@code atomic_set(&refcnt, 1)}. */
    protected KPolicy preallocate() {
        return heap.alloc(UNSET);
    }
}
