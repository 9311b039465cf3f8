package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.EAGAIN;
import static io.mpolcheck.model.Errno.EFAULT;
import static io.mpolcheck.model.Errno.EINVAL;
import static io.mpolcheck.model.Errno.ENOENT;
import static io.mpolcheck.model.Errno.ENOMEM;
import static io.mpolcheck.model.Errno.ENOSPC;
import static io.mpolcheck.model.Errno.EPERM;
import static io.mpolcheck.model.Errno.ESRCH;
import static io.mpolcheck.model.SyscallFailure.failIf;

import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The sequential reference model of task and VMA memory policies: what {@code set_mempolicy},
 * {@code get_mempolicy}, {@code mbind}, {@code mmap}, {@code munmap}, {@code fork}, {@code exit},
 * {@code /proc/PID/numa_maps} and the page allocator must do, one operation at a time, following
 * the man pages and Linux 6.x {@code mm/mempolicy.c} (the kernel wins where they differ). It has no
 * locks and no reference counts; instead it keeps ghost lifetime state ({@link #view()}): every
 * policy object it allocates, who holds it, and what it has freed.
 *
 * <p><b>What the model fixes</b> (the kernel's answer depends on things outside the model):
 * <ul>
 *   <li>No resident pages. Every {@code alloc_page(addr)} and every
 *       {@code get_mempolicy(MPOL_F_NODE|MPOL_F_ADDR)} answers as a first touch would: the node the
 *       fault path chooses now. {@code MPOL_MF_STRICT} and {@code MPOL_MF_MOVE} find no pages, so
 *       never give {@code EIO} and never migrate. (The kernel reports the node of the page already
 *       there; for an untouched anonymous page that is the shared zero page's node.)</li>
 *   <li>No memory pressure, no cpusets, no reservations: every node has memory, every task may use
 *       every node, hugetlb pages never run out, no task has {@code CAP_SYS_NICE}.</li>
 *   <li>Uniform distances: when {@code MPOL_BIND} or {@code MPOL_PREFERRED_MANY} exclude the local
 *       node, the page goes to the first allowed node after it, wrapping — the order
 *       {@code find_next_best_node()} builds ("prefer the next node") when distances are equal,
 *       without its load spreading.</li>
 *   <li>Weighted interleave uses weight 1 for every node (the sysfs default), so it places pages as
 *       {@code MPOL_INTERLEAVE} does; {@code il_weight} is then always 0 and is not kept.</li>
 *   <li>Interleaving: a fault in a VMA uses the page offset ({@code interleave_nid()}), whether the
 *       policy came from the VMA or from the task ({@code get_vma_policy()} adds the offset after its
 *       fallback to the task policy); only {@code alloc_page()} without an address (a kernel
 *       allocation with no VMA) goes round-robin through {@code task->il_prev}.</li>
 *   <li>All-or-nothing: where {@code mbind} or {@code munmap} would fail at a hugetlb split after
 *       changing earlier VMAs (the kernel does not roll back), the model checks every split point
 *       first and changes nothing.</li>
 *   <li>An operation issued by a task that has exited (or never existed) gives {@code ESRCH}. An
 *       exited task counts as reaped at once, so reading its {@code numa_maps} gives
 *       {@code ENOENT}. (The kernel keeps a thread-group leader that exits before its other
 *       threads as a zombie, {@code /proc} entry included; the model has no group leaders.)</li>
 *   <li>Ghost object identities follow the model's own rule (a split keeps the object in the lower
 *       piece and copies it to the upper one; a merge keeps the lower object), not the kernel's
 *       exact allocation churn: who holds which value is what checkers compare.</li>
 * </ul>
 * {@code docs/model.md} lists every rule with the kernel function it follows.
 */
public final class MempolicyModel {

    /** A task slot; mutable, private to the model. */
    private static final class Task {
        final int id;
        final int mm;
        boolean alive = true;
        int node;
        int ilPrev = Limits.MAX_NUMNODES - 1;
        boolean failslab;
        Optional<PolicyRef> policy = Optional.empty();

        Task(int id, int mm, int node) {
            this.id = id;
            this.mm = mm;
            this.node = node;
        }

        TaskView view() {
            return new TaskView(id, mm, alive, node, ilPrev, policy);
        }
    }

    /** A SysV shm segment backed by shmem: its size, whether {@code IPC_RMID} marked it, its shared policy tree. */
    private static final class Segment {
        final int id;
        final long pages;
        boolean removed;
        final SharedPolicyTree<PolicyRef> tree = new SharedPolicyTree<>();

        Segment(int id, long pages) {
            this.id = id;
            this.pages = pages;
        }

        long size() {
            return pages << Limits.PAGE_SHIFT;
        }
    }

    private final WorldConfig config;
    private final TreeMap<Integer, Segment> segments = new TreeMap<>();
    private final List<PolicyId> lastSplitCopies = new ArrayList<>();
    private int nextShmid = 0;
    private final List<Task> tasks = new ArrayList<>();
    private final Map<Integer, TreeMap<Long, Vma>> mms = new TreeMap<>();
    private final Map<Integer, Integer> mmUsers = new TreeMap<>();
    private final TreeMap<PolicyId, Mempolicy> live = new TreeMap<>();
    private final TreeSet<PolicyId> freed = new TreeSet<>();
    private final List<PolicyId> freedInOrder = new ArrayList<>();
    private int nextPolicy = 1;
    private int nextSegment = 0;

    /** A model of {@link WorldConfig#SMALL}. */
    public MempolicyModel() {
        this(WorldConfig.SMALL);
    }

    public MempolicyModel(WorldConfig config) {
        this.config = config;
        List<Integer> mmOf = config.initialMmOfTasks();
        for (int t = 0; t < mmOf.size(); t++) {
            int mm = mmOf.get(t);
            tasks.add(new Task(t, mm, t % config.nodes()));
            mms.computeIfAbsent(mm, k -> new TreeMap<>());
            mmUsers.merge(mm, 1, Integer::sum);
        }
        live.put(PolicyId.DEFAULT_POLICY, Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
        for (int n = 0; n < config.nodes(); n++) {
            live.put(PolicyId.preferredNodePolicy(n), Mempolicy.of(Mode.MPOL_PREFERRED, NodeMask.of(n)));
        }
    }

    public WorldConfig config() {
        return config;
    }

    /* --------------- Dispatch --------------- */

    /** Applies one operation and returns what user space sees. */
    public Result apply(Op op) {
        lastSplitCopies.clear();
        if (op instanceof Op.SetMempolicy s) {
            return setMempolicy(s.task(), s.mode(), s.nodes());
        } else if (op instanceof Op.GetMempolicy g) {
            return getMempolicy(g.task(), g.wantNodes(), g.maxnode(), g.addr(), g.flags());
        } else if (op instanceof Op.Mbind m) {
            return mbind(m.task(), m.start(), m.len(), m.mode(), m.nodes(), m.flags());
        } else if (op instanceof Op.Mmap m) {
            return mmap(m.task(), m.addr(), m.len(), m.kind());
        } else if (op instanceof Op.Munmap m) {
            return munmap(m.task(), m.addr(), m.len());
        } else if (op instanceof Op.Fork f) {
            return fork(f.task());
        } else if (op instanceof Op.Exit e) {
            return exit(e.task());
        } else if (op instanceof Op.Migrate m) {
            return migrate(m.task(), m.node());
        } else if (op instanceof Op.NumaMaps n) {
            return numaMaps(n.task(), n.target());
        } else if (op instanceof Op.AllocPage a) {
            return a.addr().isPresent() ? allocPage(a.task(), a.addr().getAsLong()) : allocPage(a.task());
        } else if (op instanceof Op.Shmget g) {
            return shmget(g.task(), g.size());
        } else if (op instanceof Op.Shmat a) {
            return shmat(a.task(), a.shmid(), a.addr());
        } else if (op instanceof Op.Shmdt d) {
            return shmdt(d.task(), d.addr());
        } else if (op instanceof Op.ShmRmid r) {
            return shmRmid(r.task(), r.shmid());
        } else if (op instanceof Op.CpusetRebind c) {
            return cpusetRebind(c.task(), c.target());
        } else if (op instanceof Op.Failslab f) {
            return failslab(f.task());
        } else if (op instanceof Op.PidfdSetMempolicy p) {
            return pidfdSetMempolicy(p.task(), p.target(), p.mode(), p.nodes(), p.flags());
        } else if (op instanceof Op.ReturnToUser r) {
            return run(() -> {
                caller(r.task());
                return Result.ok();
            });
        } else if (op instanceof Op.RcuGracePeriod) {
            return Result.ok();
        }
        throw new IllegalArgumentException("unknown operation " + op);
    }

    private static Result run(Supplier<Result> body) {
        try {
            return body.get();
        } catch (SyscallFailure f) {
            return new Result.Error(f.errno());
        }
    }

    private Task caller(int task) {
        failIf(task < 0 || task >= tasks.size() || !tasks.get(task).alive, ESRCH);
        return tasks.get(task);
    }

    /* --------------- Task policy --------------- */

    /** {@code set_mempolicy(2)}: {@code kernel_set_mempolicy()} → {@code do_set_mempolicy()}. */
    public Result setMempolicy(int task, int mode, UserNodes nodes) {
        return run(() -> {
            Task t = caller(task);
            installTaskPolicy(t, PolicyRules.fromUser(mode, nodes, config.nodes()));
            return Result.ok();
        });
    }

    /**
     * {@code pidfd_set_mempolicy(2)} as proposed (Zhongkun He, v2, Nov 2022; catalogue entry 17):
     * {@code do_set_mempolicy()} on another task. Checks, in order: the caller, {@code flags}
     * ({@code EINVAL} unless 0), the mode and nodes (as {@code set_mempolicy}), then the target
     * ({@code ESRCH} if it has exited or never existed). Not modelled: {@code CAP_SYS_NICE} and
     * {@code mm_access()} ({@code EPERM}), kernel-thread targets.
     */
    public Result pidfdSetMempolicy(int task, int target, int mode, UserNodes nodes, int flags) {
        return run(() -> {
            caller(task);
            failIf(flags != 0, EINVAL);
            Optional<Mempolicy> pol = PolicyRules.fromUser(mode, nodes, config.nodes());
            failIf(target < 0 || target >= tasks.size() || !tasks.get(target).alive, ESRCH);
            installTaskPolicy(tasks.get(target), pol);
            return Result.ok();
        });
    }

    /** {@code do_set_mempolicy()}'s swap: the new policy (or none) replaces the old, which is freed; interleave restarts. */
    private void installTaskPolicy(Task t, Optional<Mempolicy> pol) {
        Optional<PolicyRef> old = t.policy;
        t.policy = pol.map(this::allocate);
        if (pol.isPresent() && pol.get().mode().interleaves()) {
            t.ilPrev = Limits.MAX_NUMNODES - 1;
        }
        old.ifPresent(this::free);
    }

    /** {@code get_mempolicy(2)}: {@code kernel_get_mempolicy()} → {@code do_get_mempolicy()}. */
    public Result getMempolicy(int task, boolean wantNodes, long maxnode, long addr, int flags) {
        return run(() -> {
            Task t = caller(task);
            failIf(wantNodes && Long.compareUnsigned(maxnode, config.nodes()) < 0, EINVAL);
            failIf((flags & ~GetFlag.VALID) != 0, EINVAL);
            boolean node = GetFlag.MPOL_F_NODE.in(flags);
            boolean byAddr = GetFlag.MPOL_F_ADDR.in(flags);
            if (GetFlag.MPOL_F_MEMS_ALLOWED.in(flags)) {
                failIf(node || byAddr, EINVAL);
                return policyResult(0, false, NodeMask.firstN(config.nodes()), wantNodes, maxnode);
            }
            Optional<Mempolicy> pol;
            Vma vma = null;
            if (byAddr) {
                vma = vmaAt(t.mm, addr);
                failIf(vma == null, EFAULT);
                pol = vmaPolicyAt(vma, addr).map(PolicyRef::value);
            } else {
                failIf(addr != 0, EINVAL);
                pol = t.policy.map(PolicyRef::value);
            }
            NodeMask reported = PolicyAnswers.reportedNodes(pol);
            if (!node) {
                return policyResult(PolicyAnswers.reportedMode(pol), false, reported, wantNodes, maxnode);
            }
            if (byAddr) {
                return policyResult(faultNode(t, vma, addr), true, reported, wantNodes, maxnode);
            }
            failIf(pol.isEmpty() || !pol.get().mode().interleaves(), EINVAL);
            return policyResult(PolicyAnswers.nextInterleave(pol.get(), t.ilPrev), true, reported, wantNodes, maxnode);
        });
    }

    /** {@code copy_nodes_to_user()}: copies {@code ALIGN(maxnode - 1, 64)} bits; more than a page is {@code EINVAL}. */
    private static Result policyResult(int word, boolean isNode, NodeMask nodes, boolean wantNodes, long maxnode) {
        failIf(wantNodes && PolicyAnswers.copyTooLarge(maxnode), EINVAL);
        return PolicyAnswers.copyOut(word, isNode, nodes, wantNodes, maxnode);
    }

    /** Moves the task to a CPU of {@code node}. */
    public Result migrate(int task, int node) {
        return run(() -> {
            Task t = caller(task);
            failIf(node < 0 || node >= config.nodes(), EINVAL);
            t.node = node;
            return Result.ok();
        });
    }

    /* --------------- VMA policy --------------- */

    /** {@code mbind(2)}: {@code kernel_mbind()} → {@code do_mbind()} → {@code mbind_range()}. */
    public Result mbind(int task, long start, long len, int mode, UserNodes nodes, int flags) {
        return run(() -> {
            Task t = caller(task);
            PolicyRules.ModeAndFlags mf = PolicyRules.sanitize(mode);
            NodeMask user = PolicyRules.readUserNodes(nodes);
            failIf((flags & ~MbindFlag.VALID) != 0, EINVAL);
            failIf(MbindFlag.MPOL_MF_MOVE_ALL.in(flags), EPERM);
            failIf(!Limits.aligned(start, Limits.PAGE_SIZE), EINVAL);
            long end = start + Limits.pageAlign(len);
            failIf(Long.compareUnsigned(end, start) < 0, EINVAL);
            if (end == start) {
                return Result.ok();
            }
            Optional<Mempolicy> pol = PolicyRules.build(mf, user, config.nodes());
            TreeMap<Long, Vma> space = mms.get(t.mm);
            List<Vma> hit = overlapping(space, start, end);
            failIf(hit.isEmpty(), EFAULT);
            failIf(pol.isPresent() && hasHole(hit, start, end), EFAULT);
            List<Vma> changed = hit.stream()
                    .filter(v -> v.kind() == MapKind.SHM || !v.policyValue().equals(pol)).toList();
            changed.forEach(v -> checkSplits(v, start, end));
            if (t.failslab && sharedSplitTarget(task, start, len).isPresent()) {
                t.failslab = false;
                throw new SyscallFailure(ENOMEM);
            }
            for (Vma v : changed) {
                if (v.kind() == MapKind.SHM) {
                    setSharedPolicy(v, start, end, pol);
                } else {
                    replaceRange(t.mm, v, start, end, Optional.of(pol));
                }
            }
            mergeNeighbours(t.mm, start, end);
            return Result.ok();
        });
    }

    /** {@code mmap(addr, len, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_PRIVATE|MAP_ANONYMOUS[|MAP_HUGETLB], -1, 0)}. */
    public Result mmap(int task, long addr, long len, MapKind kind) {
        return run(() -> {
            Task t = caller(task);
            long length = kind == MapKind.HUGETLB ? alignUp(len, Limits.HPAGE_SIZE) : len;
            failIf(length == 0, EINVAL);
            length = Limits.pageAlign(length);
            failIf(length == 0, ENOMEM);
            failIf(Long.compareUnsigned(length, config.taskSize()) > 0, ENOMEM);
            failIf(kind == MapKind.HUGETLB && !Limits.aligned(addr, Limits.HPAGE_SIZE), EINVAL);
            failIf(Long.compareUnsigned(addr, config.taskSize() - length) > 0, ENOMEM);
            failIf(!Limits.aligned(addr, Limits.PAGE_SIZE), EINVAL);
            failIf(Long.compareUnsigned(addr, Limits.MMAP_MIN_ADDR) < 0, EPERM);
            long end = addr + length;
            TreeMap<Long, Vma> space = mms.get(t.mm);
            List<Vma> hit = overlapping(space, addr, end);
            hit.forEach(v -> checkSplits(v, addr, end));
            hit.forEach(v -> replaceRange(t.mm, v, addr, end, Optional.empty()));
            int segment = kind == MapKind.HUGETLB ? nextSegment++ : -1;
            long pgoff = kind == MapKind.HUGETLB ? 0 : addr >>> Limits.PAGE_SHIFT;
            space.put(addr, new Vma(addr, end, kind, segment, pgoff, Optional.empty()));
            mergeNeighbours(t.mm, addr, end);
            destroyUnattachedSegments();
            return new Result.Mapped(addr);
        });
    }

    /** {@code munmap(2)}: {@code do_vmi_munmap()}; a range with nothing mapped succeeds. */
    public Result munmap(int task, long addr, long len) {
        return run(() -> {
            Task t = caller(task);
            long taskSize = config.taskSize();
            failIf(!Limits.aligned(addr, Limits.PAGE_SIZE) || Long.compareUnsigned(addr, taskSize) > 0
                    || Long.compareUnsigned(len, taskSize - addr) > 0, EINVAL);
            long end = addr + Limits.pageAlign(len);
            failIf(end == addr, EINVAL);
            List<Vma> hit = overlapping(mms.get(t.mm), addr, end);
            hit.forEach(v -> checkSplits(v, addr, end));
            hit.forEach(v -> replaceRange(t.mm, v, addr, end, Optional.empty()));
            destroyUnattachedSegments();
            return Result.ok();
        });
    }

    /* --------------- Processes --------------- */

    /** {@code fork()}: {@code copy_process()} duplicates the task policy, {@code dup_mmap()} every VMA policy. */
    public Result fork(int task) {
        return run(() -> {
            Task parent = caller(task);
            failIf(tasks.size() >= config.maxTasks(), EAGAIN);
            int mm = mms.size();
            Task child = new Task(tasks.size(), mm, parent.node);
            child.ilPrev = parent.ilPrev;
            child.policy = parent.policy.map(p -> allocate(p.value()));
            TreeMap<Long, Vma> copy = new TreeMap<>();
            for (Vma v : mms.get(parent.mm).values()) {
                copy.put(v.start(), v.slice(v.start(), v.end(), v.policy().map(p -> allocate(p.value()))));
            }
            tasks.add(child);
            mms.put(mm, copy);
            mmUsers.put(mm, 1);
            return new Result.Forked(child.id);
        });
    }

    /** {@code do_exit()}: {@code exit_mm()} (the last user unmaps everything), then {@code mpol_put_task_policy()}. */
    public Result exit(int task) {
        return run(() -> {
            Task t = caller(task);
            t.alive = false;
            int users = mmUsers.merge(t.mm, -1, Integer::sum);
            if (users == 0) {
                TreeMap<Long, Vma> space = mms.get(t.mm);
                space.values().forEach(v -> v.policy().ifPresent(this::free));
                space.clear();
                destroyUnattachedSegments();
            }
            Optional<PolicyRef> old = t.policy;
            t.policy = Optional.empty();
            old.ifPresent(this::free);
            return Result.ok();
        });
    }

    /** {@code /proc/<target>/numa_maps}: {@code show_numa_map()}, one line per VMA. */
    public Result numaMaps(int task, int target) {
        return run(() -> {
            caller(task);
            failIf(target < 0 || target >= tasks.size() || !tasks.get(target).alive, ENOENT);
            Task tt = tasks.get(target);
            String fallback = PolicyAnswers.mapsText(tt.policy.map(PolicyRef::value));
            List<Result.MapsLine> lines = new ArrayList<>();
            for (Vma v : mms.get(tt.mm).values()) {
                if (v.kind() == MapKind.SHM) {
                    lines.addAll(sharedMapsLines(v, fallback));
                } else {
                    String pol = v.policyValue().isPresent() ? PolicyAnswers.mapsText(v.policyValue()) : fallback;
                    lines.add(new Result.MapsLine(v.start(), pol, v.kind() == MapKind.HUGETLB));
                }
            }
            return new Result.Maps(lines);
        });
    }

    /**
     * A shm VMA shows one line per sub-range of the segment's shared policy tree that it maps, and
     * one per gap (the task policy, as for any VMA without a policy) — the {@code numa_maps} that
     * Lee Schermerhorn's 2007 shared-policy series wanted (seed 004). The kernel prints one line
     * per VMA, with the policy at {@code vm_start}.
     */
    private List<Result.MapsLine> sharedMapsLines(Vma v, String fallback) {
        List<Result.MapsLine> lines = new ArrayList<>();
        long first = v.pgoff();
        long last = first + ((v.end() - v.start()) >>> Limits.PAGE_SHIFT);
        long cursor = first;
        for (SharedPolicyTree.Node<PolicyRef> n : segments.get(v.segment()).tree.overlapping(first, last)) {
            long from = Math.max(n.start(), first);
            if (from > cursor) {
                lines.add(mapsLineAt(v, cursor, fallback));
            }
            lines.add(mapsLineAt(v, from, PolicyAnswers.mapsText(Optional.of(n.policy().value()))));
            cursor = Math.min(n.end(), last);
        }
        if (cursor < last) {
            lines.add(mapsLineAt(v, cursor, fallback));
        }
        return lines;
    }

    private static Result.MapsLine mapsLineAt(Vma v, long pgoff, String policy) {
        return new Result.MapsLine(v.start() + ((pgoff - v.pgoff()) << Limits.PAGE_SHIFT), policy, false);
    }

    /* --------------- Allocation --------------- */

    /** A page fault at {@code addr}: the node of the new page, or {@code EFAULT} if nothing is mapped there. */
    public Result allocPage(int task, long addr) {
        return run(() -> {
            Task t = caller(task);
            Vma vma = vmaAt(t.mm, addr);
            failIf(vma == null, EFAULT);
            return new Result.Node(faultNode(t, vma, addr));
        });
    }

    /** {@code alloc_pages()} with no VMA: the task policy, round-robin interleave through {@code il_prev}. */
    public Result allocPage(int task) {
        return run(() -> {
            Task t = caller(task);
            Optional<Mempolicy> pol = t.policy.map(PolicyRef::value);
            if (pol.isPresent() && pol.get().mode().interleaves()) {
                int next = PolicyAnswers.nextInterleave(pol.get(), t.ilPrev);
                t.ilPrev = next;
                return new Result.Node(next);
            }
            return new Result.Node(PolicyAnswers.place(pol, t.node, OptionalLong.empty()));
        });
    }

    /** {@code get_vma_policy()} then {@code policy_nodemask()}: VMA policy, else task policy, else local. */
    private int faultNode(Task t, Vma vma, long addr) {
        Optional<Mempolicy> pol = vmaPolicyAt(vma, addr).or(() -> t.policy).map(PolicyRef::value);
        return PolicyAnswers.faultNode(pol, t.node, vma, addr);
    }

    /* --------------- Kernel events --------------- */

    /**
     * A rebind of {@code target}'s cpuset to the nodes it has: no visible change (every task may use
     * every node here); it exists so that a scheme's allocation retry can be driven.
     */
    public Result cpusetRebind(int task, int target) {
        return run(() -> {
            caller(task);
            failIf(target < 0 || target >= tasks.size() || !tasks.get(target).alive, ESRCH);
            return Result.ok();
        });
    }

    /** Arms fault injection for the caller: its next {@code mbind} that must split a shared range fails with {@code ENOMEM}. */
    public Result failslab(int task) {
        return run(() -> {
            caller(task).failslab = true;
            return Result.ok();
        });
    }

    /* --------------- SysV shared memory --------------- */

    /** {@code shmget(IPC_PRIVATE, size, IPC_CREAT|0600)}: {@code newseg()}; the result is the {@code shmid}. */
    public Result shmget(int task, long size) {
        return run(() -> {
            caller(task);
            failIf(size == 0 || Long.compareUnsigned(size, config.taskSize()) > 0, EINVAL);
            failIf(segments.size() >= Limits.SHMMNI, ENOSPC);
            int id = nextShmid++;
            segments.put(id, new Segment(id, Limits.pageAlign(size) >>> Limits.PAGE_SHIFT));
            return new Result.Return(id);
        });
    }

    /**
     * {@code shmat(shmid, addr, 0)}: {@code do_shmat()} maps the whole segment at {@code addr}
     * ({@code MAP_FIXED}, refusing to replace an existing mapping). A segment marked by
     * {@code IPC_RMID} may still be attached until it is gone (Linux behaviour).
     */
    public Result shmat(int task, int shmid, long addr) {
        return run(() -> {
            Task t = caller(task);
            failIf(addr == 0 || !Limits.aligned(addr, Limits.PAGE_SIZE), EINVAL);
            Segment seg = segments.get(shmid);
            failIf(seg == null, EINVAL);
            long end = addr + seg.size();
            failIf(Long.compareUnsigned(end, addr) < 0, EINVAL);
            failIf(!overlapping(mms.get(t.mm), addr, end).isEmpty(), EINVAL);
            failIf(Long.compareUnsigned(seg.size(), config.taskSize()) > 0
                    || Long.compareUnsigned(addr, config.taskSize() - seg.size()) > 0, ENOMEM);
            failIf(Long.compareUnsigned(addr, Limits.MMAP_MIN_ADDR) < 0, EPERM);
            mms.get(t.mm).put(addr, new Vma(addr, end, MapKind.SHM, shmid, 0, Optional.empty()));
            return new Result.Mapped(addr);
        });
    }

    /**
     * {@code shmdt(addr)}: the first shm VMA at or above {@code addr} whose page offset matches an
     * attachment at {@code addr} names the segment; every VMA of that attachment within the
     * segment's size is unmapped. None: {@code EINVAL}.
     */
    public Result shmdt(int task, long addr) {
        return run(() -> {
            Task t = caller(task);
            failIf(!Limits.aligned(addr, Limits.PAGE_SIZE), EINVAL);
            TreeMap<Long, Vma> space = mms.get(t.mm);
            Vma first = space.tailMap(addr, true).values().stream()
                    .filter(v -> attachedAt(v, addr)).findFirst().orElse(null);
            failIf(first == null, EINVAL);
            long end = addr + segments.get(first.segment()).size();
            for (Vma v : overlapping(space, addr, end)) {
                if (v.segment() == first.segment() && attachedAt(v, addr)) {
                    space.remove(v.start());
                }
            }
            destroyUnattachedSegments();
            return Result.ok();
        });
    }

    private static boolean attachedAt(Vma v, long addr) {
        return v.kind() == MapKind.SHM && ((v.start() - addr) >>> Limits.PAGE_SHIFT) == v.pgoff();
    }

    /** {@code shmctl(shmid, IPC_RMID, NULL)}: mark the segment; {@code shm_destroy()} once nothing attaches it. */
    public Result shmRmid(int task, int shmid) {
        return run(() -> {
            caller(task);
            Segment seg = segments.get(shmid);
            failIf(seg == null, EINVAL);
            seg.removed = true;
            destroyUnattachedSegments();
            return Result.ok();
        });
    }

    /**
     * {@code shm_destroy()} → {@code shmem_evict_inode()} → {@code mpol_free_shared_policy()}: a
     * segment marked by {@code IPC_RMID} goes, with every policy of its tree, when no VMA maps it
     * ({@code shm_nattch} counts VMAs: {@code shm_open()} runs for every split and fork copy too).
     */
    private void destroyUnattachedSegments() {
        List<Segment> gone = segments.values().stream().filter(s -> s.removed && attachments(s.id) == 0).toList();
        for (Segment s : gone) {
            s.tree.clear().forEach(this::free);
            segments.remove(s.id);
        }
    }

    private long attachments(int shmid) {
        return mms.values().stream().flatMap(space -> space.values().stream())
                .filter(v -> v.kind() == MapKind.SHM && v.segment() == shmid).count();
    }

    /**
     * {@code mbind} on a shm VMA: {@code shmem_set_policy()} → {@code mpol_set_shared_policy()} on the
     * page offsets the range covers. The VMA itself is neither split nor given a policy (the
     * "Figure 2" layout of seed 004; today's kernel also splits the caller's VMA and stores a copy
     * in it, which no lookup of a shm VMA reads).
     */
    private void setSharedPolicy(Vma v, long start, long end, Optional<Mempolicy> pol) {
        long lo = Long.compareUnsigned(start, v.start()) > 0 ? start : v.start();
        long hi = Long.compareUnsigned(end, v.end()) < 0 ? end : v.end();
        long first = v.pgoff() + ((lo - v.start()) >>> Limits.PAGE_SHIFT);
        long last = v.pgoff() + ((hi - v.start()) >>> Limits.PAGE_SHIFT);
        Optional<PolicyRef> installed = pol.map(this::allocate);
        SharedPolicyTree.Replacement<PolicyRef> r = segments.get(v.segment()).tree.replace(first, last, installed,
                old -> {
                    PolicyRef copy = allocate(old.value());
                    lastSplitCopies.add(copy.id());
                    return copy;
                });
        r.released().forEach(this::free);
    }

    /**
     * {@code __get_vma_policy(vma, addr)}: a shm VMA asks the segment's tree for the page's offset
     * ({@code shmem_get_policy()}); any other VMA answers with its own {@code vm_policy}.
     */
    private Optional<PolicyRef> vmaPolicyAt(Vma vma, long addr) {
        if (vma.kind() != MapKind.SHM) {
            return vma.policy();
        }
        return segments.get(vma.segment()).tree.lookup(vma.pgoff() + ((addr - vma.start()) >>> Limits.PAGE_SHIFT));
    }

    /* --------------- VMA bookkeeping --------------- */

    private Vma vmaAt(int mm, long addr) {
        Map.Entry<Long, Vma> e = mms.get(mm).floorEntry(addr);
        return e != null && e.getValue().contains(addr) ? e.getValue() : null;
    }

    private static List<Vma> overlapping(TreeMap<Long, Vma> space, long start, long end) {
        List<Vma> out = new ArrayList<>();
        Map.Entry<Long, Vma> first = space.floorEntry(start);
        long from = first != null && Long.compareUnsigned(first.getValue().end(), start) > 0 ? first.getKey() : start;
        for (Vma v : space.tailMap(from, true).values()) {
            if (Long.compareUnsigned(v.start(), end) >= 0) {
                break;
            }
            if (Long.compareUnsigned(v.end(), start) > 0) {
                out.add(v);
            }
        }
        return out;
    }

    private static boolean hasHole(List<Vma> hit, long start, long end) {
        long covered = start;
        for (Vma v : hit) {
            if (Long.compareUnsigned(v.start(), covered) > 0) {
                return true;
            }
            covered = v.end();
        }
        return Long.compareUnsigned(covered, end) < 0;
    }

    /** {@code __split_vma()} → {@code vm_ops->may_split}: a hugetlb VMA splits only on huge page boundaries. */
    private static void checkSplits(Vma v, long start, long end) {
        long granule = v.kind().splitGranule();
        boolean splitLow = Long.compareUnsigned(start, v.start()) > 0;
        boolean splitHigh = Long.compareUnsigned(end, v.end()) < 0;
        failIf(splitLow && !Limits.aligned(start, granule), EINVAL);
        failIf(splitHigh && !Limits.aligned(end, granule), EINVAL);
    }

    /**
     * Cuts {@code [start, end)} out of {@code v}: the parts outside stay (the lower keeps the object,
     * the upper gets a copy, as {@code vma_dup_policy()} does), and the part inside is dropped, or, if
     * {@code replacement} is present, given a new object holding that policy.
     */
    private void replaceRange(int mm, Vma v, long start, long end, Optional<Optional<Mempolicy>> replacement) {
        TreeMap<Long, Vma> space = mms.get(mm);
        space.remove(v.start());
        long lo = Long.compareUnsigned(start, v.start()) > 0 ? start : v.start();
        long hi = Long.compareUnsigned(end, v.end()) < 0 ? end : v.end();
        boolean keepLow = lo != v.start();
        boolean keepHigh = hi != v.end();
        if (keepLow) {
            space.put(v.start(), v.slice(v.start(), lo, v.policy()));
        }
        if (keepHigh) {
            space.put(hi, v.slice(hi, v.end(), keepLow ? v.policy().map(p -> allocate(p.value())) : v.policy()));
        }
        if (!keepLow && !keepHigh) {
            v.policy().ifPresent(this::free);
        }
        replacement.ifPresent(pol -> space.put(lo, v.slice(lo, hi, pol.map(this::allocate))));
    }

    /**
     * {@code vma_merge}: neighbouring anonymous VMAs with equal policies become one; the upper object
     * is freed. Only the VMAs around {@code [start, end)} — the one before it, those in it, the first
     * one at or after its end — are looked at: every operation leaves the address space merged, so
     * a new mergeable pair can only touch the range it changed (merging the whole space after every
     * operation made a replay quadratic in the number of VMAs).
     */
    private void mergeNeighbours(int mm, long start, long end) {
        TreeMap<Long, Vma> space = mms.get(mm);
        Long before = space.lowerKey(start);
        List<Vma> window = new ArrayList<>();
        for (Vma v : space.tailMap(before == null ? start : before, true).values()) {
            window.add(v);
            if (Long.compareUnsigned(v.start(), end) >= 0) {
                break;
            }
        }
        window.forEach(v -> space.remove(v.start()));
        Vma prev = null;
        for (Vma v : window) {
            if (prev != null && prev.mergeableWith(v)) {
                v.policy().ifPresent(this::free);
                prev = new Vma(prev.start(), v.end(), prev.kind(), prev.segment(), prev.pgoff(), prev.policy());
            } else {
                if (prev != null) {
                    space.put(prev.start(), prev);
                }
                prev = v;
            }
        }
        if (prev != null) {
            space.put(prev.start(), prev);
        }
    }

    private static long alignUp(long len, long size) {
        return (len + size - 1) & -size;
    }

    /* --------------- Ghost heap --------------- */

    private PolicyRef allocate(Mempolicy value) {
        PolicyId id = new PolicyId(nextPolicy++);
        live.put(id, value);
        return new PolicyRef(id, value);
    }

    private void free(PolicyRef ref) {
        if (ref.id().isStatic() || live.remove(ref.id()) == null) {
            throw new IllegalStateException("model bug: free of " + ref + " which is static or not live");
        }
        freed.add(ref.id());
        freedInOrder.add(ref.id());
    }

    /* --------------- Queries (cheap, for schemes that keep their structure here) --------------- */

    /** {@code task->mempolicy}: empty when the task has none, has exited, or never existed. */
    public Optional<PolicyRef> taskPolicy(int task) {
        return exists(task) ? tasks.get(task).policy : Optional.empty();
    }

    /** The node {@code task} runs on ({@code numa_node_id()}), or -1 if it never existed. */
    public int nodeOf(int task) {
        return exists(task) ? tasks.get(task).node : -1;
    }

    /** The address space of {@code task}, or -1 if it never existed. */
    public int mmOf(int task) {
        return exists(task) ? tasks.get(task).mm : -1;
    }

    /** Whether {@code exit} of {@code task} would tear its address space down: it is the last live task using it. */
    public boolean isLastUserOfMm(int task) {
        return exists(task) && tasks.get(task).alive && mmUsers.getOrDefault(tasks.get(task).mm, 0) == 1;
    }

    /** The VMA containing {@code addr} in {@code task}'s address space. */
    public Optional<Vma> vmaContaining(int task, long addr) {
        return exists(task) ? Optional.ofNullable(vmaAt(tasks.get(task).mm, addr)) : Optional.empty();
    }

    /** The VMAs of {@code task}'s address space, in address order. */
    public List<Vma> vmas(int task) {
        return exists(task) ? List.copyOf(mms.get(tasks.get(task).mm).values()) : List.of();
    }

    /** The policy a lookup at {@code addr} finds: a shm VMA's tree range, else the VMA's own policy. */
    public Optional<PolicyRef> vmaPolicyAt(int task, long addr) {
        return vmaContaining(task, addr).flatMap(v -> vmaPolicyAt(v, addr));
    }

    /** The ranges of shm segment {@code shmid}'s shared policy tree; empty if there is no such segment. */
    public List<SharedPolicyTree.Node<PolicyRef>> sharedRanges(int shmid) {
        Segment s = segments.get(shmid);
        return s == null ? List.of() : s.tree.nodes();
    }

    /** Every address space ever created, by number, with its VMAs in address order. */
    public SortedMap<Integer, List<Vma>> addressSpaces() {
        SortedMap<Integer, List<Vma>> out = new TreeMap<>();
        mms.forEach((mm, space) -> out.put(mm, List.copyOf(space.values())));
        return out;
    }

    /** The {@code shmid}s of the segments that exist (marked or not). */
    public List<Integer> shmids() {
        return List.copyOf(segments.keySet());
    }

    /**
     * A split that {@code shared_policy_replace()} must make: in segment {@code shmid}, the range
     * {@code spanning} strictly contains the page offsets {@code [start, end)} being replaced.
     */
    public record SharedSplit(int shmid, long start, long end, SharedPolicyTree.Node<PolicyRef> spanning) {
    }

    /**
     * For an {@code mbind} about to run: the shared-tree split it would make in some shm VMA, if
     * any. This is what {@code shared_policy_replace()} discovers under its lock before dropping it
     * to allocate the second node.
     */
    public Optional<SharedSplit> sharedSplitTarget(int task, long start, long len) {
        if (!exists(task) || len == 0) {
            return Optional.empty();
        }
        long end = start + Limits.pageAlign(len);
        if (Long.compareUnsigned(end, start) <= 0) {
            return Optional.empty();
        }
        for (Vma v : overlapping(mms.get(tasks.get(task).mm), start, end)) {
            if (v.kind() == MapKind.SHM) {
                long lo = Long.compareUnsigned(start, v.start()) > 0 ? start : v.start();
                long hi = Long.compareUnsigned(end, v.end()) < 0 ? end : v.end();
                long first = v.pgoff() + ((lo - v.start()) >>> Limits.PAGE_SHIFT);
                long last = v.pgoff() + ((hi - v.start()) >>> Limits.PAGE_SHIFT);
                Optional<SharedPolicyTree.Node<PolicyRef>> n = segments.get(v.segment()).tree.spanning(first, last);
                if (n.isPresent()) {
                    return Optional.of(new SharedSplit(v.segment(), first, last, n.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether fault injection is armed for {@code task} ({@code failslab()} not yet consumed). */
    public boolean failslabArmed(int task) {
        return exists(task) && tasks.get(task).failslab;
    }

    /** The objects the last operation created as the upper piece of a split shared range. */
    public List<PolicyId> lastSplitCopies() {
        return List.copyOf(lastSplitCopies);
    }

    /** The number the next policy object will get: objects {@code n} with {@code before <= n < nextPolicyNumber()} are new since {@code before}. */
    public int nextPolicyNumber() {
        return nextPolicy;
    }

    /** How many dynamic objects have been freed so far. */
    public int freedCount() {
        return freedInOrder.size();
    }

    /** The {@code i}-th object freed ({@code 0 <= i < freedCount()}), in the order of the frees. */
    public PolicyId freedAt(int i) {
        return freedInOrder.get(i);
    }

    /** The value of live object {@code id}, or null if it is not live. */
    public Mempolicy liveValue(PolicyId id) {
        return live.get(id);
    }

    /** The live policy objects and their values (static ones included). */
    public SortedMap<PolicyId, Mempolicy> liveObjects() {
        return new TreeMap<>(live);
    }

    private boolean exists(int task) {
        return task >= 0 && task < tasks.size();
    }

    /** The world after the last step, with its ghost lifetime state. */
    public WorldView view() {
        List<TaskView> tv = tasks.stream().map(Task::view).toList();
        SortedMap<Integer, List<Vma>> mv = new TreeMap<>();
        mms.forEach((mm, space) -> mv.put(mm, List.copyOf(space.values())));
        List<SegmentView> sv = segments.values().stream()
                .map(g -> new SegmentView(g.id, g.pages, g.removed, g.tree.nodes())).toList();
        return new WorldView(tv, mv, sv, ghost());
    }

    /** The ghost lifetime state: live objects, their holders (derived from tasks and VMAs), freed objects. */
    public GhostState ghost() {
        TreeMap<PolicyId, List<Holder>> holders = new TreeMap<>();
        live.keySet().forEach(id -> holders.put(id, new ArrayList<>(id.isStatic() ? List.of(new Holder.Static()) : List.of())));
        for (Task t : tasks) {
            t.policy.ifPresent(p -> holders.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(new Holder.Task(t.id)));
        }
        mms.forEach((mm, space) -> space.values().forEach(v -> v.policy().ifPresent(p -> holders
                .computeIfAbsent(p.id(), k -> new ArrayList<>()).add(new Holder.Vma(mm, v.start(), v.end())))));
        segments.values().forEach(s -> s.tree.nodes().forEach(n -> holders.computeIfAbsent(n.policy().id(),
                k -> new ArrayList<>()).add(new Holder.SharedRange(s.id, n.start(), n.end()))));
        return new GhostState(live, holders, freed);
    }
}
