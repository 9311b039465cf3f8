package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code numa-maps-remote-task-policy-2007} (catalogue entry 2): {@code set_mempolicy} frees the
 * old task policy without holding {@code mmap_lock} for write, while a {@code numa_maps} reader of
 * that task — holding the target's {@code mmap_lock} for read, which excludes nothing now — falls
 * back to the task policy for a VMA without one and dereferences it: use-after-free.
 *
 * <p>The one mistake: {@link #setMempolicy} skips the write lock. Fixed by Lee Schermerhorn,
 * "[PATCH/RFC 1/8] Mem Policy: Write lock mmap_sem while changing task mempolicy",
 * &lt;20071206212053.6279.27183.sendpatchset@localhost&gt;.
 */
public final class NumaMapsRemoteTaskPolicy2007Scheme extends MmapLockScheme {

    /** Registers {@code numa-maps-remote-task-policy-2007}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("numa-maps-remote-task-policy-2007",
                    "As mmap-lock-2008, except that set_mempolicy swaps and frees the old task policy without "
                            + "mmap_lock for write, so a numa_maps reader of that task, which holds only the read "
                            + "lock, can dereference the freed policy.",
                    "catalogue entry 2; Christoph Lameter <Pine.LNX.4.64.0710261638020.29369@schroedinger.engr.sgi.com>; "
                            + "fix <20071206212053.6279.27183.sendpatchset@localhost>; seed 004 item 1",
                    ViolationClass.USE_AFTER_FREE)
                    // 2007: numa_maps of t0 falls back to its task policy while t0 replaces (and frees) it without mmap_sem
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_BIND, {0}, 65)", "mmap-lock-2008",
                            "t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)", "t2 numa_maps(t0)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new NumaMapsRemoteTaskPolicy2007Scheme(world, heap);
        }
    }

    public NumaMapsRemoteTaskPolicy2007Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    /** {@code mpol_free(current->mempolicy); current->mempolicy = new;} — no {@code mmap_sem}. */
    @Override
    protected Result setMempolicy(Op op) {
        KernelState.Change change = state.apply(op);
        change.released().forEach(heap::put);
        return change.result();
    }
}
