package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.SharedPolicyLock;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code vma-holds-shared-refs-2007}: Lee Schermerhorn's proposal (seed 004, "Figure 3"). Every VMA
 * attached to a shm segment holds a reference on every policy that is in the segment's tree while
 * it is attached: an attach (or a split piece, or a fork copy: {@code vm_ops->open}) takes one on
 * each policy in the tree, an installer takes one per attached VMA on the policy it inserts, and
 * an unmap ({@code vm_ops->close}, which Lee would have had to add) drops all of them. Because those
 * references are protected by each address space's own {@code mmap_lock}, a lookup takes
 * {@code sp->lock} only to walk the tree and then uses the policy with no reference: a policy
 * replaced in the tree stays alive until every VMA that was attached while it was there has been
 * unmapped — which cannot happen while a reader holds that VMA's {@code mmap_lock}. Tree policies
 * carry no {@code MPOL_F_SHARED}; the conditional put becomes a no-op.
 *
 * <p>Never merged; the message names the cost ("munmap() of a vma will need to decrement the ref
 * count of all policies in a shared policy tree, but this is not a fast path"). Which references
 * each VMA took is recorded by {@link KernelState#reconcileHeld} (the simulation's bookkeeping; the
 * kernel would keep only the counts). Taking and dropping them happens under the trees' locks, with the caller's
 * {@code mmap_lock} held for write.
 */
public class VmaHoldsSharedRefs2007Scheme extends SharedCondRef2008Scheme {

    /** Registers {@code vma-holds-shared-refs-2007}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("vma-holds-shared-refs-2007",
                    "Lee Schermerhorn's Figure 3: every attached shm VMA holds a reference on every policy in the "
                            + "segment's tree while attached (taken at attach and at install, dropped at unmap); "
                            + "lookups walk the tree under sp->lock and take no reference.",
                    "seed 004 (Lee Schermerhorn, linux-mm, 30 Oct 2007, Figure 3); proposal, not merged")
                    .withFeature(SchemeInfo.Feature.SHARED_POLICY);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new VmaHoldsSharedRefs2007Scheme(world, heap);
        }
    }

    public VmaHoldsSharedRefs2007Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap, SharedPolicyLock.Kind.SPINLOCK);
    }

    @Override
    protected Result installAndPut(Op op) {
        List<SharedPolicyLock> locks = allSpLocks();
        writeLockAll(locks);
        KernelState.Change change;
        try {
            Set<KernelState.ShmVma> before = state.shmVmas();
            change = state.apply(op, allocator());
            KernelState.HeldChange held = state.reconcileHeld(before);
            unmapShared(held.dropped());
            held.taken().forEach(heap::get);
        } finally {
            writeUnlockAll(locks);
        }
        change.released().forEach(heap::put);
        return change.result();
    }

    /** Figure 3's tree objects carry no {@code MPOL_F_SHARED}: no lookup reference exists to drop. */
    @Override
    protected KernelState.Allocator allocator() {
        return (value, role) -> heap.alloc(value);
    }

    /** A lookup walks the tree under {@code sp->lock} and takes no reference. */
    @Override
    protected boolean lookupTakesReference() {
        return false;
    }

    /** {@code vm_ops->close} of the VMAs that went: drop every reference they took. */
    protected void unmapShared(List<KPolicy> references) {
        references.forEach(heap::put);
    }

    /** Every segment's lock, in {@code shmid} order: a structural change may touch any of them. */
    private List<SharedPolicyLock> allSpLocks() {
        List<SharedPolicyLock> out = new ArrayList<>();
        for (int shmid : new TreeSet<>(state.shmids())) {
            out.add(spLock(shmid));
        }
        return out;
    }
}
