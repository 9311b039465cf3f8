package io.mpolcheck.property;

import io.mpolcheck.model.Limits;
import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.UserNodes;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Property: two address spaces attached to one shm segment at different addresses see the same
 * shared policy for the same page offset ({@code shmem_get_policy()} looks up by offset, not by
 * address). The world: {@link WorldConfig#SMALL}; one segment of {@link #PAGES} pages attached by
 * mm0 (t0, t1) at {@link #BASE0} and by mm1 (t2) at {@link #BASE1}; then any sequence of
 * {@code mbind} (any mode, {@code MPOL_DEFAULT} included) through either attachment, task policy
 * changes, faults and partial {@code munmap}s. After every step, for every offset mapped in both
 * address spaces, {@code get_mempolicy(MPOL_F_ADDR)} through t0 and through t2 must agree.
 */
public final class SharedAttachers {
    public static final int PAGES = 8;
    public static final long BASE0 = 0x4000;
    public static final long BASE1 = 0x10000;
    private static final int[] TASKS = {0, 1, 2};

    private SharedAttachers() {
    }

    /** The set-up and then the generated steps. */
    public static List<Op> generate(Choices c) {
        List<Op> ops = new ArrayList<>(List.of(new Op.Shmget(0, PAGES * Limits.PAGE_SIZE), new Op.Shmat(0, 0, BASE0),
                new Op.Shmat(2, 0, BASE1)));
        while (c.more() && ops.size() < 40) {
            int t = TASKS[c.intIn(0, 2)];
            long base = t == 2 ? BASE1 : BASE0;
            long first = c.intIn(0, PAGES - 1);
            long pages = c.intIn(1, (int) (PAGES - first));
            long addr = base + first * Limits.PAGE_SIZE;
            switch (c.intIn(0, 9)) {
                case 0 -> ops.add(new Op.Munmap(t, addr, Limits.PAGE_SIZE));
                case 1 -> ops.add(new Op.SetMempolicy(t, Mode.MPOL_INTERLEAVE.number(), nodes(c)));
                case 2 -> ops.add(new Op.AllocPage(t, OptionalLong.of(addr)));
                case 3 -> ops.add(new Op.Mbind(t, addr, pages * Limits.PAGE_SIZE, Mode.MPOL_DEFAULT.number(),
                        UserNodes.NONE, 0));
                default -> ops.add(new Op.Mbind(t, addr, pages * Limits.PAGE_SIZE,
                        c.pick(List.of(Mode.MPOL_BIND, Mode.MPOL_INTERLEAVE, Mode.MPOL_PREFERRED)).number(), nodes(c), 0));
            }
        }
        return ops;
    }

    private static UserNodes nodes(Choices c) {
        return UserNodes.of(NodeMask.ofWord(c.intIn(1, 15)));
    }

    /** Applies {@code ops} to a fresh model; throws {@link AssertionError} at the first step after which the attachers disagree. */
    public static void assertHolds(List<Op> ops) {
        MempolicyModel model = new MempolicyModel(WorldConfig.SMALL);
        for (int i = 0; i < ops.size(); i++) {
            model.apply(ops.get(i));
            for (int page = 0; page < PAGES; page++) {
                Result viaMm0 = addrPolicy(model, 0, BASE0 + page * Limits.PAGE_SIZE);
                Result viaMm1 = addrPolicy(model, 2, BASE1 + page * Limits.PAGE_SIZE);
                if (!(viaMm0 instanceof Result.Error) && !(viaMm1 instanceof Result.Error) && !viaMm0.equals(viaMm1)) {
                    throw new AssertionError("after step " + (i + 1) + ", segment page " + page + ": through mm0 "
                            + viaMm0 + ", through mm1 " + viaMm1 + "\n" + OpFormat.printAll(ops.subList(0, i + 1)));
                }
            }
        }
    }

    private static Result addrPolicy(MempolicyModel model, int task, long addr) {
        return model.apply(new Op.GetMempolicy(task, true, Limits.MAX_NUMNODES + 1L, addr, 2));
    }
}
