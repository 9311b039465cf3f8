package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.SharedPolicyLock;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.GetFlag;
import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code shared-cond-ref-2008}: {@code mmap-lock-2008} for task and VMA policies, plus the 2008
 * rule for shared (shmem) policies. A lookup in a segment's range tree
 * ({@code mpol_shared_policy_lookup()}) takes {@code sp->lock}, finds the range and takes a
 * reference under the lock; the object is marked {@code MPOL_F_SHARED} (set by {@code sp_alloc()}),
 * and every user of a looked-up policy drops it with {@code mpol_cond_put()}, which puts exactly the
 * shared ones. {@code mbind} on a shm VMA replaces the range under {@code sp->lock}
 * ({@code shared_policy_replace()}, here without dropping the lock: the split copy is made under
 * it) and puts the policies the tree let go of. Lookups in another address space hold only their
 * own {@code mmap_lock}, so the tree's lock and the lookup reference are what keep a policy alive
 * there.
 *
 * <p>Source: 52cd3b074050 (2008), seed 002, catalogue entry 5 rule 4 and part (a) A1
 * ("Conditional references", "Shared (shmem) policy tree"). The copy-per-holder rule of 2012 (entry
 * 6's fix) is assumed: every holder owns its own object.
 *
 * <p>Historical bugs of the shared path are subclasses that override one step.
 */
public class SharedCondRef2008Scheme extends MmapLockScheme {

    /** Registers {@code shared-cond-ref-2008}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("shared-cond-ref-2008",
                    "mmap-lock-2008 plus shared policies: a shmem lookup takes a reference under the tree's "
                            + "spinlock on an object marked MPOL_F_SHARED, every user drops it with mpol_cond_put; mbind "
                            + "on a shm VMA replaces the range under the spinlock and puts what the tree let go of.",
                    "52cd3b074050 (2008) \"mempolicy: rework mempolicy Reference Counting [yet again]\"; seed 002; "
                            + "catalogue entry 5 rule 4").withFeature(SchemeInfo.Feature.SHARED_POLICY);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new SharedCondRef2008Scheme(world, heap, SharedPolicyLock.Kind.SPINLOCK);
        }
    }

    private final SharedPolicyLock.Kind lockKind;
    private final Map<Integer, SharedPolicyLock> spLocks = new HashMap<>();

    public SharedCondRef2008Scheme(WorldConfig world, PolicyHeap heap, SharedPolicyLock.Kind lockKind) {
        super(world, heap);
        this.lockKind = lockKind;
        for (int shmid = 0; shmid < PREMADE_SP_LOCKS; shmid++) {
            spLocks.put(shmid, new SharedPolicyLock(lockKind));
        }
    }

    /**
     * The {@code sp->lock}s made with the scheme (more segments than any scenario creates): a lock
     * first made in code a checker does not trace, such as a scenario's set-up, and then waited on
     * in traced code would hang it.
     */
    private static final int PREMADE_SP_LOCKS = 8;

    /* --------------- Installers --------------- */

    @Override
    protected Result installAndPut(Op op) {
        if (op instanceof Op.Mbind m) {
            List<SharedPolicyLock> locks = spLocksIn(m);
            if (!locks.isEmpty()) {
                KernelState.Change change = setSharedPolicy(m, locks);
                change.released().forEach(heap::put);
                return change.result();
            }
        }
        return super.installAndPut(op);
    }

    /**
     * {@code mbind} over shm VMAs ({@code mpol_set_shared_policy()} → {@code shared_policy_replace()}),
     * with the caller's {@code mmap_lock} held for write: the whole replacement under the trees'
     * locks. Returns the change; the caller puts what the trees let go of.
     */
    protected KernelState.Change setSharedPolicy(Op.Mbind op, List<SharedPolicyLock> locks) {
        writeLockAll(locks);
        try {
            return state.apply(op, allocator());
        } finally {
            writeUnlockAll(locks);
        }
    }

    /** How new objects of a structural change are allocated; the heap's way unless a variant says otherwise. */
    protected KernelState.Allocator allocator() {
        return (value, role) -> heap.alloc(value, role == KernelState.Role.PRIVATE ? 0 : KPolicy.MPOL_F_SHARED);
    }

    /* --------------- Users --------------- */

    @Override
    protected Result allocFault(Op.AllocPage op, long addr) {
        Optional<Vma> vma = state.vma(op.task(), addr);
        if (vma.isEmpty() || vma.get().kind() != MapKind.SHM) {
            return super.allocFault(op, addr);
        }
        Optional<KPolicy> shared = sharedLookup(op.task(), addr);
        Optional<Mempolicy> used = shared.isPresent() ? Optional.of(useSharedPolicyForFault(op, shared.get()))
                : readValue(loadTaskPolicy(op.task()));
        return answer(op, () -> placeFault(op.task(), used, vma.get(), addr));
    }

    /**
     * A fault in a shm VMA with a looked-up, referenced shared policy: allocate, then
     * {@code mpol_cond_put()}; returns the value the allocation used.
     */
    protected Mempolicy useSharedPolicyForFault(Op.AllocPage op, KPolicy pol) {
        return useThenCondPut(pol);
    }

    /** The 2008 rule for every {@code get_vma_policy()} result: use it, then {@code mpol_cond_put()}. */
    @Override
    protected Optional<Mempolicy> usePolicyForFault(Op.AllocPage op, Vma vma, Optional<KPolicy> pol, boolean fromVma) {
        return pol.map(this::useThenCondPut);
    }

    /** Reads the value, then {@code mpol_cond_put()}. */
    protected final Mempolicy useThenCondPut(KPolicy pol) {
        Mempolicy value = heap.read(pol);
        heap.condPut(pol);
        return value;
    }

    @Override
    protected Result getMempolicy(Op.GetMempolicy op) {
        boolean shm = GetFlag.MPOL_F_ADDR.in(op.flags())
                && state.vma(op.task(), op.addr()).map(v -> v.kind() == MapKind.SHM).orElse(false);
        if (!shm) {
            return super.getMempolicy(op);
        }
        return underReadLock(op.task(), () -> {
            Optional<Mempolicy> value = sharedLookup(op.task(), op.addr()).map(this::useThenCondPut);
            return GetFlag.MPOL_F_NODE.in(op.flags()) ? answerNodeOfAddr(op, value)
                    : answer(op, () -> reportPolicy(op, value));
        });
    }

    /**
     * The lines of a shm VMA: one walk of its segment's tree under {@code sp->lock} for read,
     * taking a reference on every range's policy (as a lookup does), then each value read and
     * {@code mpol_cond_put()}. (Linux prints one line per VMA, one lookup; the model prints one per
     * tree range, so the walk is one locked section.)
     */
    @Override
    protected List<SharedRead> showSharedVma(Op.NumaMaps op, Vma vma) {
        SharedPolicyLock lock = spLock(vma.segment());
        List<KernelState.SharedLine> lines;
        lock.readLock();
        try {
            lines = state.sharedMapsLines(vma);
            if (lookupTakesReference()) {
                lines.forEach(line -> line.policy().ifPresent(heap::get));
            }
        } finally {
            lock.readUnlock();
        }
        List<SharedRead> out = new ArrayList<>();
        for (KernelState.SharedLine line : lines) {
            out.add(new SharedRead(line.start(), line.policy().map(this::useThenCondPut)));
        }
        return out;
    }

    /**
     * {@code shmem_get_policy()} → {@code mpol_shared_policy_lookup()}: under {@code sp->lock} (for
     * read), find the range holding the page at {@code addr} and {@code mpol_get()} its policy.
     */
    protected Optional<KPolicy> sharedLookup(int task, long addr) {
        return walkTree(task, addr, lookupTakesReference());
    }

    /** Whether a tree lookup takes a reference ({@code mpol_get()} under {@code sp->lock}): the 2008 rule. */
    protected boolean lookupTakesReference() {
        return true;
    }

    /** {@code sp_lookup()} under {@code sp->lock} for read, with {@code mpol_get()} of the result when {@code takeReference}. */
    protected final Optional<KPolicy> walkTree(int task, long addr, boolean takeReference) {
        Optional<Integer> shmid = state.vma(task, addr).map(Vma::segment);
        if (shmid.isEmpty()) {
            return Optional.empty();
        }
        SharedPolicyLock lock = spLock(shmid.get());
        lock.readLock();
        try {
            Optional<KPolicy> pol = state.sharedPolicy(task, addr);
            if (takeReference) {
                pol.ifPresent(heap::get);
            }
            return pol;
        } finally {
            lock.readUnlock();
        }
    }

    /* --------------- sp->lock --------------- */

    /** The {@code sp->lock} of segment {@code shmid}. */
    protected SharedPolicyLock spLock(int shmid) {
        SharedPolicyLock lock = spLocks.get(shmid);
        if (lock == null) {
            throw new IllegalStateException("no sp->lock for segment " + shmid + ": the scheme makes " + PREMADE_SP_LOCKS);
        }
        return lock;
    }

    /** The locks of the segments an {@code mbind} touches, in {@code shmid} order (the lock order). */
    protected List<SharedPolicyLock> spLocksIn(Op.Mbind op) {
        List<SharedPolicyLock> out = new ArrayList<>();
        for (int shmid : state.segmentsIn(op.task(), op.start(), op.len())) {
            out.add(spLock(shmid));
        }
        return out;
    }

    protected static void writeLockAll(List<SharedPolicyLock> locks) {
        locks.forEach(SharedPolicyLock::writeLock);
    }

    protected static void writeUnlockAll(List<SharedPolicyLock> locks) {
        for (int i = locks.size() - 1; i >= 0; i--) {
            locks.get(i).writeUnlock();
        }
    }
}
