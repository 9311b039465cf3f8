package io.mpolcheck.scheme;

import io.mpolcheck.kernel.MmapLock;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.GetFlag;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.PolicyAnswers;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;
import java.util.Optional;

/**
 * {@code get-mempolicy-split-read} (a constructed example, not a historical bug): the 2008 rules,
 * but {@code get_mempolicy(MPOL_F_ADDR)} looks the VMA policy up twice, once under
 * {@code mmap_read_lock} for the mode and once, after dropping and retaking the lock, for the
 * nodemask. Every object it touches is alive and referenced correctly; an {@code mbind} of the
 * same range by another thread between the two sections replaces the policy, and the caller is
 * told the old mode with the new mask — a pair no policy ever had. Only a check of the answers
 * sees it: the lifetime oracle has nothing to report.
 *
 * <p>The hazard is the one catalogue entry 19 notes for the weighted-interleave table (a total
 * read in one RCU section and the selection in another can see two versions); here it is put on
 * the simplest reader the model has. The one mistake: {@link #getMempolicy} reads in two sections.
 */
public final class GetMempolicySplitReadScheme extends MmapLockScheme {

    /** Registers {@code get-mempolicy-split-read}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("get-mempolicy-split-read",
                    "mmap-lock-2008, but get_mempolicy(MPOL_F_ADDR) reads the VMA policy's mode under one "
                            + "mmap_read_lock section and its nodemask under a second one; an mbind between them gives "
                            + "the caller a mode and a mask from two different policies. No lifetime rule is broken.",
                    "constructed example; the two-section hazard of catalogue entry 19 (weighted-interleave table)",
                    ViolationClass.NON_LINEARIZABLE)
                    // mode from the bind policy, mask from the interleave one that replaced it
                    .withWitness(Witness.withInit("t0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", "mmap-lock-2008",
                            "t0 mbind(0x2000, 0x1000, MPOL_INTERLEAVE, {0-1}, 65, 0)", "t1 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new GetMempolicySplitReadScheme(world, heap);
        }
    }

    public GetMempolicySplitReadScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    @Override
    protected Result getMempolicy(Op.GetMempolicy op) {
        MmapLock lock = mmapLockOf(op.task());
        if (!GetFlag.MPOL_F_ADDR.in(op.flags()) || GetFlag.MPOL_F_NODE.in(op.flags()) || lock == null) {
            return super.getMempolicy(op);
        }
        int mode = PolicyAnswers.reportedMode(readVmaPolicy(lock, op));
        Optional<Mempolicy> second = readVmaPolicy(lock, op);
        return answer(op, () -> PolicyAnswers.copyOut(mode, false, PolicyAnswers.reportedNodes(second),
                op.wantNodes(), op.maxnode()));
    }

    /** One section: {@code mmap_read_lock}; look the VMA policy up and read it; {@code mmap_read_unlock}. */
    private Optional<Mempolicy> readVmaPolicy(MmapLock lock, Op.GetMempolicy op) {
        lock.readLock();
        try {
            return readValue(state.vmaPolicy(op.task(), op.addr()));
        } finally {
            lock.readUnlock();
        }
    }
}
