package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.SharedPolicyLock;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.report.ViolationClass;
import java.util.List;
import java.util.Optional;

/**
 * {@code shared-policy-replace-lock-drop-2012} (catalogue entry 7): {@code shared_policy_replace()}
 * as it was from before 2.6.12 until 2012. Under {@code sp->lock} (a spinlock) it finds a range
 * {@code n} spanning the new one, drops the lock to allocate the second piece —
 * {@code new2 = sp_alloc(end, n->end, n->policy)} — and only then retakes the lock and restarts. The
 * allocation dereferences {@code n->policy} with no lock and no reference: another address space's
 * {@code mbind} may have replaced or removed {@code n} and put its policy in between.
 *
 * <p>The one mistake: the copy reads the spanning policy after {@code spin_unlock}. Fixed first by a
 * mutex (b22d127a39dd, Oct 2012), then by preallocation with the copy under the lock (42288fe366c4,
 * v3.8): {@code shared-prealloc-rwlock}.
 */
public final class SharedPolicyReplaceLockDrop2012Scheme extends SharedCondRef2008Scheme {

    /** Registers {@code shared-policy-replace-lock-drop-2012}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("shared-policy-replace-lock-drop-2012",
                    "shared-cond-ref-2008, but shared_policy_replace drops sp->lock to allocate the upper piece of "
                            + "a split and copies the spanning range's policy with no lock and no reference; a "
                            + "concurrent mbind from another address space frees it first.",
                    "b22d127a39dd \"mempolicy: fix a race in shared_policy_replace()\"; 42288fe366c4; Linus "
                            + "2012-12-21; catalogue entry 7", ViolationClass.USE_AFTER_FREE)
                    .withFeature(SchemeInfo.Feature.SHARED_POLICY)
                    // entry 7: t0 must split [0,4) at page 1 and drops the lock; t2 removes the whole range and frees it
                    .withWitness(Witness.of("shared-prealloc-rwlock",
                            "t0 mbind(0x5000, 0x1000, MPOL_PREFERRED, {1}, 65, 0)", "t2 mbind(0x8000, 0x4000, MPOL_DEFAULT, NULL, 0, 0)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new SharedPolicyReplaceLockDrop2012Scheme(world, heap);
        }
    }

    public SharedPolicyReplaceLockDrop2012Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap, SharedPolicyLock.Kind.SPINLOCK);
    }

    @Override
    protected KernelState.Change setSharedPolicy(Op.Mbind op, List<SharedPolicyLock> locks) {
        writeLockAll(locks);
        Optional<KernelState.SplitTarget> split = state.sharedSplitTarget(op.task(), op.start(), op.len());
        if (split.isPresent() && !state.failslabArmed(op.task())) {
            writeUnlockAll(locks);
            heap.read(split.get().policy());
            writeLockAll(locks);
        }
        try {
            return state.apply(op, allocator());
        } finally {
            writeUnlockAll(locks);
        }
    }
}
