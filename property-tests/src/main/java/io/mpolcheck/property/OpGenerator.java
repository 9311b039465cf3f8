package io.mpolcheck.property;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.mpolcheck.model.GetFlag;
import io.mpolcheck.model.Limits;
import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.MbindFlag;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.ModeFlag;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.UserNodes;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Turns fuzzer input into a bounded list of operations (at most {@link #MAX_OPS}) for one world.
 *
 * <p>Biased toward calls that reach deep code: most addresses are page-aligned and inside the
 * address space, most lengths are 1–8 pages, most masks name nodes of the world, modes and flags
 * are valid, and the issuing task exists. A minority of every argument is drawn from the edge
 * cases that {@code mm/mempolicy.c} and {@code mm/mmap.c} reject: unaligned, zero and wrapping
 * lengths, {@code maxnode} 0, 1 and huge, nodes at or above {@code MAX_NUMNODES}, unknown mode and
 * flag bits, static|relative, {@code MOVE_ALL}, tasks that exited or never existed, unmapped
 * addresses and odd-page (hugetlb-unaligned) split points.
 *
 * <p>Task numbers stay in {@code 0..max-tasks+2} and node numbers below
 * {@link NodeMask#PARSE_LIMIT}, so every generated list can be printed and parsed back
 * ({@link io.mpolcheck.op.OpFormat}). The generator guesses which tasks exist, which have exited
 * and what each address space has mapped from the operations it made, not from results, so it
 * stays a pure function of its input: the same bytes give the same operations.
 *
 * <p>By default a list holds the task/VMA calls only (set_mempolicy, get_mempolicy, mbind, mmap,
 * munmap, fork, exit, migrate, numa_maps, alloc_page), and the same bytes give the same list as
 * before the {@link Extension}s existed, so committed regression inputs keep their meaning. Given
 * extensions ({@link #ALL_OPERATIONS} for every kind of {@link Op}), about a third of the
 * operations come from them instead: SysV shm calls whose attachments the task/VMA calls then aim
 * at like any mapping, fault injection and cpuset rebinds, remote installs and the kernel events
 * that run deferred work.
 */
public final class OpGenerator {
    /** The most operations one input yields. */
    public static final int MAX_OPS = 40;

    /** The worlds an input may choose: the default, a one-node one, a three-process one, a 64-node one. */
    public static final List<WorldConfig> WORLDS = List.of(
            WorldConfig.SMALL,
            new WorldConfig(1, List.of(1), 3, 16),
            new WorldConfig(2, List.of(1, 2, 1), 8, 24),
            new WorldConfig(Limits.MAX_NUMNODES, List.of(1), 4, 16));

    /** The operation families a list may hold besides the task/VMA calls. */
    public enum Extension {
        /**
         * SysV shm: {@code shmget}, {@code shmat} (mostly at a free spot, then a target of later
         * {@code mbind}, faults, {@code get_mempolicy} and {@code munmap}, which reach the shared
         * policy tree), {@code shmdt} and {@code IPC_RMID}; {@code failslab}, which fails the next
         * split of a shared range, and {@code cpuset_rebind}, which makes a shared-policy
         * allocation retry.
         */
        SHARED_SEGMENTS,
        /** {@code pidfd_set_mempolicy} on another task, {@code return_to_user} and {@code rcu_grace_period}. */
        REMOTE_INSTALL
    }

    /** Every extension: lists that may hold every kind of {@link Op}. */
    public static final Set<Extension> ALL_OPERATIONS = Set.copyOf(EnumSet.allOf(Extension.class));

    /** Of a list with extensions, the share of operations (in percent) drawn from the extensions. */
    private static final int EXTENSION_PERCENT = 35;

    /** A world and the operations to run in it. */
    public record Case(WorldConfig world, List<Op> ops) {
        public Case {
            ops = List.copyOf(ops);
        }
    }

    private static final long PAGE = Limits.PAGE_SIZE;

    private final Choices in;
    private final WorldConfig world;
    /** The extensions this generator draws from, in declaration order. */
    private final List<Extension> extensions;
    /** Task slots that a generated fork may have filled: the generator's guess, not the model's. */
    private int spawned;
    /** Tasks a generated exit may have ended: mostly avoided, so that lists do not die early. */
    private final Set<Integer> exited = new HashSet<>();
    /** Per guessed address space, the ranges of generated mmaps: later calls aim at them, so that most mbinds find VMAs. */
    private final List<List<long[]>> mapped = new ArrayList<>();
    /** Per guessed address space, the ranges of generated shmat calls not detached since: where shmdt aims. */
    private final List<List<long[]>> attached = new ArrayList<>();
    /** The address space a generated fork gave each task, by task number: a guess as well. */
    private final List<Integer> mmOf = new ArrayList<>();
    /** The page counts of generated shmget calls, by the shmid the model would give them: a guess too. */
    private final List<Integer> segmentPages = new ArrayList<>();
    /** Operations an extension decided to issue next, before any new draw (never used without extensions). */
    private final List<Op> queued = new ArrayList<>();

    private OpGenerator(Choices in, WorldConfig world, Set<Extension> extensions) {
        this.in = in;
        this.world = world;
        this.extensions = List.copyOf(extensions.isEmpty() ? Set.of() : EnumSet.copyOf(extensions));
        this.spawned = world.initialTasks();
        for (int mm : world.initialMmOfTasks()) {
            mmOf.add(mm);
            while (mapped.size() <= mm) {
                mapped.add(new ArrayList<>());
                attached.add(new ArrayList<>());
            }
        }
    }

    /** A world (one of {@link #WORLDS}) and its operations, from fuzzer input. */
    public static Case fuzzCase(FuzzedDataProvider data) {
        return fuzzCase(Choices.of(data));
    }

    /** A world (one of {@link #WORLDS}) and its operations. */
    public static Case fuzzCase(Choices in) {
        WorldConfig world = in.pick(WORLDS);
        return new Case(world, generate(in, world));
    }

    /** Operations for {@code world}, from fuzzer input. */
    public static List<Op> generate(FuzzedDataProvider data, WorldConfig world) {
        return generate(Choices.of(data), world);
    }

    /** Operations for {@code world} until the input runs out or {@link #MAX_OPS} are made. */
    public static List<Op> generate(Choices in, WorldConfig world) {
        return generate(in, world, Set.of());
    }

    /** Operations for {@code world}, {@code extensions} included, from fuzzer input. */
    public static List<Op> generate(FuzzedDataProvider data, WorldConfig world, Set<Extension> extensions) {
        return generate(Choices.of(data), world, extensions);
    }

    /**
     * Operations for {@code world}, {@code extensions} included, until the input runs out or
     * {@link #MAX_OPS} are made; with no extensions, exactly {@link #generate(Choices, WorldConfig)}.
     */
    public static List<Op> generate(Choices in, WorldConfig world, Set<Extension> extensions) {
        OpGenerator g = new OpGenerator(in, world, extensions);
        List<Op> ops = new ArrayList<>();
        while (ops.size() < MAX_OPS && in.more()) {
            ops.add(g.op());
        }
        return ops;
    }

    /** One operation for {@code world}, as the first operation of a list would be. */
    public static Op one(Choices in, WorldConfig world) {
        return new OpGenerator(in, world, Set.of()).op();
    }

    /* --------------- Operations --------------- */

    private Op op() {
        if (!queued.isEmpty()) {
            return queued.remove(0);
        }
        if (!extensions.isEmpty() && in.percent(EXTENSION_PERCENT)) {
            return extensionOp();
        }
        return taskVmaOp();
    }

    /** One of the task/VMA calls (the only kind a list without extensions holds). */
    private Op taskVmaOp() {
        int t = task();
        boolean empty = t >= mmOf.size() || mapped.get(mmOf.get(t)).isEmpty();
        int kind = in.intIn(0, 99);
        if (kind < 18 || (empty && kind < 60)) {
            return mmap(t);
        } else if (kind < 27) {
            long[] range = target(t);
            return new Op.Munmap(t, range[0], range[1]);
        } else if (kind < 55) {
            long[] range = target(t);
            Policy p = policy();
            return new Op.Mbind(t, range[0], range[1], p.mode(), p.nodes(), mbindFlags());
        } else if (kind < 63) {
            Policy p = policy();
            return new Op.SetMempolicy(t, p.mode(), p.nodes());
        } else if (kind < 75) {
            int flags = getFlags();
            long addr = GetFlag.MPOL_F_ADDR.in(flags) || in.percent(5) ? target(t)[0] : 0;
            return new Op.GetMempolicy(t, in.percent(80), maxnode(), addr, flags);
        } else if (kind < 80) {
            if (spawned < world.maxTasks() && t < mmOf.size()) {
                spawned++;
                mmOf.add(mapped.size());
                mapped.add(new ArrayList<>(mapped.get(mmOf.get(t))));
                attached.add(new ArrayList<>(attached.get(mmOf.get(t))));
            }
            return new Op.Fork(t);
        } else if (kind < 83 && (spawned - exited.size() > 1 || in.percent(25))) {
            exited.add(t);
            return new Op.Exit(t);
        } else if (kind < 86) {
            return new Op.Migrate(t, in.percent(90) ? in.intIn(0, world.nodes() - 1) : in.intIn(-2, Limits.MAX_NUMNODES + 1));
        } else if (kind < 91) {
            return new Op.NumaMaps(t, in.intIn(0, world.maxTasks() + 1));
        }
        return new Op.AllocPage(t, in.percent(70) ? OptionalLong.of(target(t)[0]) : OptionalLong.empty());
    }

    private Op mmap(int t) {
        boolean huge = in.percent(25);
        long addr = huge ? hugeAddress() : address();
        long len = length();
        boolean plausible = Long.compareUnsigned(addr - PAGE, world.taskSize()) < 0 && len > 0
                && len <= world.taskSize() - addr && Limits.aligned(addr, PAGE);
        if (t < mmOf.size() && plausible) {
            mapped.get(mmOf.get(t)).add(new long[] {addr, len});
        }
        return new Op.Mmap(t, addr, len, huge ? MapKind.HUGETLB : MapKind.ANON);
    }

    /** Usually a live task that was created; sometimes any slot, existing or not, exited or not. */
    private int task() {
        if (in.percent(7)) {
            return in.intIn(0, world.maxTasks() + 2);
        }
        int t = in.intIn(0, spawned - 1);
        for (int i = 0; i < spawned && exited.contains(t); i++) {
            t = (t + 1) % spawned;
        }
        return t;
    }

    /* --------------- Extensions --------------- */

    private Op extensionOp() {
        int t = task();
        return switch (in.pick(extensions)) {
            case SHARED_SEGMENTS -> sharedSegmentOp(t);
            case REMOTE_INSTALL -> remoteInstallOp(t);
        };
    }

    /** Mostly creating and attaching segments (first of all when there is none), sometimes detaching and removing them. */
    private Op sharedSegmentOp(int t) {
        int kind = in.intIn(0, 99);
        if (kind < 20 || (segmentPages.isEmpty() && kind < 70)) {
            return shmget(t);
        } else if (kind < 50 || (attachmentsOf(t).isEmpty() && kind < 80)) {
            return shmat(t);
        } else if (kind < 62) {
            return shmdt(t);
        } else if (kind < 72) {
            return new Op.ShmRmid(t, shmid());
        } else if (kind < 87) {
            return failslab(t);
        }
        return new Op.CpusetRebind(t, task());
    }

    /** A segment of 1–4 pages, sometimes of a size {@code shmget} rounds up or rejects. */
    private Op shmget(int t) {
        long size = in.percent(85) ? in.intIn(1, 4) * PAGE
                : in.pickLong(0, 1, PAGE + 1, world.taskSize(), world.taskSize() + PAGE, -1L, in.anyLong());
        if (size != 0 && Long.compareUnsigned(size, world.taskSize()) <= 0) {
            segmentPages.add((int) Long.divideUnsigned(size + PAGE - 1, PAGE));
        }
        return new Op.Shmget(t, size);
    }

    /** An attachment of a segment, mostly at a spot the task's address space has not mapped; later calls aim at it. */
    private Op shmat(int t) {
        int shmid = shmid();
        boolean known = shmid >= 0 && shmid < segmentPages.size();
        int pages = known ? segmentPages.get(shmid) : 1;
        long addr = in.percent(75) ? freeAddress(t, pages) : address();
        boolean plausible = known && t < mmOf.size() && Limits.aligned(addr, PAGE) && addr != 0
                && Long.compareUnsigned(addr, world.taskSize() - pages * PAGE) <= 0;
        if (plausible) {
            List<long[]> ranges = mapped.get(mmOf.get(t));
            if (ranges.stream().anyMatch(r -> r[0] + r[1] == addr) && in.percent(50)) {
                acrossTheBoundary(t, addr);
            }
            ranges.add(new long[] {addr, pages * PAGE});
            attached.get(mmOf.get(t)).add(new long[] {addr, pages * PAGE});
        }
        return new Op.Shmat(t, shmid, addr);
    }

    /**
     * Queues, for after an attachment at {@code boundary} right behind another mapping: one
     * {@code mbind} of the page on each side (a policy for an ordinary VMA and for the segment's
     * tree from one call) and a fault on one side.
     */
    private void acrossTheBoundary(int t, long boundary) {
        Policy p = policy();
        queued.add(new Op.Mbind(t, boundary - PAGE, 2 * PAGE, p.mode(), p.nodes(), 0));
        queued.add(new Op.AllocPage(t, OptionalLong.of(in.percent(50) ? boundary - PAGE : boundary)));
    }

    /** Mostly the address of an attachment of the task's address space (then forgotten), else any address. */
    private Op shmdt(int t) {
        List<long[]> ranges = attachmentsOf(t);
        if (ranges.isEmpty() || in.percent(20)) {
            return new Op.Shmdt(t, address());
        }
        return new Op.Shmdt(t, ranges.remove(in.intIn(0, ranges.size() - 1))[0]);
    }

    /**
     * Fault injection. Mostly, when the task has an attachment, as the middle of three operations:
     * an {@code mbind} of the whole attachment, {@code failslab}, an {@code mbind} of one page of
     * it, mostly an inner one: the split's allocation is then the one that fails, so the error
     * paths of the shared tree are reached often.
     */
    private Op failslab(int t) {
        List<long[]> ranges = attachmentsOf(t);
        if (ranges.isEmpty() || in.percent(20)) {
            return new Op.Failslab(t);
        }
        long[] r = in.pick(ranges);
        int pages = (int) (r[1] / PAGE);
        long page = pages >= 3 && in.percent(75) ? in.intIn(1, pages - 2) : in.intIn(0, Math.max(0, pages - 1));
        Policy whole = policy();
        Policy onePage = policy();
        queued.add(new Op.Failslab(t));
        queued.add(new Op.Mbind(t, r[0] + page * PAGE, PAGE, onePage.mode(), onePage.nodes(), 0));
        return new Op.Mbind(t, r[0], r[1], whole.mode(), whole.nodes(), 0);
    }

    /** Mostly a segment a generated shmget made, sometimes one that was never made. */
    private int shmid() {
        if (!segmentPages.isEmpty() && in.percent(85)) {
            return in.intIn(0, segmentPages.size() - 1);
        }
        return in.intIn(-1, segmentPages.size() + 1);
    }

    private List<long[]> attachmentsOf(int t) {
        return t < mmOf.size() ? attached.get(mmOf.get(t)) : new ArrayList<>();
    }

    /**
     * The first page-aligned address, from a start page on (wrapping), where {@code pages} pages
     * overlap nothing the task's address space mapped in this list; the start if there is none.
     * Half of the time the start is the end of a mapping, so that the attachment comes right
     * after it and one {@code mbind} can span both (the VMA walk that crosses into a shm VMA).
     */
    private long freeAddress(int t, int pages) {
        int last = Math.max(1, world.pages() - pages);
        List<long[]> ranges = t < mmOf.size() ? mapped.get(mmOf.get(t)) : List.of();
        int first = !ranges.isEmpty() && in.percent(50)
                ? (int) Math.min(last, Math.max(1, endPage(in.pick(ranges))))
                : in.intIn(1, last);
        for (int i = 0; i < last; i++) {
            long addr = (1 + (first - 1 + i) % last) * PAGE;
            if (ranges.stream().noneMatch(r -> overlaps(r, addr, pages * PAGE))) {
                return addr;
            }
        }
        return first * PAGE;
    }

    private static long endPage(long[] range) {
        return Long.divideUnsigned(range[0] + range[1], PAGE);
    }

    private static boolean overlaps(long[] range, long addr, long len) {
        return Long.compareUnsigned(range[0], addr + len) < 0 && Long.compareUnsigned(addr, range[0] + range[1]) < 0;
    }

    /** Half remote installs (mostly valid, on a live task), half the kernel events that run deferred work. */
    private Op remoteInstallOp(int t) {
        int kind = in.intIn(0, 99);
        if (kind < 50) {
            int target = task();
            Policy p = policy();
            int flags = in.percent(92) ? 0 : (int) in.pickLong(1, -1, in.intIn(Integer.MIN_VALUE, Integer.MAX_VALUE));
            return new Op.PidfdSetMempolicy(t, target, p.mode(), p.nodes(), flags);
        } else if (kind < 75) {
            return new Op.ReturnToUser(t);
        }
        return new Op.RcuGracePeriod(t);
    }

    /* --------------- Addresses and lengths --------------- */

    /**
     * An address and a length: 75% of the time inside a range the task's address space mapped
     * earlier in the list (mostly not running past its end), else any {@link #address()} and
     * {@link #length()}.
     */
    private long[] target(int t) {
        List<long[]> ranges = t < mmOf.size() ? mapped.get(mmOf.get(t)) : List.of();
        if (ranges.isEmpty() || in.percent(25)) {
            return new long[] {address(), length()};
        }
        long[] r = in.pick(ranges);
        int pages = (int) Math.max(1, Math.min(8, Long.divideUnsigned(r[1] + PAGE - 1, PAGE)));
        int first = in.intIn(0, pages - 1);
        return new long[] {r[0] + first * PAGE, in.percent(75) ? in.intIn(1, pages - first) * PAGE : length()};
    }

    private long address() {
        int r = in.intIn(0, 99);
        if (r < 88) {
            return in.intIn(1, world.pages() - 1) * PAGE;
        } else if (r < 92) {
            return 0;
        }
        return in.pickLong(world.taskSize(), world.taskSize() - PAGE, in.intIn(1, world.pages() - 1) * PAGE + in.intIn(1, 4095),
                -PAGE, Long.MIN_VALUE, 1L << 47, in.anyLong());
    }

    private long hugeAddress() {
        return in.percent(85) ? in.intIn(1, Math.max(1, world.pages() / 2 - 1)) * Limits.HPAGE_SIZE : address();
    }

    private long length() {
        if (in.percent(85)) {
            return in.intIn(1, 8) * PAGE;
        }
        return in.pickLong(0, 1, PAGE + 1, in.intIn(1, 8) * PAGE - in.intIn(1, 4095), Limits.HPAGE_SIZE + PAGE,
                world.taskSize(), -1L, -PAGE, Long.MAX_VALUE, in.anyLong());
    }

    /* --------------- Modes, masks, flags --------------- */

    /** A mode word and its node mask. */
    private record Policy(int mode, UserNodes nodes) {
    }

    /**
     * Mostly a valid pair: a mask that suits the mode (none for default and local, nodes of the
     * world otherwise) and a flag the mode accepts; sometimes any mode with any mask.
     */
    private Policy policy() {
        if (in.percent(12)) {
            return new Policy(anyMode(), nodes());
        }
        Mode m = in.pick(List.of(Mode.values()));
        boolean noNodes = m == Mode.MPOL_DEFAULT || m == Mode.MPOL_LOCAL || (m == Mode.MPOL_PREFERRED && in.percent(20));
        int flags = 0;
        if (!noNodes && in.percent(30)) {
            boolean balancing = (m == Mode.MPOL_BIND || m == Mode.MPOL_PREFERRED_MANY) && in.percent(40);
            flags = (in.percent(50) ? ModeFlag.MPOL_F_STATIC_NODES.bit() : ModeFlag.MPOL_F_RELATIVE_NODES.bit())
                    | (balancing ? ModeFlag.MPOL_F_NUMA_BALANCING.bit() : 0);
        }
        UserNodes nodes = noNodes
                ? (in.percent(50) ? UserNodes.NONE : UserNodes.of(NodeMask.EMPTY))
                : new UserNodes(Optional.of(worldMask()), in.percent(85) ? Limits.MAX_NUMNODES + 1L : world.nodes() + 1L);
        return new Policy(m.number() | flags, nodes);
    }

    /** Any mode number with any flags, valid or not. */
    private int anyMode() {
        if (in.percent(60)) {
            Mode m = in.pick(List.of(Mode.values()));
            int flags = in.pick(List.of(0, ModeFlag.MPOL_F_STATIC_NODES.bit(), ModeFlag.MPOL_F_RELATIVE_NODES.bit(),
                    ModeFlag.MPOL_F_NUMA_BALANCING.bit(), ModeFlag.MPOL_F_STATIC_NODES.bit() | ModeFlag.MPOL_F_NUMA_BALANCING.bit()));
            return m.number() | flags;
        }
        return (int) in.pickLong(Mode.MPOL_MAX, Mode.MPOL_MAX + 1, -1,
                Mode.MPOL_BIND.number() | ModeFlag.MPOL_F_STATIC_NODES.bit() | ModeFlag.MPOL_F_RELATIVE_NODES.bit(),
                1 << 12, 1 << 16, in.intIn(Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    /** A non-empty subset of the world's nodes. */
    private NodeMask worldMask() {
        long all = world.nodes() >= 64 ? -1L : (1L << world.nodes()) - 1;
        NodeMask m = NodeMask.ofWord(in.anyLong() & all);
        return m.isEmpty() ? NodeMask.of(in.intIn(0, world.nodes() - 1)) : m;
    }

    /** Any mask (or {@code NULL}) with any {@code maxnode}. */
    private UserNodes nodes() {
        return new UserNodes(in.percent(10) ? Optional.empty() : Optional.of(mask()), maxnode());
    }

    /** Mostly a subset of the world's nodes; sometimes empty, or with nodes the world or the kernel lacks. */
    private NodeMask mask() {
        int r = in.intIn(0, 99);
        if (r < 70) {
            return worldMask();
        } else if (r < 80) {
            return NodeMask.EMPTY;
        } else if (r < 90) {
            return NodeMask.ofWord(in.anyLong());
        }
        return NodeMask.of(in.intIn(0, world.nodes() - 1), in.intIn(Limits.MAX_NUMNODES, 4 * Limits.MAX_NUMNODES));
    }

    private long maxnode() {
        int r = in.intIn(0, 99);
        if (r < 70) {
            return Limits.MAX_NUMNODES + 1L;
        } else if (r < 80) {
            return world.nodes() + 1L;
        }
        return in.pickLong(0, 1, 2, world.nodes(), Limits.MAX_NUMNODES, Limits.MAX_NUMNODES + 2L, 4097,
                Limits.MAX_USER_MASK_BITS + 1, Limits.MAX_USER_MASK_BITS + 2, -1L, (1L << 32) + Limits.MAX_NUMNODES + 1,
                Long.MAX_VALUE, in.anyLong());
    }

    private int mbindFlags() {
        if (in.percent(80)) {
            return 0;
        }
        int strict = MbindFlag.MPOL_MF_STRICT.bit();
        int move = MbindFlag.MPOL_MF_MOVE.bit();
        return (int) in.pickLong(strict, move, strict | move, MbindFlag.MPOL_MF_MOVE_ALL.bit(), 8, 1 << 31,
                in.intIn(Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    private int getFlags() {
        int node = GetFlag.MPOL_F_NODE.bit();
        int addr = GetFlag.MPOL_F_ADDR.bit();
        int mems = GetFlag.MPOL_F_MEMS_ALLOWED.bit();
        if (in.percent(90)) {
            return (int) in.pickLong(0, addr, addr, node, node | addr, mems);
        }
        return (int) in.pickLong(mems | node, mems | addr, 8, in.intIn(Integer.MIN_VALUE, Integer.MAX_VALUE));
    }
}
