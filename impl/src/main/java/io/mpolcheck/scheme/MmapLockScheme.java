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
        } else if (op instanceof Op.Mbind || op instanceof Op.Mmap || op instanceof Op.Munmap
                || op instanceof Op.Fork || op instanceof Op.Exit || isShm(op)) {
            return underWriteLock(op.task(), () -> installAndPut(op));
        } else if (op instanceof Op.NumaMaps n) {
            return underReadLock(n.target(), () -> numaMaps(n));
        } else if (op instanceof Op.AllocPage a && a.addr().isPresent()) {
            return underReadLock(a.task(), () -> allocFault(a, a.addr().getAsLong()));
        } else if (op instanceof Op.AllocPage a) {
            return allocNoVma(a);
        } else if (op instanceof Op.GetMempolicy g) {
            return getMempolicy(g);
        }
        return state.apply(op).result();
    }

    /* --------------- Installers --------------- */

    /** {@code do_set_mempolicy()} of 2008: swap under {@code mmap_lock} for write, put the old policy after. */
    protected Result setMempolicy(Op op) {
        KernelState.Change change = underWriteLockChange(op.task(), () -> state.apply(op));
        change.released().forEach(heap::put);
        return change.result();
    }

    /** A structural change ({@code vma_replace_policy}, unmap, dup, exit): the holders' references are put under the lock. */
    protected Result installAndPut(Op op) {
        KernelState.Change change = state.apply(op);
        change.released().forEach(heap::put);
        return change.result();
    }

    /* --------------- Users --------------- */

    /** {@code show_numa_map()}: per VMA its policy, else the target's task policy ({@code get_vma_policy(task, ...)}). */
    protected Result numaMaps(Op.NumaMaps op) {
        for (KernelState.MapsSlot slot : state.numaMapsSlots(op.target())) {
            if (slot.sharedAt().isPresent()) {
                showSharedRange(op, slot.sharedAt().getAsLong());
            } else {
                Optional<KPolicy> pol = slot.own().isPresent() ? slot.own() : state.taskPolicy(op.target());
                pol.ifPresent(heap::read);
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

    /** The fault path: {@code get_vma_policy()} (VMA, else task, else default) and the allocation that reads it. */
    protected Result allocFault(Op.AllocPage op, long addr) {
        Optional<Vma> vma = state.vma(op.task(), addr);
        if (vma.isPresent()) {
            Optional<KPolicy> vmaPolicy = state.vmaPolicy(op.task(), addr);
            usePolicyForFault(op, vma.get(), vmaPolicy.isPresent() ? vmaPolicy : state.taskPolicy(op.task()),
                    vmaPolicy.isPresent());
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
        state.taskPolicy(op.task()).ifPresent(heap::read);
        return state.apply(op).result();
    }

    /** {@code do_get_mempolicy()}: the task's own policy locklessly, a VMA's under {@code mmap_lock} for read. */
    protected Result getMempolicy(Op.GetMempolicy op) {
        if (!GetFlag.MPOL_F_ADDR.in(op.flags())) {
            state.taskPolicy(op.task()).ifPresent(heap::read);
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
