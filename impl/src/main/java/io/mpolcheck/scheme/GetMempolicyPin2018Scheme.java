package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.MmapLock;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.Optional;

/**
 * {@code get-mempolicy-pin-2018} (catalogue entry 11b): the fix of CVE-2018-10675. Before
 * {@code lookup_node()} drops {@code mmap_lock}, {@code do_get_mempolicy()} pins the policy with
 * {@code mpol_get()} (remembered as {@code pol_refcount}) and puts it at the end, so a concurrent
 * {@code mbind} can only drop the VMA's reference, never the last one.
 */
public final class GetMempolicyPin2018Scheme extends MmapLockScheme {

    /** Registers {@code get-mempolicy-pin-2018}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("get-mempolicy-pin-2018",
                    "As get-mempolicy-early-unlock-2017, but the VMA policy is pinned with mpol_get() under "
                            + "mmap_lock before lookup_node() drops the lock, and put after its nodemask is read.",
                    "catalogue entry 11b; fix of CVE-2018-10675 (do_get_mempolicy's pol_refcount)");
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new GetMempolicyPin2018Scheme(world, heap);
        }
    }

    public GetMempolicyPin2018Scheme(WorldConfig world, PolicyHeap heap) {
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
            pol.ifPresent(heap::get);
        } finally {
            lock.readUnlock();
        }
        Optional<Mempolicy> value = pol.map(p -> {
            Mempolicy v = heap.read(p);
            heap.put(p);
            return v;
        });
        return answerNodeOfAddr(op, value);
    }
}
