package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.MmapLock;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.TaskStruct;
import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.model.GetFlag;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.PolicyAnswers;
import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
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
                            + "old policy is put after the swap. Correct while only a task itself replaces its task "
                            + "policy; the same code once remote installs exist is remote-install-no-ref.",
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
    /** Each task's {@code task_struct}: the {@code mempolicy} pointer the lookups load. */
    protected final TaskStruct[] tasks;
    /** The tracked primitives the task-policy lookup ({@link #taskLookup()}) runs on. */
    protected final TrackedTaskPolicyAccess access;
    private final MmapLock[] mmapLocks;

    public MmapLockScheme(WorldConfig world, PolicyHeap heap) {
        this.tasks = TaskStruct.slots(world.maxTasks());
        this.state = new KernelState(world, heap, tasks);
        this.heap = heap;
        this.access = new TrackedTaskPolicyAccess(tasks, heap);
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
        return answer(op, Result::ok); // migrate, cpuset_rebind, failslab: nothing to compute but success
    }

    /* --------------- Kernel events --------------- */

    /** The return to user mode: runs the task's {@code task_work}. Nothing pending in schemes without it. */
    protected Result returnToUser(Op.ReturnToUser op) {
        return answer(op, Result::ok);
    }

    /** An RCU grace period elapses. Nothing waits for one in schemes without RCU. */
    protected Result rcuGracePeriod(Op.RcuGracePeriod op) {
        return answer(op, Result::ok);
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
     * How this scheme's users reach a task policy for one use ({@code get_task_policy()} and what
     * keeps the result alive): in 2008, a plain load — the owner needs nothing, and other readers
     * hold the mm's {@code mmap_lock}. The same lookup code runs in the benchmarks
     * ({@link #allocLookup()}).
     */
    protected TaskPolicyLookup taskLookup() {
        return TaskPolicyLookup.PLAIN_LOAD;
    }

    /** The owner's allocation with no VMA is {@link #taskLookup()} and nothing around it. */
    @Override
    public Optional<TaskPolicyLookup> allocLookup() {
        return Optional.of(taskLookup());
    }

    /** {@code reader} reaches {@code task}'s task policy by {@link #taskLookup()}; every pin is followed by one {@link #unpinTaskPolicy} on the same thread. */
    protected final Optional<KPolicy> pinTaskPolicy(int reader, int task) {
        return Optional.ofNullable(taskLookup().pin(access, reader, task));
    }

    /** Ends the use begun by {@link #pinTaskPolicy}. */
    protected final void unpinTaskPolicy(int reader, Optional<KPolicy> pol) {
        taskLookup().unpin(access, reader, pol.orElse(null));
    }

    /** {@code READ_ONCE(task->mempolicy)} from the scheme's task struct: empty for no policy or no such task. */
    protected final Optional<KPolicy> loadTaskPolicy(int task) {
        return Optional.ofNullable(access.loadTaskPolicy(task));
    }

    /** {@code use} of {@code task}'s task policy by {@code reader}, between a pin and an unpin; returns what the use computed. */
    protected final <T> T withTaskPolicy(int reader, int task, java.util.function.Function<Optional<KPolicy>, T> use) {
        Optional<KPolicy> pol = pinTaskPolicy(reader, task);
        try {
            return use.apply(pol);
        } finally {
            unpinTaskPolicy(reader, pol);
        }
    }

    /* --------------- Users --------------- */

    /*
     * Every answer below is computed from the policy objects the scheme read through the heap, with
     * the rules the model also uses (PolicyAnswers); the structure (which VMA, which task, which
     * errno) comes from KernelState. The model's own answer is never returned.
     */

    /**
     * What user space gets for {@code op}: the structure's errno if the operation fails, else
     * {@code computed} — the answer built from the values the scheme read.
     */
    protected final Result answer(Op op, Supplier<Result> computed) {
        Optional<Result.Error> failed = state.apply(op).failure();
        return failed.isPresent() ? failed.get() : computed.get();
    }

    /** The value of {@code pol}, read through the heap; empty for no policy. */
    protected final Optional<Mempolicy> readValue(Optional<KPolicy> pol) {
        return pol.map(heap::read);
    }

    /**
     * {@code show_numa_map()} for every VMA of the target, with the target's task policy held for
     * the whole read ({@link #holdTaskPolicy}): per VMA its own policy, a shm VMA's tree ranges
     * ({@link #showSharedVma}), else the task policy ({@code get_vma_policy(task, ...)}).
     */
    protected Result numaMaps(Op.NumaMaps op) {
        Optional<KPolicy> held = holdTaskPolicy(op.task(), op.target());
        List<Result.MapsLine> lines = new ArrayList<>();
        try {
            for (KernelState.MapsVma v : state.numaMapsVmas(op.target())) {
                if (v.shm()) {
                    for (SharedRead line : showSharedVma(op, v.vma())) {
                        Optional<Mempolicy> pol = line.value().isPresent() ? line.value() : readValue(held);
                        lines.add(new Result.MapsLine(line.start(), PolicyAnswers.mapsText(pol), false));
                    }
                } else {
                    Optional<Mempolicy> pol = readValue(v.own().isPresent() ? v.own() : held);
                    lines.add(new Result.MapsLine(v.vma().start(), PolicyAnswers.mapsText(pol), huge(v.vma())));
                }
            }
        } finally {
            releaseHeld(op.task(), op.target(), held);
        }
        return answer(op, () -> new Result.Maps(lines));
    }

    /**
     * How {@code numa_maps} holds the target's task policy from {@code m_start} to {@code m_stop}:
     * in 2008 as any other use ({@link #pinTaskPolicy}), the reader holding the target's
     * {@code mmap_lock} for read.
     */
    protected Optional<KPolicy> holdTaskPolicy(int reader, int target) {
        return pinTaskPolicy(reader, target);
    }

    /** Ends the hold begun by {@link #holdTaskPolicy}. */
    protected void releaseHeld(int reader, int target, Optional<KPolicy> held) {
        unpinTaskPolicy(reader, held);
    }

    /** One {@code numa_maps} line of a shm VMA as read: its start and the tree range's value (empty for a gap). */
    protected record SharedRead(long start, Optional<Mempolicy> value) {
    }

    /**
     * The lines of a shm VMA: one walk of its segment's tree. Schemes without shared policies walk
     * it with no lock and no reference (they are never checked in a world with segments).
     */
    protected List<SharedRead> showSharedVma(Op.NumaMaps op, Vma vma) {
        List<SharedRead> out = new ArrayList<>();
        for (KernelState.SharedLine line : state.sharedMapsLines(vma)) {
            out.add(new SharedRead(line.start(), readValue(line.policy())));
        }
        return out;
    }

    /** A page fault at {@code addr}: under {@code mmap_lock} for read, the allocation ({@link #allocFault}). */
    protected Result fault(Op.AllocPage op, long addr) {
        return underReadLock(op.task(), () -> allocFault(op, addr));
    }

    /** The fault path: {@code get_vma_policy()} (VMA, else task, else default) and the allocation that reads it. */
    protected Result allocFault(Op.AllocPage op, long addr) {
        Optional<Vma> vma = state.vma(op.task(), addr);
        if (vma.isEmpty()) {
            return answer(op, () -> new Result.Error(io.mpolcheck.model.Errno.EFAULT));
        }
        Optional<KPolicy> vmaPolicy = state.vmaPolicy(op.task(), addr);
        Optional<Mempolicy> used;
        if (vmaPolicy.isPresent()) {
            used = usePolicyForFault(op, vma.get(), vmaPolicy, true);
        } else {
            used = withTaskPolicy(op.task(), op.task(), pol -> usePolicyForFault(op, vma.get(), pol, false));
        }
        return answer(op, () -> placeFault(op.task(), used, vma.get(), addr));
    }

    /** The node of the page: {@code policy_nodemask()} and the allocation, applied to the value the fault read. */
    protected final Result placeFault(int task, Optional<Mempolicy> used, Vma vma, long addr) {
        return new Result.Node(PolicyAnswers.faultNode(used, state.nodeOf(task), vma, addr));
    }

    /**
     * How the fault path uses the policy it looked up: the 2008 rule reads it, without a reference,
     * under the read lock the caller holds. Historical variants override this step. Returns the
     * value read (empty for no policy), from which the node is computed.
     *
     * @param fromVma whether the policy is the VMA's own (else the task's, or none)
     */
    protected Optional<Mempolicy> usePolicyForFault(Op.AllocPage op, Vma vma, Optional<KPolicy> pol, boolean fromVma) {
        return readValue(pol);
    }

    /**
     * {@code alloc_pages()} with no VMA: the owner reads its own task policy, no lock, no
     * reference; an interleaving policy advances its cursor ({@code interleave_nodes()}).
     */
    protected Result allocNoVma(Op.AllocPage op) {
        int local = state.nodeOf(op.task());
        int node = withTaskPolicy(op.task(), op.task(), pol -> {
            if (pol.isEmpty()) {
                return local;
            }
            Mempolicy value = heap.read(pol.get());
            return value.mode().interleaves() ? heap.interleaveNext(pol.get())
                    : PolicyAnswers.place(Optional.of(value), local, java.util.OptionalLong.empty());
        });
        return answer(op, () -> new Result.Node(node));
    }

    /** {@code do_get_mempolicy()}: the task's own policy locklessly, a VMA's under {@code mmap_lock} for read. */
    protected Result getMempolicy(Op.GetMempolicy op) {
        if (GetFlag.MPOL_F_MEMS_ALLOWED.in(op.flags())) {
            return answer(op, () -> PolicyAnswers.copyOut(0, false,
                    io.mpolcheck.model.NodeMask.firstN(state.config().nodes()), op.wantNodes(), op.maxnode()));
        }
        if (!GetFlag.MPOL_F_ADDR.in(op.flags())) {
            return getTaskMempolicy(op);
        }
        if (GetFlag.MPOL_F_NODE.in(op.flags())) {
            return getMempolicyNodeOfAddr(op);
        }
        return underReadLock(op.task(), () -> {
            Optional<Mempolicy> pol = readValue(state.vmaPolicy(op.task(), op.addr()));
            return answer(op, () -> reportPolicy(op, pol));
        });
    }

    /** {@code get_mempolicy()} of the caller's own task policy (plain, or {@code MPOL_F_NODE}: the next interleave node). */
    protected Result getTaskMempolicy(Op.GetMempolicy op) {
        Result computed = withTaskPolicy(op.task(), op.task(), pol -> taskPolicyAnswer(op, pol));
        return answer(op, () -> computed);
    }

    /**
     * What {@code get_mempolicy()} without {@code MPOL_F_ADDR} reports for the task policy object
     * {@code pol} (read here): its mode and mask or, with {@code MPOL_F_NODE}, the node after its
     * interleave cursor ({@code EINVAL} if it does not interleave).
     */
    protected final Result taskPolicyAnswer(Op.GetMempolicy op, Optional<KPolicy> pol) {
        Optional<Mempolicy> value = readValue(pol);
        if (!GetFlag.MPOL_F_NODE.in(op.flags())) {
            return reportPolicy(op, value);
        }
        if (value.isEmpty() || !value.get().mode().interleaves()) {
            return new Result.Error(io.mpolcheck.model.Errno.EINVAL);
        }
        int next = PolicyAnswers.nextInterleave(value.get(), heap.readIlPrev(pol.get()));
        return PolicyAnswers.copyOut(next, true, value.get().reportedNodes(), op.wantNodes(), op.maxnode());
    }

    /** The mode word and the nodemask {@code get_mempolicy} copies out for the value read. */
    protected static Result reportPolicy(Op.GetMempolicy op, Optional<Mempolicy> pol) {
        return PolicyAnswers.copyOut(PolicyAnswers.reportedMode(pol), false, PolicyAnswers.reportedNodes(pol),
                op.wantNodes(), op.maxnode());
    }

    /**
     * {@code get_mempolicy(MPOL_F_NODE | MPOL_F_ADDR)}: look the VMA policy up, find the page's node
     * ({@code lookup_node()}: here the node a fault would choose, from the VMA's policy or else the
     * task's), then report the node and the VMA policy's nodemask. In 2008 all of it ran under the
     * read lock.
     */
    protected Result getMempolicyNodeOfAddr(Op.GetMempolicy op) {
        return underReadLock(op.task(), () -> {
            Optional<KPolicy> pol = state.vmaPolicy(op.task(), op.addr());
            Optional<Mempolicy> value = readValue(pol);
            return answerNodeOfAddr(op, value);
        });
    }

    /**
     * The answer of {@code get_mempolicy(MPOL_F_NODE | MPOL_F_ADDR)} from the VMA policy's value
     * (empty: none, and the page's node then comes from the task policy, read here).
     */
    protected final Result answerNodeOfAddr(Op.GetMempolicy op, Optional<Mempolicy> vmaValue) {
        Optional<Vma> vma = state.vma(op.task(), op.addr());
        Optional<Mempolicy> placing = vmaValue.isPresent() || vma.isEmpty() ? vmaValue
                : withTaskPolicy(op.task(), op.task(), this::readValue);
        return answer(op, () -> vma.isEmpty() ? new Result.Error(io.mpolcheck.model.Errno.EFAULT)
                : PolicyAnswers.copyOut(PolicyAnswers.faultNode(placing, state.nodeOf(op.task()), vma.get(), op.addr()),
                        true, PolicyAnswers.reportedNodes(vmaValue), op.wantNodes(), op.maxnode()));
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
