package io.mpolcheck.scheme;

import io.mpolcheck.sched.Sched;
import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.TaskStruct;
import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.PolicyId;
import io.mpolcheck.model.PolicyRef;
import io.mpolcheck.model.Vma;
import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The memory of a simulated kernel as the built-in schemes share it: the structure (tasks, VMAs,
 * policy values) is kept by a {@link MempolicyModel}, and every policy object of that structure
 * has a kernel object in the {@link PolicyHeap}. Each method is one atomic step — a pointer load
 * or a structural update done while the scheme holds whatever locks its rules require — so the
 * interleavings a checker explores are those of the scheme's own steps: lock, load a pointer,
 * dereference it through the heap, drop a reference.
 *
 * <p>{@link #apply} returns the model's result, which a scheme may use for the structure's part of
 * an answer only: an errno, the child of {@code fork}, the address of {@code mmap}. What user space
 * sees of a policy (mode, mask, node, {@code numa_maps} text) the scheme computes from the objects
 * it read ({@code MmapLockScheme#answer}).
 *
 * <p>Task policies are not looked up here: each task's {@code mempolicy} pointer is a field of the
 * scheme's own {@link TaskStruct}, stored by every structure change and loaded by the scheme's
 * lookups. The VMA tree, {@code vma->vm_policy} and the shared trees' ranges are still answered
 * from the model by the queries below.
 *
 * <p>What this does not model: the structure itself cannot be torn by a scheme that forgets a
 * lock (the VMA tree is always consistent, a lookup finds the right VMA); the lifetime of policy
 * objects and the values read from them are at the scheme's mercy.
 */
public final class KernelState {

    /** A structural update: what user space sees, and the kernel objects the structure let go of. */
    public record Change(Result result, List<KPolicy> released) {

        /** The structure's errno when the operation fails: all a scheme may take from it as an answer. */
        public Optional<Result.Error> failure() {
            return result instanceof Result.Error e ? Optional.of(e) : Optional.empty();
        }
    }

    /** What a new policy object of the structure is for. */
    public enum Role {
        /** A task's or a VMA's own policy ({@code mpol_new}, {@code mpol_dup}). */
        PRIVATE,
        /** The policy of a new shared-tree range ({@code sp_alloc}: a copy marked {@link KPolicy#MPOL_F_SHARED}). */
        SHARED_RANGE,
        /** The upper piece of a split shared-tree range ({@code shared_policy_replace}'s {@code mpol_new}). */
        SPLIT_COPY
    }

    /** How a scheme allocates the objects a structural update creates; the default is the heap's allocator. */
    @FunctionalInterface
    public interface Allocator {
        KPolicy alloc(Mempolicy value, Role role);
    }

    private final MempolicyModel world;
    private final PolicyHeap heap;
    private final Map<PolicyId, KPolicy> objects = new HashMap<>();
    private final TaskStruct[] tasks;

    /**
     * @param tasks the scheme's task structs, one per task slot of {@code config}: every structure
     *     change stores each task's policy pointer into them ({@link TaskStruct#publish})
     */
    public KernelState(WorldConfig config, PolicyHeap heap, TaskStruct[] tasks) {
        this.world = new MempolicyModel(config);
        this.heap = heap;
        if (tasks.length != config.maxTasks()) {
            throw new IllegalArgumentException("one task struct per task slot: " + tasks.length + " for " + config.maxTasks());
        }
        this.tasks = tasks.clone();
    }

    public WorldConfig config() {
        return world.config();
    }

    /**
     * Applies {@code op} to the structure: new policy objects are allocated from the heap (each
     * with the one reference its holder owns); objects the structure dropped are returned, still
     * allocated, for the scheme to {@code mpol_put} when its rules say.
     */
    public Change apply(Op op) {
        return apply(op, allocator);
    }

    private volatile Allocator allocator = this::defaultAlloc;

    /** Makes {@code allocator} the one {@link #apply(Op)} uses (a scheme whose objects carry more than a {@code refcnt}). */
    public void useAllocator(Allocator allocator) {
        this.allocator = java.util.Objects.requireNonNull(allocator, "allocator");
    }

    /** {@link #apply(Op)}, allocating the new objects through {@code allocator}, in creation order. */
    public Change apply(Op op, Allocator allocator) {
        Sched.point("structure change", op);
        Sched.atomicBegin();
        try {
            synchronized (this) {
                int firstNew = world.nextPolicyNumber();
                int freedBefore = world.freedCount();
                Result result = world.apply(op);
                allocateNew(firstNew, allocator);
                if (op instanceof Op.Fork && result instanceof Result.Forked f) {
                    inheritInterleaveCursor(op.task(), f.child());
                }
                publishTaskPolicies();
                return new Change(result, released(freedBefore));
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** Kernel objects for the model objects made since {@code firstNew} and still live, in creation order. */
    private void allocateNew(int firstNew, Allocator allocator) {
        int end = world.nextPolicyNumber();
        if (end == firstNew) {
            return;
        }
        List<PolicyId> splitCopies = world.lastSplitCopies();
        java.util.Set<PolicyId> ranges = sharedRangeObjects();
        for (int n = firstNew; n < end; n++) {
            PolicyId id = new PolicyId(n);
            Mempolicy value = world.liveValue(id);
            if (value != null) {
                Role role = splitCopies.contains(id) ? Role.SPLIT_COPY
                        : ranges.contains(id) ? Role.SHARED_RANGE : Role.PRIVATE;
                objects.put(id, allocator.alloc(value, role));
            }
        }
    }

    /** The kernel objects of the model objects freed since {@code freedBefore} (made before), in object order. */
    private List<KPolicy> released(int freedBefore) {
        List<KPolicy> released = new ArrayList<>();
        for (int i = freedBefore; i < world.freedCount(); i++) {
            KPolicy k = objects.remove(world.freedAt(i));
            if (k != null) {
                released.add(k);
            }
        }
        released.sort(java.util.Comparator.comparingInt(KPolicy::id));
        return released;
    }

    /** Each task's {@code mempolicy} pointer after the change: the store the installer makes. */
    private void publishTaskPolicies() {
        for (int t = 0; t < tasks.length; t++) {
            tasks[t].publish(world.taskPolicy(t).map(this::object).orElse(null));
        }
    }

    /** {@code copy_process()}: the child's copy of the task policy starts where the parent's cursor is. */
    private void inheritInterleaveCursor(int parent, int child) {
        Optional<PolicyRef> from = world.taskPolicy(parent);
        Optional<PolicyRef> to = world.taskPolicy(child);
        if (from.isPresent() && to.isPresent()) {
            heap.copyIlPrev(object(from.get()), object(to.get()));
        }
    }

    private KPolicy defaultAlloc(Mempolicy value, Role role) {
        return heap.alloc(value, role == Role.PRIVATE ? 0 : KPolicy.MPOL_F_SHARED);
    }

    private java.util.Set<PolicyId> sharedRangeObjects() {
        java.util.Set<PolicyId> ids = new java.util.HashSet<>();
        for (int shmid : world.shmids()) {
            world.sharedRanges(shmid).forEach(n -> ids.add(n.policy().id()));
        }
        return ids;
    }

    /**
     * {@code sp_lookup()} through a shm VMA: the object of the shared-tree range holding the page at
     * {@code addr}; empty when {@code addr} is not in a shm VMA or its offset has no range.
     */
    public Optional<KPolicy> sharedPolicy(int task, long addr) {
        Sched.point("sp_lookup");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.vmaContaining(task, addr).filter(v -> v.kind() == MapKind.SHM)
                        .flatMap(v -> world.vmaPolicyAt(task, addr)).map(this::object);
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /**
     * The split an {@code mbind} of {@code [start, start+len)} by {@code task} would make in a shared
     * tree: the spanning range's object and bounds and the page offsets being replaced.
     */
    public Optional<SplitTarget> sharedSplitTarget(int task, long start, long len) {
        Sched.point("sharedSplitTarget");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.sharedSplitTarget(task, start, len).map(s -> new SplitTarget(object(s.spanning().policy()),
                        s.spanning().start(), s.spanning().end(), s.start(), s.end(), nodeBounds(s.shmid())));
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    private List<long[]> nodeBounds(int shmid) {
        return world.sharedRanges(shmid).stream().map(n -> new long[] {n.start(), n.end()}).toList();
    }

    /**
     * A pending split of a shared-tree range: {@code n = [nodeStart, nodeEnd)} holding {@code policy}
     * strictly contains the new range {@code [start, end)}; {@code ranges} are the tree's
     * {@code [start, end)} pairs in order, for a scheme that replays {@code sp_insert()}.
     */
    public record SplitTarget(KPolicy policy, long nodeStart, long nodeEnd, long start, long end, List<long[]> ranges) {
    }

    /** The {@code shmid}s of the segments whose shm VMAs {@code [start, start+len)} of {@code task}'s address space touches. */
    public List<Integer> segmentsIn(int task, long start, long len) {
        Sched.point("segmentsIn");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                long end = start + Math.max(len, 0);
                return world.vmas(task).stream().filter(v -> v.kind() == MapKind.SHM)
                        .filter(v -> Long.compareUnsigned(v.start(), end) < 0 && Long.compareUnsigned(v.end(), start) > 0)
                        .map(Vma::segment).distinct().sorted().toList();
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** One shm VMA: address space, range, segment. */
    public record ShmVma(int mm, long start, long end, int shmid) {
    }

    /** Every shm VMA of every address space. */
    public java.util.Set<ShmVma> shmVmas() {
        Sched.point("shmVmas");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                java.util.Set<ShmVma> out = new java.util.LinkedHashSet<>();
                world.addressSpaces().forEach((mm, vmas) -> vmas.stream().filter(v -> v.kind() == MapKind.SHM)
                        .forEach(v -> out.add(new ShmVma(mm, v.start(), v.end(), v.segment()))));
                return out;
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    private final Map<ShmVma, List<KPolicy>> vmaHeld = new HashMap<>();

    /**
     * What attached VMAs must do after a structural change, in a scheme where they hold references
     * on tree policies (Lee's Figure 3): {@code dropped} are the references of VMAs that are gone,
     * {@code taken} the ones present VMAs lack on their segment's current tree policies.
     */
    public record HeldChange(List<KPolicy> dropped, List<KPolicy> taken) {
    }

    /**
     * Brings the record of which references each shm VMA holds up to date after a change, given the
     * shm VMAs before it. The caller puts {@code dropped} and gets {@code taken}. (Bookkeeping the
     * kernel would keep as counts only.)
     */
    public HeldChange reconcileHeld(java.util.Set<ShmVma> before) {
        Sched.point("reconcileHeld");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                java.util.Set<ShmVma> after = shmVmas();
                List<KPolicy> dropped = new ArrayList<>();
                for (ShmVma v : before) {
                    if (!after.contains(v)) {
                        List<KPolicy> refs = vmaHeld.remove(v);
                        if (refs != null) {
                            dropped.addAll(refs);
                        }
                    }
                }
                List<KPolicy> taken = new ArrayList<>();
                for (ShmVma v : after) {
                    List<KPolicy> refs = vmaHeld.computeIfAbsent(v, k -> new ArrayList<>());
                    for (KPolicy p : sharedObjects(v.shmid())) {
                        if (refs.stream().noneMatch(r -> r == p)) {
                            refs.add(p);
                            taken.add(p);
                        }
                    }
                }
                return new HeldChange(dropped, taken);
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** The objects of segment {@code shmid}'s tree ranges, in range order. */
    public List<KPolicy> sharedObjects(int shmid) {
        Sched.point("sharedObjects");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.sharedRanges(shmid).stream().map(n -> object(n.policy())).toList();
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** Whether the next allocation {@code task} makes to split a shared range fails ({@code failslab()}). */
    public boolean failslabArmed(int task) {
        Sched.point("failslabArmed");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.failslabArmed(task);
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** The {@code shmid}s of the segments that exist. */
    public List<Integer> shmids() {
        Sched.point("shmids");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.shmids();
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /**
     * The VMAs {@code numa_maps} of {@code target} walks, in address order, each with its own
     * policy object if it has one (a shm VMA's lines come from its segment's tree:
     * {@link #sharedMapsLines}).
     */
    public List<MapsVma> numaMapsVmas(int target) {
        Sched.point("walk VMAs");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                List<MapsVma> out = new ArrayList<>();
                for (Vma v : world.vmas(target)) {
                    out.add(new MapsVma(v, v.policy().map(this::object)));
                }
                return out;
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** One VMA as {@code show_numa_map()} finds it: the VMA and its own policy object, if any. */
    public record MapsVma(Vma vma, Optional<KPolicy> own) {
        /** True for a SysV shm VMA, whose lines come from the segment's tree. */
        public boolean shm() {
            return vma.kind() == MapKind.SHM;
        }
    }

    /**
     * The lines of shm VMA {@code vma} as the tree holds them now: one per sub-range of the tree it
     * maps, with the range's object, and one per gap, with none (the task policy is the fallback).
     * A scheme calls this under the tree's lock, as one walk.
     */
    public List<SharedLine> sharedMapsLines(Vma vma) {
        Sched.point("walk sp ranges");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                List<SharedLine> lines = new ArrayList<>();
                long first = vma.pgoff();
                long last = first + ((vma.end() - vma.start()) >>> io.mpolcheck.model.Limits.PAGE_SHIFT);
                long cursor = first;
                for (var n : world.sharedRanges(vma.segment())) {
                    if (n.end() <= first || n.start() >= last) {
                        continue;
                    }
                    long from = Math.max(n.start(), first);
                    if (from > cursor) {
                        lines.add(new SharedLine(addressOf(vma, cursor), Optional.empty()));
                    }
                    lines.add(new SharedLine(addressOf(vma, from), Optional.of(object(n.policy()))));
                    cursor = Math.min(n.end(), last);
                }
                if (cursor < last) {
                    lines.add(new SharedLine(addressOf(vma, cursor), Optional.empty()));
                }
                return lines;
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    private static long addressOf(Vma vma, long pgoff) {
        return vma.start() + ((pgoff - vma.pgoff()) << io.mpolcheck.model.Limits.PAGE_SHIFT);
    }

    /** One {@code numa_maps} line of a shm VMA: where it starts and the tree range's object (none for a gap). */
    public record SharedLine(long start, Optional<KPolicy> policy) {
    }

    /** The node {@code task} runs on ({@code numa_node_id()}); -1 if it never existed. */
    public int nodeOf(int task) {
        Sched.point("nodeOf");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.nodeOf(task);
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** {@code vma->vm_policy} of the VMA containing {@code addr} in {@code task}'s address space. */
    public Optional<KPolicy> vmaPolicy(int task, long addr) {
        Sched.point("load vma->vm_policy");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.vmaContaining(task, addr).flatMap(Vma::policy).map(this::object);
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** The VMA containing {@code addr} in {@code task}'s address space. */
    public Optional<Vma> vma(int task, long addr) {
        Sched.point("find_vma");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.vmaContaining(task, addr);
            }
        } finally {
            Sched.atomicEnd();
        }
    }


    /** Whether {@code exit} of {@code task} would tear its address space down (the last live task of its mm). */
    public boolean exitTearsDownMm(int task) {
        Sched.point("exitTearsDownMm");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.isLastUserOfMm(task);
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** The starts of every VMA of {@code task}'s address space, in address order. */
    public long[] vmaStarts(int task) {
        Sched.point("vmaStarts");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.vmas(task).stream().mapToLong(Vma::start).toArray();
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** The address space of {@code task}, or -1 if no such task was ever created. */
    public int mmOf(int task) {
        Sched.point("mmOf");
        Sched.atomicBegin();
        try {
            synchronized (this) {
                return world.mmOf(task);
            }
        } finally {
            Sched.atomicEnd();
        }
    }

    /** The kernel object standing for a model policy object. */
    private KPolicy object(PolicyRef ref) {
        KPolicy k = objects.get(ref.id());
        if (k == null) {
            throw new IllegalStateException("no kernel object for " + ref);
        }
        return k;
    }
}
