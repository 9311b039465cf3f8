package io.mpolcheck.lincheck;

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
 * Random scenarios over the task/VMA world, reproducible from a seed. Every process maps an
 * anonymous region at {@code 0x2000} (four pages) and mm0 a hugetlb region at {@code 0x8000};
 * every anonymous region gets a VMA policy on its first two pages, t0 a task policy and the other
 * tasks one at random. The parallel part opens with one conflicting install/use pair (see
 * {@link #parallel}) and is filled from a menu weighted toward the paths where references are
 * taken and dropped. Every operation of a scenario uses one focus address, drawn per scenario, so
 * that operations collide. Teardown ({@code SchemeTarget.teardown()}): every task slot exits,
 * which unmaps everything, then the leak check.
 *
 * <p>A scheme's features add pairs and menu entries (without them the draws, and so the scenarios
 * of a seed, are those of the base world): {@link Feature#REMOTE_INSTALL} races
 * {@code pidfd_set_mempolicy(t0)} by another task against t0's own lookups, t0's exit and a
 * {@code numa_maps(t0)}, and adds remote installs, {@code return_to_user()} and
 * {@code rcu_grace_period()} to the menu, and gives t0's first policy {@code MPOL_F_STATIC_NODES}
 * half of the time (so that {@code get_mempolicy} reports the stored user mask);
 * {@link Feature#EXIT_ORDER} races t0's exit against a
 * {@code numa_maps(t0)}.
 */
public final class ScenarioGenerator implements ScenarioSource {
    static final long ANON = 0x2000;
    static final long HUGE = 0x8000;
    /** Addresses a scenario may focus on: inside an anonymous VMA with a policy, and inside the hugetlb VMA. */
    private static final long[] FOCUS = {0x2000, 0x3000, 0x8000};

    private final WorldConfig world;
    private final int threads;
    private final int opsPerThread;
    private final Set<Feature> features;
    /** The one address every operation of the current scenario uses, so that operations collide. */
    private long focus;

    public ScenarioGenerator(WorldConfig world, int threads, int opsPerThread) {
        this(world, threads, opsPerThread, Set.of());
    }

    /** Scenarios for a scheme with {@code features}. */
    public ScenarioGenerator(WorldConfig world, int threads, int opsPerThread, Set<Feature> features) {
        this.world = world;
        this.threads = threads;
        this.opsPerThread = opsPerThread;
        this.features = Set.copyOf(features);
    }

    /** The scenario for {@code seed}: the same seed always gives the same scenario. */
    @Override
    public Scenario generate(long seed) {
        Random rnd = new Random(seed);
        focus = FOCUS[rnd.nextInt(FOCUS.length)];
        return new Scenario(init(rnd), parallel(rnd));
    }

    private List<Op> init(Random rnd) {
        List<Op> ops = new ArrayList<>();
        List<Integer> firstTaskOfMm = new ArrayList<>();
        List<Integer> mmOf = world.initialMmOfTasks();
        for (int t = 0; t < mmOf.size(); t++) {
            if (firstTaskOfMm.size() == mmOf.get(t)) {
                firstTaskOfMm.add(t);
                ops.add(new Op.Mmap(t, ANON, 4 * Limits.PAGE_SIZE, MapKind.ANON));
            }
        }
        ops.add(new Op.Mmap(0, HUGE, 2 * Limits.HPAGE_SIZE, MapKind.HUGETLB));
        int mode0 = rnd.nextBoolean() ? Mode.MPOL_INTERLEAVE.number() : Mode.MPOL_BIND.number();
        if (features.contains(Feature.REMOTE_INSTALL) && rnd.nextBoolean()) {
            mode0 |= ModeFlag.MPOL_F_STATIC_NODES.bit(); // the user's mask is stored and reported back
        }
        ops.add(new Op.SetMempolicy(0, mode0, randomNodes(rnd)));
        for (int t = 1; t < threads; t++) {
            if (rnd.nextBoolean()) {
                ops.add(setPolicy(rnd, t));
            }
        }
        for (int t : firstTaskOfMm) {
            int mode = (rnd.nextBoolean() ? Mode.MPOL_INTERLEAVE : Mode.MPOL_BIND).number();
            ops.add(new Op.Mbind(t, ANON, 2 * Limits.PAGE_SIZE, mode, randomNodes(rnd), 0));
        }
        return ops;
    }

    /**
     * Each scenario opens with one conflicting pair — an install by t0 and a use of the same
     * object by another task, both first on their threads — and fills the rest from the menu.
     * The pairs are every install/use combination the world has: the task policy (installed by
     * {@code set_mempolicy}, read remotely by {@code numa_maps}) and a VMA policy at the focus
     * (replaced by {@code mbind} or {@code munmap}, used by a fault, {@code get_mempolicy} or a
     * {@code numa_maps} of the process).
     */
    private List<List<Op>> parallel(Random rnd) {
        List<List<Op>> out = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            out.add(new ArrayList<>());
        }
        if (threads > 1) {
            conflictPair(rnd, out);
        }
        for (int t = 0; t < threads; t++) {
            while (out.get(t).size() < opsPerThread) {
                out.get(t).add(randomOp(rnd, t));
            }
        }
        return out;
    }

    private void conflictPair(Random rnd, List<List<Op>> out) {
        int sameMm = 1;
        int user = 1 + rnd.nextInt(threads - 1);
        List<BiConsumer<Random, List<List<Op>>>> extra = featurePairs(user);
        int pick = rnd.nextInt(6 + extra.size());
        if (pick >= 6) {
            extra.get(pick - 6).accept(rnd, out);
            return;
        }
        switch (pick) {
            case 0 -> {
                out.get(0).add(setPolicy(rnd, 0));
                out.get(user).add(new Op.NumaMaps(user, 0));
            }
            case 1 -> {
                out.get(0).add(mbind(rnd, 0));
                out.get(user).add(new Op.NumaMaps(user, 0));
            }
            case 2 -> {
                out.get(0).add(mbind(rnd, 0));
                out.get(sameMm).add(new Op.AllocPage(sameMm, OptionalLong.of(focus)));
            }
            case 3 -> {
                out.get(0).add(mbind(rnd, 0));
                out.get(sameMm).add(new Op.GetMempolicy(sameMm, true, Limits.MAX_NUMNODES + 1L, focus,
                        GetFlag.MPOL_F_NODE.bit() | GetFlag.MPOL_F_ADDR.bit()));
            }
            case 4 -> {
                out.get(0).add(new Op.Munmap(0, focus, Limits.PAGE_SIZE));
                out.get(sameMm).add(new Op.AllocPage(sameMm, OptionalLong.of(focus)));
            }
            default -> {
                out.get(0).add(setPolicy(rnd, 0));
                out.get(0).add(new Op.AllocPage(0, OptionalLong.of(focus)));
            }
        }
    }

    /**
     * The pairs a scheme's features add, t0 always the task whose policy is at stake:
     * {@link Feature#REMOTE_INSTALL}: a remote install by {@code user} against t0's VMA-less
     * allocation (catalogue entry 1), t0's exit (entry 17), t0's {@code get_mempolicy}, and a
     * {@code numa_maps(t0)}; {@link Feature#EXIT_ORDER}: t0's exit against a {@code numa_maps(t0)}
     * (entry 8), twice as often as one of the others.
     */
    private List<BiConsumer<Random, List<List<Op>>>> featurePairs(int user) {
        List<BiConsumer<Random, List<List<Op>>>> pairs = new ArrayList<>();
        if (features.contains(Feature.REMOTE_INSTALL)) {
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
        if (features.contains(Feature.EXIT_ORDER)) {
            for (int i = 0; i < 2; i++) {
                pairs.add((r, out) -> {
                    out.get(0).add(new Op.Exit(0));
                    out.get(user).add(new Op.NumaMaps(user, 0));
                });
            }
        }
        return pairs;
    }

    private void remoteAgainst(Random rnd, List<List<Op>> out, int user, Op ofT0) {
        out.get(user).add(pidfdSetPolicy(rnd, user, 0));
        out.get(0).add(ofT0);
    }

    private Op pidfdSetPolicy(Random rnd, int t, int target) {
        int mode = randomMode(rnd);
        return new Op.PidfdSetMempolicy(t, target, mode, nodesFor(rnd, mode), 0);
    }

    /**
     * The menu, weighted toward installs racing uses: each entry appears as many times as its
     * weight. All addresses are the scenario's focus.
     */
    private Op randomOp(Random rnd, int t) {
        List<Function<Random, Op>> menu = new ArrayList<>();
        add(menu, 3, r -> setPolicy(r, t));
        add(menu, 3, r -> mbind(r, t));
        add(menu, 3, r -> new Op.NumaMaps(t, other(r, t)));
        add(menu, 3, r -> new Op.AllocPage(t, OptionalLong.of(focus)));
        add(menu, 1, r -> new Op.AllocPage(t, OptionalLong.empty()));
        add(menu, 2, r -> new Op.GetMempolicy(t, true, Limits.MAX_NUMNODES + 1L, focus,
                GetFlag.MPOL_F_NODE.bit() | GetFlag.MPOL_F_ADDR.bit()));
        add(menu, 1, r -> new Op.GetMempolicy(t, true, Limits.MAX_NUMNODES + 1L, focus, GetFlag.MPOL_F_ADDR.bit()));
        add(menu, 1, r -> new Op.GetMempolicy(t, true, Limits.MAX_NUMNODES + 1L, 0, 0));
        add(menu, 1, r -> new Op.Munmap(t, focus, Limits.PAGE_SIZE));
        add(menu, 1, r -> new Op.Mmap(t, ANON, 2 * Limits.PAGE_SIZE, MapKind.ANON));
        add(menu, 1, r -> new Op.Fork(t));
        add(menu, 1, r -> new Op.Exit(t));
        if (features.contains(Feature.REMOTE_INSTALL)) {
            add(menu, 3, r -> pidfdSetPolicy(r, t, other(r, t)));
            add(menu, 2, r -> new Op.ReturnToUser(t));
            add(menu, 2, r -> new Op.RcuGracePeriod(t));
        }
        return menu.get(rnd.nextInt(menu.size())).apply(rnd);
    }

    private static void add(List<Function<Random, Op>> menu, int weight, Function<Random, Op> op) {
        for (int i = 0; i < weight; i++) {
            menu.add(op);
        }
    }

    private Op mbind(Random rnd, int t) {
        long start = focus;
        long len = (start == HUGE || rnd.nextBoolean() ? 2 : 1) * Limits.PAGE_SIZE;
        int mode = randomMode(rnd);
        return new Op.Mbind(t, start, len, mode, nodesFor(rnd, mode), 0);
    }

    private Op setPolicy(Random rnd, int t) {
        int mode = randomMode(rnd);
        return new Op.SetMempolicy(t, mode, nodesFor(rnd, mode));
    }

    /** No mask for {@code MPOL_DEFAULT} (which rejects one), a random non-empty mask otherwise. */
    private UserNodes nodesFor(Random rnd, int mode) {
        return mode == Mode.MPOL_DEFAULT.number() ? UserNodes.NONE : randomNodes(rnd);
    }

    private int other(Random rnd, int t) {
        int o = rnd.nextInt(world.initialTasks());
        return o == t ? (t + 1) % world.initialTasks() : o;
    }

    private static int randomMode(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> Mode.MPOL_DEFAULT.number();
            case 1 -> Mode.MPOL_BIND.number();
            case 2 -> Mode.MPOL_PREFERRED.number();
            case 3 -> Mode.MPOL_INTERLEAVE.number() | (rnd.nextBoolean() ? ModeFlag.MPOL_F_STATIC_NODES.bit() : 0);
            default -> Mode.MPOL_INTERLEAVE.number();
        };
    }

    private UserNodes randomNodes(Random rnd) {
        return UserNodes.of(NodeMask.ofWord(1 + rnd.nextInt((1 << world.nodes()) - 1)));
    }
}
