package io.mpolcheck.lincheck;

import io.mpolcheck.model.GetFlag;
import io.mpolcheck.model.Limits;
import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.UserNodes;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Function;

/**
 * Random scenarios over the shared-segment world, reproducible from a seed: one shmem segment of
 * four pages ({@code shmid 0}) attached by two address spaces at different addresses — mm0 (tasks
 * t0, t1) at {@code 0x4000}, right after an anonymous VMA {@code [0x2000, 0x4000)}, and mm1 (t2) at
 * {@code 0x8000} — with one policy over the whole segment, so that an {@code mbind} of a sub-range
 * splits it. Every scenario focuses on one inner page of the segment (offset 1 or 2), which each
 * address space reaches at its own address.
 *
 * <p>The parallel part opens with one conflicting pair: a replacement of the focus range by t0
 * against a lookup by t2 in the other address space (fault, {@code get_mempolicy(MPOL_F_ADDR)},
 * {@code numa_maps}), against a replacement by t2 (two trees writers, the case of catalogue
 * entries 7 and 9a), or an {@code mbind} across the anonymous VMA and the segment against faults in
 * the anonymous VMA (entry 6), a cpuset rebind of t2 against its fault (entry 10), or an injected
 * allocation failure before a split (entry 9c). Teardown removes the segment ({@code IPC_RMID}) before every task
 * exits, so that its policies must be freed too.
 */
public final class SharedScenarioGenerator implements ScenarioSource {
    static final long ANON = 0x2000;
    /** Where mm0 (t0, t1) attaches the segment. */
    static final long SHM0 = 0x4000;
    /** Where mm1 (t2) attaches the segment. */
    static final long SHM1 = 0x8000;
    static final int SEGMENT_PAGES = 4;

    private final WorldConfig world;
    private final int threads;
    private final int opsPerThread;
    private long focusPage;

    public SharedScenarioGenerator(WorldConfig world, int threads, int opsPerThread) {
        if (world.initialMmOfTasks().size() < 3 || world.initialMmOfTasks().get(2) == world.initialMmOfTasks().get(0)
                || Long.compareUnsigned(world.taskSize(), SHM1 + SEGMENT_PAGES * Limits.PAGE_SIZE) < 0) {
            throw new IllegalArgumentException("the shared-segment world needs t0 and t2 in different processes and "
                    + "at least " + (SHM1 + SEGMENT_PAGES * Limits.PAGE_SIZE) / Limits.PAGE_SIZE + " pages, got " + world);
        }
        this.world = world;
        this.threads = threads;
        this.opsPerThread = opsPerThread;
    }

    @Override
    public Scenario generate(long seed) {
        Random rnd = new Random(seed);
        focusPage = 1 + rnd.nextInt(2);
        return new Scenario(init(rnd), parallel(rnd));
    }

    @Override
    public int segments() {
        return 1;
    }

    private List<Op> init(Random rnd) {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op.Mmap(0, ANON, 2 * Limits.PAGE_SIZE, MapKind.ANON));
        ops.add(new Op.Shmget(0, SEGMENT_PAGES * Limits.PAGE_SIZE));
        ops.add(new Op.Shmat(0, 0, SHM0));
        ops.add(new Op.Shmat(2, 0, SHM1));
        ops.add(new Op.Mbind(0, SHM0, SEGMENT_PAGES * Limits.PAGE_SIZE, nonDefaultMode(rnd), randomNodes(rnd), 0));
        ops.add(new Op.SetMempolicy(2, nonDefaultMode(rnd), randomNodes(rnd)));
        return ops;
    }

    private List<List<Op>> parallel(Random rnd) {
        List<List<Op>> out = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            out.add(new ArrayList<>());
        }
        if (threads > 2) {
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
        switch (rnd.nextInt(7)) {
            case 0 -> {
                out.get(0).add(mbindFocus(rnd, 0));
                out.get(2).add(new Op.AllocPage(2, OptionalLong.of(addr(2, focusPage))));
            }
            case 1 -> {
                out.get(0).add(mbindFocus(rnd, 0));
                out.get(2).add(mbindWhole(rnd, 2));
            }
            case 2 -> {
                out.get(0).add(mbindFocus(rnd, 0));
                out.get(2).add(new Op.GetMempolicy(2, true, Limits.MAX_NUMNODES + 1L, addr(2, focusPage),
                        GetFlag.MPOL_F_ADDR.bit()));
            }
            case 3 -> {
                out.get(0).add(mbindFocus(rnd, 0));
                out.get(2).add(new Op.NumaMaps(2, 0));
            }
            case 4 -> {
                out.get(0).add(new Op.CpusetRebind(0, 2));
                out.get(2).add(new Op.AllocPage(2, OptionalLong.of(addr(2, focusPage))));
            }
            case 5 -> {
                out.get(1).add(new Op.Failslab(1));
                out.get(1).add(mbindFocus(rnd, 1));
                out.get(2).add(new Op.AllocPage(2, OptionalLong.of(addr(2, focusPage))));
            }
            default -> {
                out.get(0).add(new Op.Mbind(0, ANON, 4 * Limits.PAGE_SIZE, nonDefaultMode(rnd), randomNodes(rnd), 0));
                out.get(1).add(new Op.AllocPage(1, OptionalLong.of(ANON)));
                out.get(1).add(new Op.AllocPage(1, OptionalLong.of(ANON)));
            }
        }
    }

    /** The menu, weighted toward tree replacements racing tree lookups. */
    private Op randomOp(Random rnd, int t) {
        List<Function<Random, Op>> menu = new ArrayList<>();
        add(menu, 3, r -> mbindFocus(r, t));
        add(menu, 2, r -> mbindTail(r, t));
        add(menu, 3, r -> new Op.AllocPage(t, OptionalLong.of(addr(t, focusPage))));
        add(menu, 1, r -> new Op.GetMempolicy(t, true, Limits.MAX_NUMNODES + 1L, addr(t, focusPage),
                GetFlag.MPOL_F_ADDR.bit()));
        add(menu, 2, r -> new Op.NumaMaps(t, r.nextBoolean() ? 0 : 2));
        add(menu, 1, r -> new Op.SetMempolicy(t, nonDefaultMode(r), randomNodes(r)));
        if (mmOf(t) == mmOf(0)) {
            add(menu, 2, r -> new Op.AllocPage(t, OptionalLong.of(ANON)));
            add(menu, 1, r -> new Op.Mbind(t, ANON, 4 * Limits.PAGE_SIZE, nonDefaultMode(r), randomNodes(r), 0));
        }
        add(menu, 1, r -> new Op.Shmdt(t, base(t)));
        add(menu, 1, r -> new Op.CpusetRebind(t, r.nextBoolean() ? 0 : 2));
        add(menu, 1, r -> new Op.Failslab(t));
        return menu.get(rnd.nextInt(menu.size())).apply(rnd);
    }

    private static void add(List<Function<Random, Op>> menu, int weight, Function<Random, Op> op) {
        for (int i = 0; i < weight; i++) {
            menu.add(op);
        }
    }

    /** An {@code mbind} of the focus page (one page: a split of any range around it), any mode including removal. */
    private Op mbindFocus(Random rnd, int t) {
        int mode = randomMode(rnd);
        return new Op.Mbind(t, addr(t, focusPage), Limits.PAGE_SIZE, mode, nodesFor(rnd, mode), 0);
    }

    /** An {@code mbind} of the whole segment: it deletes every range, so a split another task is preparing goes away. */
    private Op mbindWhole(Random rnd, int t) {
        int mode = randomMode(rnd);
        return new Op.Mbind(t, base(t), SEGMENT_PAGES * Limits.PAGE_SIZE, mode, nodesFor(rnd, mode), 0);
    }

    /** An {@code mbind} from offset 0 or the focus to the segment's end: it may make a pending split unneeded. */
    private Op mbindTail(Random rnd, int t) {
        long from = rnd.nextBoolean() ? 0 : focusPage;
        int mode = randomMode(rnd);
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

    private UserNodes nodesFor(Random rnd, int mode) {
        return mode == Mode.MPOL_DEFAULT.number() ? UserNodes.NONE : randomNodes(rnd);
    }

    private static int randomMode(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Mode.MPOL_DEFAULT.number();
            default -> nonDefaultMode(rnd);
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
