package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.MmapLock;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.GetFlag;
import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code mmap-lock-2008}: task and VMA policies are used without taking a reference, because every
 * user holds the address space's {@code mmap_lock} (then {@code mmap_sem}) for read and every
 * installer holds it for write: {@code set_mempolicy}, {@code mbind}, {@code mmap}/{@code munmap},
 * {@code fork} and {@code exit} write-lock the issuing task's {@code mm}; page faults,
 * {@code get_mempolicy} and a {@code numa_maps} reader read-lock the {@code mm} whose policies they
 * dereference. The owner reads its own task policy without a lock for an allocation with no VMA
 * ("only the task itself changes it"). Old policies are put after the swap; the last put frees.
 *
 * <p>Source: Lee Schermerhorn, "mempolicy: rework mempolicy Reference Counting [yet again]",
 * 52cd3b074050 (2008), seed 002; bug-catalogue entry 5 (task and VMA part). Exit drops the task
 * policy under the write lock too, as the 2008 text's rule asks; the real exit path of that time
 * did not (entry 8, a later scheme).
 *
 * <p>Each historical bug is a subclass that overrides one step ({@code jcstress}-style: one
 * deliberate mistake each).
 */
public class MmapLockScheme implements PolicyScheme {

    /** Registers {@code mmap-lock-2008}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("mmap-lock-2008",
                    "Task and VMA policies are used without a reference under mmap_lock held for read; every "
                            + "installer (set_mempolicy, mbind, mmap, munmap, fork, exit) holds the mm's mmap_lock for "
                            + "write; the owner reads its own task policy locklessly for VMA-less allocations; the "
                            + "old policy is put after the swap.",
                    "52cd3b074050 (2008) \"mempolicy: rework mempolicy Reference Counting [yet again]\"; seed 002; "
                            + "catalogue entry 5");
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new MmapLockScheme(world, heap);
        }
    }

    protected final KernelState state;
    protected final PolicyHeap heap;
    private final MmapLock[] mmapLocks;

    public MmapLockScheme(WorldConfig world, PolicyHeap heap) {
        this.state = new KernelState(world, heap);
        this.heap = heap;
        this.mmapLocks = new MmapLock[world.threadsPerProcess().size() + world.maxTasks()];
        for (int i = 0; i < mmapLocks.length; i++) {
            mmapLocks[i] = new MmapLock();
        }
    }

    @Override
    public Result apply(Op op) {
        if (op instanceof Op.SetMempolicy) {
            return setMempolicy(op);
        } else if (op instanceof Op.PidfdSetMempolicy p) {
            return pidfdSetMempolicy(p);
        } else if (op instanceof Op.Exit e) {
            return exit(e);
        } else if (op instanceof Op.Mbind || op instanceof Op.Mmap || op instanceof Op.Munmap
                || op instanceof Op.Fork || isShm(op)) {
            return underWriteLock(op.task(), () -> installAndPut(op));
        } else if (op instanceof Op.NumaMaps n) {
            return underReadLock(n.target(), () -> numaMaps(n));
        } else if (op instanceof Op.AllocPage a && a.addr().isPresent()) {
            return fault(a, a.addr().getAsLong());
        } else if (op instanceof Op.AllocPage a) {
            return allocNoVma(a);
        } else if (op instanceof Op.GetMempolicy g) {
            return getMempolicy(g);
        } else if (op instanceof Op.ReturnToUser r) {
            return returnToUser(r);
        } else if (op instanceof Op.RcuGracePeriod g) {
            return rcuGracePeriod(g);
        }
        return state.apply(op).result();
    }

    /* --------------- Kernel events --------------- */

    /** The return to user mode: runs the task's {@code task_work}. Nothing pending in schemes without it. */
    protected Result returnToUser(Op.ReturnToUser op) {
        return state.apply(op).result();
    }

    /** An RCU grace period elapses. Nothing waits for one in schemes without RCU. */
    protected Result rcuGracePeriod(Op.RcuGracePeriod op) {
        return state.apply(op).result();
    }

    /* --------------- Installers --------------- */

    /** {@code do_set_mempolicy()} of 2008: swap under {@code mmap_lock} for write, put the old policy after. */
    protected Result setMempolicy(Op op) {
        KernelState.Change change = underWriteLockChange(op.task(), () -> state.apply(op));
        releaseAll(change.released());
        return change.result();
    }

    /**
     * {@code pidfd_set_mempolicy()} under the 2008 rules, as the proposal's first version did it:
     * {@code mmap_write_lock} of the <em>target's</em> mm, swap, put the old policy. What the rules
     * never covered is the target's own lockless read of its task policy (catalogue entry 1).
     */
    protected Result pidfdSetMempolicy(Op.PidfdSetMempolicy op) {
        KernelState.Change change = underWriteLockChange(op.target(), () -> state.apply(op));
        releaseAll(change.released());
        return change.result();
    }

    /** {@code do_exit()} of 2008: the task policy and, for the last task, the address space go under {@code mmap_lock} for write. */
    protected Result exit(Op.Exit op) {
        return underWriteLock(op.task(), () -> installAndPut(op));
    }

    /** A structural change ({@code vma_replace_policy}, unmap, dup, exit): the holders' references are put under the lock. */
    protected Result installAndPut(Op op) {
        KernelState.Change change = state.apply(op);
        releaseAll(change.released());
        return change.result();
    }

    /** {@link #release} of each object, in order. */
    protected final void releaseAll(List<KPolicy> released) {
        for (KPolicy pol : released) {
            release(pol);
        }
    }

    /** How the scheme drops the reference a holder (task, VMA, tree range) had on a policy it let go of: {@code mpol_put}. */
    protected void release(KPolicy pol) {
        heap.put(pol);
    }

    /* --------------- The task policy as its users reach it --------------- */

    /**
     * How {@code reader} reaches {@code task}'s task policy for one use ({@code get_task_policy()}
     * and what keeps the result alive): in 2008, a plain load — the owner needs nothing, and other
     * readers hold the mm's {@code mmap_lock}. Every {@link #pinTaskPolicy} is followed by one
     * {@link #unpinTaskPolicy} on the same thread.
     */
    protected Optional<KPolicy> pinTaskPolicy(int reader, int task) {
        return state.taskPolicy(task);
    }

    /** Ends the use begun by {@link #pinTaskPolicy}: nothing in 2008. */
    protected void unpinTaskPolicy(int reader, Optional<KPolicy> pol) {
    }

    /** {@code use} of {@code task}'s task policy by {@code reader}, between a pin and an unpin. */
    protected final void withTaskPolicy(int reader, int task, java.util.function.Consumer<Optional<KPolicy>> use) {
        Optional<KPolicy> pol = pinTaskPolicy(reader, task);
        try {
            use.accept(pol);
        } finally {
            unpinTaskPolicy(reader, pol);
        }
    }

    /* --------------- Users --------------- */

    /** {@code show_numa_map()}: per VMA its policy, else the target's task policy ({@code get_vma_policy(task, ...)}). */
    protected Result numaMaps(Op.NumaMaps op) {
        for (KernelState.MapsSlot slot : state.numaMapsSlots(op.target())) {
            if (slot.sharedAt().isPresent()) {
                showSharedRange(op, slot.sharedAt().getAsLong());
            } else if (slot.own().isPresent()) {
                heap.read(slot.own().get());
            } else {
                withTaskPolicy(op.task(), op.target(), pol -> pol.ifPresent(heap::read));
            }
        }
        return state.apply(op).result();
    }

    /**
     * {@code numa_maps} of a sub-range of a shm VMA. Schemes without shared policies never look a
     * tree up (their lookups of a shm VMA fall back to the task policy), so this does nothing.
     */
    protected void showSharedRange(Op.NumaMaps op, long addr) {
    }

    /** A page fault at {@code addr}: under {@code mmap_lock} for read, the allocation ({@link #allocFault}). */
    protected Result fault(Op.AllocPage op, long addr) {
        return underReadLock(op.task(), () -> allocFault(op, addr));
    }

    /** The fault path: {@code get_vma_policy()} (VMA, else task, else default) and the allocation that reads it. */
    protected Result allocFault(Op.AllocPage op, long addr) {
        Optional<Vma> vma = state.vma(op.task(), addr);
        if (vma.isPresent()) {
            Optional<KPolicy> vmaPolicy = state.vmaPolicy(op.task(), addr);
            if (vmaPolicy.isPresent()) {
                usePolicyForFault(op, vma.get(), vmaPolicy, true);
            } else {
                withTaskPolicy(op.task(), op.task(), pol -> usePolicyForFault(op, vma.get(), pol, false));
            }
        }
        return state.apply(op).result();
    }

    /**
     * How the fault path uses the policy it looked up: the 2008 rule reads it, without a reference,
     * under the read lock the caller holds. Historical variants override this step.
     *
     * @param fromVma whether the policy is the VMA's own (else the task's, or none)
     */
    protected void usePolicyForFault(Op.AllocPage op, Vma vma, Optional<KPolicy> pol, boolean fromVma) {
        pol.ifPresent(heap::read);
    }

    /** {@code alloc_pages()} with no VMA: the owner reads its own task policy, no lock, no reference. */
    protected Result allocNoVma(Op.AllocPage op) {
        withTaskPolicy(op.task(), op.task(), pol -> pol.ifPresent(heap::read));
        return state.apply(op).result();
    }

    /** {@code do_get_mempolicy()}: the task's own policy locklessly, a VMA's under {@code mmap_lock} for read. */
    protected Result getMempolicy(Op.GetMempolicy op) {
        if (!GetFlag.MPOL_F_ADDR.in(op.flags())) {
            withTaskPolicy(op.task(), op.task(), pol -> pol.ifPresent(heap::read));
            return state.apply(op).result();
        }
        if (GetFlag.MPOL_F_NODE.in(op.flags())) {
            return getMempolicyNodeOfAddr(op);
        }
        return underReadLock(op.task(), () -> {
            state.vmaPolicy(op.task(), op.addr()).ifPresent(heap::read);
            return state.apply(op).result();
        });
    }

    /**
     * {@code get_mempolicy(MPOL_F_NODE | MPOL_F_ADDR)}: look the VMA policy up, find the page's node
     * ({@code lookup_node()}), then report the policy's nodemask. In 2008 all of it ran under the
     * read lock.
     */
    protected Result getMempolicyNodeOfAddr(Op.GetMempolicy op) {
        return underReadLock(op.task(), () -> {
            Optional<KPolicy> pol = state.vmaPolicy(op.task(), op.addr());
            Result r = state.apply(op).result();
            pol.ifPresent(heap::read);
            return r;
        });
    }

    /* --------------- Locking --------------- */

    /** The {@code mmap_lock} of {@code task}'s address space, or null if the task never existed. */
    protected MmapLock mmapLockOf(int task) {
        int mm = state.mmOf(task);
        return mm < 0 ? null : mmapLocks[mm];
    }

    /** The {@code mmap_lock} of address space {@code mm}. */
    protected MmapLock mmapLockOfMm(int mm) {
        return mmapLocks[mm];
    }

    protected Result underReadLock(int task, Supplier<Result> body) {
        MmapLock lock = mmapLockOf(task);
        if (lock == null) {
            return body.get();
        }
        lock.readLock();
        try {
            return body.get();
        } finally {
            lock.readUnlock();
        }
    }

    protected Result underWriteLock(int task, Supplier<Result> body) {
        return underWriteLockChange(task, () -> new KernelState.Change(body.get(), List.of())).result();
    }

    protected KernelState.Change underWriteLockChange(int task, Supplier<KernelState.Change> body) {
        MmapLock lock = mmapLockOf(task);
        if (lock == null) {
            return body.get();
        }
        lock.writeLock();
        try {
            return body.get();
        } finally {
            lock.writeUnlock();
        }
    }

    /** SysV shm calls: they change the structure (attachments, segments) under the caller's {@code mmap_lock} for write. */
    protected static boolean isShm(Op op) {
        return op instanceof Op.Shmget || op instanceof Op.Shmat || op instanceof Op.Shmdt || op instanceof Op.ShmRmid;
    }

    /** True when the VMA is a hugetlb mapping (the huge-page allocation path). */
    protected static boolean huge(Vma vma) {
        return vma.kind() == MapKind.HUGETLB;
    }
}
