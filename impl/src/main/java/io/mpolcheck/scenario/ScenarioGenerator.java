package io.mpolcheck.scenario;

import io.mpolcheck.model.GetFlag;
import io.mpolcheck.model.Limits;
import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.ModeFlag;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.UserNodes;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.scheme.SchemeInfo.Feature;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Random scenarios, reproducible from a seed, built from what a scheme declares. A scenario is a
 * set-up, then one conflicting pair opening two or three threads' lists — an install and a use of
 * the same object, both first on their threads — then operations from a menu, then teardown
 * ({@code SchemeTarget.teardown()}: segments removed, every task slot exits, the leak check).
 *
 * <p>Each part of the world contributes its set-up, its conflicting pairs and its menu entries
 * ({@link Contribution}); a scheme gets the union of its parts'. The layout comes from
 * {@link Feature#SHARED_POLICY}:
 * <ul>
 *   <li>{@linkplain TaskVmaLayout task/VMA}: every process maps four anonymous pages at
 *       {@code 0x2000}, mm0 two huge pages at {@code 0x8000}; VMA policies on the first two anonymous
 *       pages, a task policy for t0 and at random for the others; every operation uses one focus
 *       address per scenario;</li>
 *   <li>{@linkplain SharedSegmentLayout shared segment}: one four-page shmem segment attached by
 *       mm0 (t0, t1) at {@code 0x4000}, after an anonymous VMA, and by mm1 (t2) at {@code 0x8000},
 *       with one policy over it; tree replacements by one address space race lookups from the
 *       other (catalogue entries 6, 7, 9, 10).</li>
 * </ul>
 * and the other features add to either layout: {@link Feature#REMOTE_INSTALL} races a
 * {@code pidfd_set_mempolicy(t0)} by another task against t0's VMA-less allocation, exit and
 * {@code get_mempolicy} and a {@code numa_maps(t0)}, adds remote installs,
 * {@code return_to_user()} and {@code rcu_grace_period()} to the menu, and half of the time gives
 * t0 a policy with {@code MPOL_F_STATIC_NODES} (so that {@code get_mempolicy} reports the stored
 * user mask); {@link Feature#EXIT_ORDER} races t0's exit against a {@code numa_maps(t0)}.
 *
 * <p>A pair is drawn uniformly among all the contributed pairs. A pair needs particular threads;
 * a world that cannot place every contributed pair is refused when the generator is made, never
 * thinned out silently.
 */
public final class ScenarioGenerator implements ScenarioSource {

    /** The world every engine checks schemes in: t0 and t1 share mm0, t2 is mm1; a fork may create t3. */
    public static final WorldConfig WORLD = WorldConfig.parse("nodes=2 processes=2,1 max-tasks=4 pages=16");

    private final WorldConfig world;
    private final int threads;
    private final int opsPerThread;
    private final Layout layout;
    private final List<Contribution> parts = new ArrayList<>();

    /** Scenarios of the task/VMA world with no feature. */
    public ScenarioGenerator(WorldConfig world, int threads, int opsPerThread) {
        this(world, threads, opsPerThread, Set.of());
    }

    /** Scenarios for a scheme with {@code features}. */
    public ScenarioGenerator(WorldConfig world, int threads, int opsPerThread, Set<Feature> features) {
        this.world = world;
        this.threads = threads;
        this.opsPerThread = opsPerThread;
        this.layout = features.contains(Feature.SHARED_POLICY) ? new SharedSegmentLayout() : new TaskVmaLayout();
        parts.add(layout);
        if (features.contains(Feature.REMOTE_INSTALL)) {
            parts.add(new RemoteInstall());
        }
        if (features.contains(Feature.EXIT_ORDER)) {
            parts.add(new ExitOrder());
        }
        layout.checkWorld();
        for (Contribution part : parts) {
            int need = part.threadsNeeded(threads);
            if (need > threads) {
                throw new IllegalArgumentException(part.name() + " races need " + need + " threads, the budget has "
                        + threads + " (set -Dmpolcheck.lincheck.threads=" + need + ")");
            }
        }
    }

    @Override
    public Scenario generate(long seed) {
        Random rnd = new Random(seed);
        layout.begin(rnd);
        List<Op> init = new ArrayList<>();
        for (Contribution part : parts) {
            part.setUp(rnd, init);
        }
        return new Scenario(init, parallel(rnd));
    }

    @Override
    public int segments() {
        return layout.segments();
    }

    private List<List<Op>> parallel(Random rnd) {
        List<List<Op>> out = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            out.add(new ArrayList<>());
        }
        int user = layout.drawsUser() || parts.size() > 1 ? 1 + rnd.nextInt(threads - 1) : 1;
        List<BiConsumer<Random, List<List<Op>>>> pairs = new ArrayList<>();
        for (Contribution part : parts) {
            part.pairs(user, pairs);
        }
        pairs.get(rnd.nextInt(pairs.size())).accept(rnd, out);
        for (int t = 0; t < threads; t++) {
            while (out.get(t).size() < opsPerThread) {
                out.get(t).add(randomOp(rnd, t));
            }
        }
        return out;
    }

    /** The menu: every part's entries, each as many times as its weight; uniform among them. */
    private Op randomOp(Random rnd, int t) {
        Menu menu = new Menu();
        for (Contribution part : parts) {
            part.menu(t, menu);
        }
        return menu.entries.get(rnd.nextInt(menu.entries.size())).apply(rnd);
    }

    /* --------------- Contributions --------------- */

    /** What one part of the world brings to a scenario. */
    private interface Contribution {
        /** For error messages. */
        String name();

        /** How many threads this part's pairs need (with {@code threads} available). */
        int threadsNeeded(int threads);

        /** Appends set-up operations. */
        default void setUp(Random rnd, List<Op> ops) {
        }

        /** Adds this part's conflicting pairs; {@code user} is the task that races t0. */
        default void pairs(int user, List<BiConsumer<Random, List<List<Op>>>> pairs) {
        }

        /** Adds this part's menu entries for task {@code t}. */
        default void menu(int t, Menu menu) {
        }
    }

    /** The operations a thread may draw, each entry present as many times as its weight. */
    private static final class Menu {
        final List<Function<Random, Op>> entries = new ArrayList<>();

        void add(int weight, Function<Random, Op> op) {
            for (int i = 0; i < weight; i++) {
                entries.add(op);
            }
        }
    }

    /** A layout: the world's mappings and policies, and the races within them. */
    private abstract static class Layout implements Contribution {
        /** Draws what one scenario focuses on. */
        abstract void begin(Random rnd);

        /** Whether the pairs of this layout race a randomly drawn user against t0. */
        abstract boolean drawsUser();

        /** How many shm segments a scenario creates. */
        int segments() {
            return 0;
        }

        /** Refuses a world this layout cannot be built in. */
        void checkWorld() {
        }
    }

    /* --------------- task/VMA --------------- */

    /** Anonymous and hugetlb VMAs with policies, task policies; installs by t0 against uses by another task. */
    private final class TaskVmaLayout extends Layout {
        static final long ANON = 0x2000;
        static final long HUGE = 0x8000;
        /** Addresses a scenario may focus on: inside an anonymous VMA with a policy, and inside the hugetlb VMA. */
        private final long[] focusChoices = {0x2000, 0x3000, 0x8000};
        private long focus;

        @Override
        public String name() {
            return "task/VMA";
        }

        @Override
        public int threadsNeeded(int threads) {
            return 2;
        }

        @Override
        void begin(Random rnd) {
            focus = focusChoices[rnd.nextInt(focusChoices.length)];
        }

        @Override
        boolean drawsUser() {
            return true;
        }

        @Override
        public void setUp(Random rnd, List<Op> ops) {
            List<Integer> firstTaskOfMm = new ArrayList<>();
            List<Integer> mmOf = world.initialMmOfTasks();
            for (int t = 0; t < mmOf.size(); t++) {
                if (firstTaskOfMm.size() == mmOf.get(t)) {
                    firstTaskOfMm.add(t);
                    ops.add(new Op.Mmap(t, ANON, 4 * Limits.PAGE_SIZE, MapKind.ANON));
                }
            }
            ops.add(new Op.Mmap(0, HUGE, 2 * Limits.HPAGE_SIZE, MapKind.HUGETLB));
            ops.add(new Op.SetMempolicy(0, rnd.nextBoolean() ? Mode.MPOL_INTERLEAVE.number() : Mode.MPOL_BIND.number(),
                    randomNodes(rnd)));
            for (int t = 1; t < threads; t++) {
                if (rnd.nextBoolean()) {
                    ops.add(setPolicy(rnd, t));
                }
            }
            for (int t : firstTaskOfMm) {
                int mode = (rnd.nextBoolean() ? Mode.MPOL_INTERLEAVE : Mode.MPOL_BIND).number();
                ops.add(new Op.Mbind(t, ANON, 2 * Limits.PAGE_SIZE, mode, randomNodes(rnd), 0));
            }
        }

        /**
         * Every install/use combination of the world: the task policy (installed by
         * {@code set_mempolicy}, read remotely by {@code numa_maps}) and a VMA policy at the focus
         * (replaced by {@code mbind} or {@code munmap}, used by a fault, {@code get_mempolicy} or a
         * {@code numa_maps} of the process); t1 shares t0's mm.
         */
        @Override
        public void pairs(int user, List<BiConsumer<Random, List<List<Op>>>> pairs) {
            int sameMm = 1;
            pairs.add((r, out) -> {
                out.get(0).add(setPolicy(r, 0));
                out.get(user).add(new Op.NumaMaps(user, 0));
            });
            pairs.add((r, out) -> {
                out.get(0).add(mbind(r, 0));
                out.get(user).add(new Op.NumaMaps(user, 0));
            });
            pairs.add((r, out) -> {
                out.get(0).add(mbind(r, 0));
                out.get(sameMm).add(new Op.AllocPage(sameMm, OptionalLong.of(focus)));
            });
            pairs.add((r, out) -> {
                out.get(0).add(mbind(r, 0));
                out.get(sameMm).add(new Op.GetMempolicy(sameMm, true, Limits.MAX_NUMNODES + 1L, focus,
                        GetFlag.MPOL_F_NODE.bit() | GetFlag.MPOL_F_ADDR.bit()));
            });
            pairs.add((r, out) -> {
                out.get(0).add(new Op.Munmap(0, focus, Limits.PAGE_SIZE));
                out.get(sameMm).add(new Op.AllocPage(sameMm, OptionalLong.of(focus)));
            });
            pairs.add((r, out) -> {
                out.get(0).add(setPolicy(r, 0));
                out.get(0).add(new Op.AllocPage(0, OptionalLong.of(focus)));
            });
        }

        /** Weighted toward installs racing uses; every address is the scenario's focus. */
        @Override
        public void menu(int t, Menu menu) {
            menu.add(3, r -> setPolicy(r, t));
            menu.add(3, r -> mbind(r, t));
            menu.add(3, r -> new Op.NumaMaps(t, other(r, t)));
            menu.add(3, r -> new Op.AllocPage(t, OptionalLong.of(focus)));
            menu.add(1, r -> new Op.AllocPage(t, OptionalLong.empty()));
            menu.add(2, r -> new Op.GetMempolicy(t, true, Limits.MAX_NUMNODES + 1L, focus,
                    GetFlag.MPOL_F_NODE.bit() | GetFlag.MPOL_F_ADDR.bit()));
            menu.add(1, r -> new Op.GetMempolicy(t, true, Limits.MAX_NUMNODES + 1L, focus, GetFlag.MPOL_F_ADDR.bit()));
            menu.add(1, r -> new Op.GetMempolicy(t, true, Limits.MAX_NUMNODES + 1L, 0, 0));
            menu.add(1, r -> new Op.Munmap(t, focus, Limits.PAGE_SIZE));
            menu.add(1, r -> new Op.Mmap(t, ANON, 2 * Limits.PAGE_SIZE, MapKind.ANON));
            menu.add(1, r -> new Op.Fork(t));
            menu.add(1, r -> new Op.Exit(t));
        }

        private Op mbind(Random rnd, int t) {
            long len = (focus == HUGE || rnd.nextBoolean() ? 2 : 1) * Limits.PAGE_SIZE;
            int mode = anyMode(rnd);
            return new Op.Mbind(t, focus, len, mode, nodesFor(rnd, mode), 0);
        }

        private Op setPolicy(Random rnd, int t) {
            int mode = anyMode(rnd);
            return new Op.SetMempolicy(t, mode, nodesFor(rnd, mode));
        }
    }

    /* --------------- shared segment --------------- */

    /** A shmem segment in two address spaces: tree replacements by one against lookups by the other. */
    private final class SharedSegmentLayout extends Layout {
        static final long ANON = 0x2000;
        /** Where mm0 (t0, t1) attaches the segment. */
        static final long SHM0 = 0x4000;
        /** Where mm1 (t2) attaches the segment. */
        static final long SHM1 = 0x8000;
        static final int SEGMENT_PAGES = 4;
        /** The page of the segment a scenario focuses on (offset 1 or 2), which each address space reaches at its own address. */
        private long focusPage;

        @Override
        public String name() {
            return "shared-segment";
        }

        /** Its pairs use t0 and t1 (mm0) and t2 (mm1). */
        @Override
        public int threadsNeeded(int threads) {
            return 3;
        }

        @Override
        void checkWorld() {
            if (world.initialMmOfTasks().size() < 3 || world.initialMmOfTasks().get(2).equals(world.initialMmOfTasks().get(0))
                    || Long.compareUnsigned(world.taskSize(), SHM1 + SEGMENT_PAGES * Limits.PAGE_SIZE) < 0) {
                throw new IllegalArgumentException("the shared-segment world needs t0 and t2 in different processes and "
                        + "at least " + (SHM1 + SEGMENT_PAGES * Limits.PAGE_SIZE) / Limits.PAGE_SIZE + " pages, got "
                        + world);
            }
        }

        @Override
        void begin(Random rnd) {
            focusPage = 1 + rnd.nextInt(2);
        }

        @Override
        boolean drawsUser() {
            return false;
        }

        @Override
        int segments() {
            return 1;
        }

        @Override
        public void setUp(Random rnd, List<Op> ops) {
            ops.add(new Op.Mmap(0, ANON, 2 * Limits.PAGE_SIZE, MapKind.ANON));
            ops.add(new Op.Shmget(0, SEGMENT_PAGES * Limits.PAGE_SIZE));
            ops.add(new Op.Shmat(0, 0, SHM0));
            ops.add(new Op.Shmat(2, 0, SHM1));
            ops.add(new Op.Mbind(0, SHM0, SEGMENT_PAGES * Limits.PAGE_SIZE, nonDefaultMode(rnd), randomNodes(rnd), 0));
            ops.add(new Op.SetMempolicy(2, nonDefaultMode(rnd), randomNodes(rnd)));
        }

        /**
         * A replacement of the focus range by t0 against a lookup by t2 in the other address space
         * (fault, {@code get_mempolicy(MPOL_F_ADDR)}, {@code numa_maps}) or against a replacement
         * by t2 (two tree writers, entries 7 and 9a); an {@code mbind} across the anonymous VMA and
         * the segment against faults in the anonymous VMA (entry 6); a cpuset rebind of t2 against
         * its fault (entry 10); an injected allocation failure before a split (entry 9c).
         */
        @Override
        public void pairs(int user, List<BiConsumer<Random, List<List<Op>>>> pairs) {
            pairs.add((r, out) -> {
                out.get(0).add(mbindFocus(r, 0));
                out.get(2).add(new Op.AllocPage(2, OptionalLong.of(addr(2, focusPage))));
            });
            pairs.add((r, out) -> {
                out.get(0).add(mbindFocus(r, 0));
                out.get(2).add(mbindWhole(r, 2));
            });
            pairs.add((r, out) -> {
                out.get(0).add(mbindFocus(r, 0));
                out.get(2).add(new Op.GetMempolicy(2, true, Limits.MAX_NUMNODES + 1L, addr(2, focusPage),
                        GetFlag.MPOL_F_ADDR.bit()));
            });
            pairs.add((r, out) -> {
                out.get(0).add(mbindFocus(r, 0));
                out.get(2).add(new Op.NumaMaps(2, 0));
            });
            pairs.add((r, out) -> {
                out.get(0).add(new Op.CpusetRebind(0, 2));
                out.get(2).add(new Op.AllocPage(2, OptionalLong.of(addr(2, focusPage))));
            });
            pairs.add((r, out) -> {
                out.get(1).add(new Op.Failslab(1));
                out.get(1).add(mbindFocus(r, 1));
                out.get(2).add(new Op.AllocPage(2, OptionalLong.of(addr(2, focusPage))));
            });
            pairs.add((r, out) -> {
                out.get(0).add(new Op.Mbind(0, ANON, 4 * Limits.PAGE_SIZE, nonDefaultMode(r), randomNodes(r), 0));
                out.get(1).add(new Op.AllocPage(1, OptionalLong.of(ANON)));
                out.get(1).add(new Op.AllocPage(1, OptionalLong.of(ANON)));
            });
        }

        /** Weighted toward tree replacements racing tree lookups. */
        @Override
        public void menu(int t, Menu menu) {
            menu.add(3, r -> mbindFocus(r, t));
            menu.add(2, r -> mbindTail(r, t));
            menu.add(3, r -> new Op.AllocPage(t, OptionalLong.of(addr(t, focusPage))));
            menu.add(1, r -> new Op.GetMempolicy(t, true, Limits.MAX_NUMNODES + 1L, addr(t, focusPage),
                    GetFlag.MPOL_F_ADDR.bit()));
            menu.add(2, r -> new Op.NumaMaps(t, r.nextBoolean() ? 0 : 2));
            menu.add(1, r -> new Op.SetMempolicy(t, nonDefaultMode(r), randomNodes(r)));
            if (mmOf(t) == mmOf(0)) {
                menu.add(2, r -> new Op.AllocPage(t, OptionalLong.of(ANON)));
                menu.add(1, r -> new Op.Mbind(t, ANON, 4 * Limits.PAGE_SIZE, nonDefaultMode(r), randomNodes(r), 0));
            }
            menu.add(1, r -> new Op.Shmdt(t, base(t)));
            menu.add(1, r -> new Op.CpusetRebind(t, r.nextBoolean() ? 0 : 2));
            menu.add(1, r -> new Op.Failslab(t));
        }

        /** An {@code mbind} of the focus page (one page: a split of any range around it), any mode including removal. */
        private Op mbindFocus(Random rnd, int t) {
            int mode = sharedMode(rnd);
            return new Op.Mbind(t, addr(t, focusPage), Limits.PAGE_SIZE, mode, nodesFor(rnd, mode), 0);
        }

        /** An {@code mbind} of the whole segment: it deletes every range, so a split another task is preparing goes away. */
        private Op mbindWhole(Random rnd, int t) {
            int mode = sharedMode(rnd);
            return new Op.Mbind(t, base(t), SEGMENT_PAGES * Limits.PAGE_SIZE, mode, nodesFor(rnd, mode), 0);
        }

        /** An {@code mbind} from offset 0 or the focus to the segment's end: it may make a pending split unneeded. */
        private Op mbindTail(Random rnd, int t) {
            long from = rnd.nextBoolean() ? 0 : focusPage;
            int mode = sharedMode(rnd);
            return new Op.Mbind(t, addr(t, from), (SEGMENT_PAGES - from) * Limits.PAGE_SIZE, mode, nodesFor(rnd, mode), 0);
        }

        private int mmOf(int t) {
            return world.initialMmOfTasks().get(t);
        }

        private long base(int t) {
            return mmOf(t) == mmOf(0) ? SHM0 : SHM1;
        }

        private long addr(int t, long page) {
            return base(t) + page * Limits.PAGE_SIZE;
        }

        private int sharedMode(Random rnd) {
            return rnd.nextInt(4) == 0 ? Mode.MPOL_DEFAULT.number() : nonDefaultMode(rnd);
        }
    }

    /* --------------- features --------------- */

    /**
     * {@link Feature#REMOTE_INSTALL}: t0's task policy at stake. A remote install by {@code user}
     * against t0's VMA-less allocation (catalogue entry 1), t0's exit (entry 17), t0's
     * {@code get_mempolicy}, and a {@code numa_maps(t0)} by {@code user} while another task installs.
     */
    private final class RemoteInstall implements Contribution {
        @Override
        public String name() {
            return "REMOTE_INSTALL";
        }

        @Override
        public int threadsNeeded(int threads) {
            return 2;
        }

        /** Half of the time t0 gets a policy with {@code MPOL_F_STATIC_NODES}, whose stored mask {@code get_mempolicy} reports. */
        @Override
        public void setUp(Random rnd, List<Op> ops) {
            if (rnd.nextBoolean()) {
                int mode = rnd.nextBoolean() ? Mode.MPOL_INTERLEAVE.number() : Mode.MPOL_BIND.number();
                ops.add(new Op.SetMempolicy(0, mode | ModeFlag.MPOL_F_STATIC_NODES.bit(), randomNodes(rnd)));
            }
        }

        @Override
        public void pairs(int user, List<BiConsumer<Random, List<List<Op>>>> pairs) {
            pairs.add((r, out) -> remoteAgainst(r, out, user, new Op.AllocPage(0, OptionalLong.empty())));
            pairs.add((r, out) -> remoteAgainst(r, out, user, new Op.Exit(0)));
            pairs.add((r, out) -> remoteAgainst(r, out, user,
                    new Op.GetMempolicy(0, true, Limits.MAX_NUMNODES + 1L, 0, 0)));
            int installer = threads > 2 ? 3 - user : 0;
            pairs.add((r, out) -> {
                out.get(installer).add(pidfdSetPolicy(r, installer, 0));
                out.get(user).add(new Op.NumaMaps(user, 0));
            });
        }

        @Override
        public void menu(int t, Menu menu) {
            menu.add(3, r -> pidfdSetPolicy(r, t, other(r, t)));
            menu.add(2, r -> new Op.ReturnToUser(t));
            menu.add(2, r -> new Op.RcuGracePeriod(t));
        }

        private void remoteAgainst(Random rnd, List<List<Op>> out, int user, Op ofT0) {
            out.get(user).add(pidfdSetPolicy(rnd, user, 0));
            out.get(0).add(ofT0);
        }

        private Op pidfdSetPolicy(Random rnd, int t, int target) {
            int mode = anyMode(rnd);
            return new Op.PidfdSetMempolicy(t, target, mode, nodesFor(rnd, mode), 0);
        }
    }

    /** {@link Feature#EXIT_ORDER}: t0's exit against a {@code numa_maps(t0)} (entry 8), as two pairs so it is drawn more often. */
    private final class ExitOrder implements Contribution {
        @Override
        public String name() {
            return "EXIT_ORDER";
        }

        @Override
        public int threadsNeeded(int threads) {
            return 2;
        }

        @Override
        public void pairs(int user, List<BiConsumer<Random, List<List<Op>>>> pairs) {
            for (int i = 0; i < 2; i++) {
                pairs.add((r, out) -> {
                    out.get(0).add(new Op.Exit(0));
                    out.get(user).add(new Op.NumaMaps(user, 0));
                });
            }
        }
    }

    /* --------------- draws shared by every part --------------- */

    private int other(Random rnd, int t) {
        int o = rnd.nextInt(world.initialTasks());
        return o == t ? (t + 1) % world.initialTasks() : o;
    }

    /** No mask for {@code MPOL_DEFAULT} (which rejects one), a random non-empty mask otherwise. */
    private UserNodes nodesFor(Random rnd, int mode) {
        return mode == Mode.MPOL_DEFAULT.number() ? UserNodes.NONE : randomNodes(rnd);
    }

    /** Any mode a remote install may set, {@code MPOL_F_STATIC_NODES} included. */
    private static int anyMode(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> Mode.MPOL_DEFAULT.number();
            case 1 -> Mode.MPOL_BIND.number();
            case 2 -> Mode.MPOL_PREFERRED.number();
            case 3 -> Mode.MPOL_INTERLEAVE.number() | (rnd.nextBoolean() ? ModeFlag.MPOL_F_STATIC_NODES.bit() : 0);
            default -> Mode.MPOL_INTERLEAVE.number();
        };
    }

    private static int nonDefaultMode(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> Mode.MPOL_BIND.number();
            case 1 -> Mode.MPOL_PREFERRED.number();
            default -> Mode.MPOL_INTERLEAVE.number();
        };
    }

    private UserNodes randomNodes(Random rnd) {
        return UserNodes.of(NodeMask.ofWord(1 + rnd.nextInt((1 << world.nodes()) - 1)));
    }
}
