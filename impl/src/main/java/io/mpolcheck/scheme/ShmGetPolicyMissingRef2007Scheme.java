package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.model.Vma;
import io.mpolcheck.op.Op;
import io.mpolcheck.report.ViolationClass;
import java.util.Optional;

/**
 * {@code shm-get-policy-missing-ref-2007} (catalogue entry 4): in 2007 {@code get_vma_policy()}
 * assumed that whatever a VMA's {@code vm_ops->get_policy()} returned carried a reference, and its
 * callers dropped it after the allocation. {@code shmem_get_policy()} did take one;
 * {@code shm_get_policy()} for a SysV {@code SHM_HUGETLB} segment (hugetlbfs has no
 * {@code get_policy}) returned {@code vma->vm_policy} without {@code mpol_get()}. Each fault in such
 * a segment drops a reference nobody took: the first frees the VMA's policy, the next fault reads
 * it ("premature freeing of the policy").
 *
 * <p>The model's hugetlb mappings are exactly such segments ({@code MapKind.HUGETLB}: the policy
 * lives in the VMA), so this scheme is checked in the task/VMA world. The one mistake:
 * {@link #usePolicyForFault} puts a hugetlb VMA's policy it never got. Fixed by adding
 * {@code mpol_get()} to {@code shm_get_policy()} in
 * &lt;20071010205849.7230.81877.sendpatchset@localhost&gt; (seed 004 item 3).
 */
public final class ShmGetPolicyMissingRef2007Scheme extends MmapLockScheme {

    /** Registers {@code shm-get-policy-missing-ref-2007}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("shm-get-policy-missing-ref-2007",
                    "As mmap-lock-2008, but a fault in a SysV SHM_HUGETLB segment gets the VMA policy from "
                            + "shm_get_policy without a reference and drops one after the allocation, as if "
                            + "get_policy had taken it: the VMA's policy is freed while the VMA still points at it.",
                    "<20071010205849.7230.81877.sendpatchset@localhost>; seed 004 item 3; catalogue entry 4",
                    ViolationClass.USE_AFTER_FREE)
                    // entry 4: the hugetlb shm lookup returns the VMA policy without a reference, the caller puts it
                    .withWitness(Witness.withInit("t0 mbind(0x8000, 0x4000, MPOL_BIND, {0}, 65, 0)", "mmap-lock-2008",
                            "t0 alloc_page(0x8000)", "t1 alloc_page(0x9000)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new ShmGetPolicyMissingRef2007Scheme(world, heap);
        }
    }

    public ShmGetPolicyMissingRef2007Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    @Override
    protected Optional<Mempolicy> usePolicyForFault(Op.AllocPage op, Vma vma, Optional<KPolicy> pol, boolean fromVma) {
        if (!huge(vma) || !fromVma || pol.isEmpty()) {
            return super.usePolicyForFault(op, vma, pol, fromVma);
        }
        Mempolicy value = heap.read(pol.get());
        heap.put(pol.get());
        return Optional.of(value);
    }
}
