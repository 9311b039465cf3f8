package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.MmapLock;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;
import java.util.Optional;

/**
 * {@code get-mempolicy-early-unlock-2017} (catalogue entry 11a, CVE-2018-10675):
 * {@code get_mempolicy(MPOL_F_NODE | MPOL_F_ADDR)} looks the VMA policy up under
 * {@code mmap_lock}, then {@code lookup_node()} drops the lock, and the nodemask of the policy is
 * read afterwards — while an {@code mbind} by another thread of the process replaces and frees it.
 *
 * <p>The one mistake: {@link #getMempolicyNodeOfAddr} reads the policy after unlocking, without a
 * reference. Its fixed sibling is {@code get-mempolicy-pin-2018}.
 */
public final class GetMempolicyEarlyUnlock2017Scheme extends MmapLockScheme {

    /** Registers {@code get-mempolicy-early-unlock-2017}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("get-mempolicy-early-unlock-2017",
                    "As mmap-lock-2008, but get_mempolicy(MPOL_F_NODE|MPOL_F_ADDR) drops mmap_lock inside "
                            + "lookup_node() and then reads the VMA policy's nodemask without holding a reference, "
                            + "racing an mbind that replaces and frees that policy.",
                    "catalogue entry 11a; CVE-2018-10675", ViolationClass.USE_AFTER_FREE)
                    // entry 11a: the VMA policy is read after mmap_read_unlock; the mbind frees it
                    .withWitness(Witness.withInit("t0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", "get-mempolicy-pin-2018",
                            "t0 mbind(0x2000, 0x1000, MPOL_BIND, {1}, 65, 0)", "t1 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_NODE|MPOL_F_ADDR)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new GetMempolicyEarlyUnlock2017Scheme(world, heap);
        }
    }

    public GetMempolicyEarlyUnlock2017Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    @Override
    protected Result getMempolicyNodeOfAddr(Op.GetMempolicy op) {
        MmapLock lock = mmapLockOf(op.task());
        if (lock == null) {
            return answer(op, () -> new Result.Error(io.mpolcheck.model.Errno.ESRCH));
        }
        Optional<KPolicy> pol;
        lock.readLock();
        try {
            pol = state.vmaPolicy(op.task(), op.addr());
        } finally {
            lock.readUnlock();
        }
        Optional<Mempolicy> value = readValue(pol);
        return answerNodeOfAddr(op, value);
    }
}
