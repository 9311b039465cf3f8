package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.EFAULT;
import static io.mpolcheck.model.Errno.EINVAL;
import static io.mpolcheck.model.Errno.ESRCH;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Page allocation: {@code alloc_page(addr)} is a page fault in a VMA ({@code vma_alloc_folio()} →
 * {@code get_vma_policy()} → {@code alloc_pages_mpol()}); {@code alloc_page()} is a kernel
 * allocation on the task's behalf with no VMA ({@code alloc_pages()} → {@code get_task_policy()},
 * {@code NO_INTERLEAVE_INDEX}).
 *
 * <p>{@code get_vma_policy()} takes the VMA policy, else the task policy, else the local node; for
 * an interleaving policy — wherever it came from — it then adds the page offset
 * {@code (vm_pgoff >> order) + ((addr - vm_start) >> (PAGE_SHIFT + order))}, and
 * {@code interleave_nid()} takes the {@code (ilx % weight)}-th node of the mask. Only an
 * allocation without a VMA goes round-robin through {@code task->il_prev}
 * ({@code interleave_nodes()}). {@code MPOL_PREFERRED} takes its node; {@code MPOL_BIND} and
 * {@code MPOL_PREFERRED_MANY} take the local node when allowed, else (the model's equal distances)
 * the next allowed node after it, wrapping; {@code MPOL_LOCAL} and no policy take the local node.
 * Weighted interleave has weight 1 on every node.
 *
 * <p>Tasks start on nodes {@code t0}: 0, {@code t1}: 1, {@code t2}: 2; an anonymous VMA's
 * {@code vm_pgoff} is its start address in pages.
 */
class AllocPageSpecTest {

    private final World w = World.small();

    /* --------------- One node per mode --------------- */

    @Test
    void alloc_noPolicy_takesTheLocalNode() {
        w.given("""
                t1 mmap(0x2000, 0x2000, anon) = 0x2000
                t1 alloc_page(0x2000) = node 1
                t1 alloc_page() = node 1
                """);
    }

    @Test
    void alloc_localPolicy_takesTheLocalNode() {
        w.given("""
                t2 set_mempolicy(MPOL_LOCAL, NULL, 0) = 0
                t2 mmap(0x2000, 0x2000, anon) = 0x2000
                t2 alloc_page(0x2000) = node 2
                t2 alloc_page() = node 2
                """);
    }

    @Test
    void alloc_preferred_takesThePreferredNode() {
        w.given("""
                t0 set_mempolicy(MPOL_PREFERRED, {2}, 65) = 0
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 alloc_page(0x2000) = node 2
                t0 alloc_page() = node 2
                """);
    }

    @Test
    void alloc_bindIncludingTheLocalNode_takesTheLocalNode() {
        w.given("""
                t1 set_mempolicy(MPOL_BIND, {0-1}, 65) = 0
                t1 alloc_page() = node 1
                """);
    }

    @Test
    void alloc_bindExcludingLocalNode_takesNextAllowedNode() {
        // zonelist order with equal distances: the local node, then the nodes after it, then those before
        w.given("""
                t1 set_mempolicy(MPOL_BIND, {0,3}, 65) = 0
                t1 alloc_page() = node 3
                """);
    }

    @Test
    void alloc_bindExcludingLocalNode_wrapsAroundToTheLowestAllowedNode() {
        w.given("""
                t2 set_mempolicy(MPOL_BIND, {0-1}, 65) = 0
                t2 alloc_page() = node 0
                """);
    }

    @Test
    void alloc_preferredManyIncludingTheLocalNode_takesTheLocalNode() {
        w.given("""
                t2 set_mempolicy(MPOL_PREFERRED_MANY, {1-2}, 65) = 0
                t2 alloc_page() = node 2
                """);
    }

    @Test
    void alloc_preferredManyExcludingLocalNode_takesNextAllowedNode() {
        w.given("""
                t1 set_mempolicy(MPOL_PREFERRED_MANY, {0,2-3}, 65) = 0
                t1 alloc_page() = node 2
                """);
    }

    @Test
    void alloc_staticPolicy_usesOnlyTheAllowedPartOfTheMask() {
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE|MPOL_F_STATIC_NODES, {1,5}, 65) = 0
                t0 alloc_page() = node 1
                t0 alloc_page() = node 1
                """);
    }

    @Test
    void alloc_relativePolicy_usesTheFoldedNodes() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND|MPOL_F_RELATIVE_NODES, {6}, 65) = 0
                t0 alloc_page() = node 2
                """);
    }

    /* --------------- Interleave --------------- */

    @Test
    void alloc_interleaveVmaPolicy_placesByPageOffset() {
        w.given("""
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x2000, 0x4000, MPOL_INTERLEAVE, {0-3}, 65, 0) = 0
                t0 alloc_page(0x2000) = node 2
                t0 alloc_page(0x3000) = node 3
                t0 alloc_page(0x4000) = node 0
                t0 alloc_page(0x5fff) = node 1
                t0 alloc_page(0x2000) = node 2
                """);
    }

    @Test
    void alloc_interleaveOverTwoNodes_takesTheOffsetModuloTheWeight() {
        // page 4 -> 4 % 2 = 0 -> first node; page 5 -> second node
        w.given("""
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x4000, 0x2000, MPOL_INTERLEAVE, {1,3}, 65, 0) = 0
                t0 alloc_page(0x4000) = node 1
                t0 alloc_page(0x5000) = node 3
                """);
    }

    @Test
    void alloc_interleaveTaskPolicyOnFault_placesByPageOffsetNotRoundRobin() {
        // get_vma_policy() adds the offset after falling back to the task policy
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 alloc_page(0x2000) = node 2
                t0 alloc_page(0x2000) = node 2
                t0 alloc_page(0x3000) = node 3
                """);
        assertThat(w.task(0).ilPrev()).isEqualTo(Limits.MAX_NUMNODES - 1);
    }

    @Test
    void alloc_withoutAddress_interleaveGoesRoundRobinThroughIlPrev() {
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {1,3}, 65) = 0
                t0 alloc_page() = node 1
                t0 alloc_page() = node 3
                t0 alloc_page() = node 1
                """);
        assertThat(w.task(0).ilPrev()).isEqualTo(1);
    }

    @Test
    void alloc_withoutAddress_roundRobinRestartsAfterSetMempolicy() {
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t0 alloc_page() = node 0
                t0 alloc_page() = node 1
                t0 set_mempolicy(MPOL_INTERLEAVE, {2-3}, 65) = 0
                t0 alloc_page() = node 2
                """);
    }

    @Test
    void alloc_withoutAddress_roundRobinIsPerThread() {
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t1 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t0 alloc_page() = node 0
                t0 alloc_page() = node 1
                t1 alloc_page() = node 0
                """);
    }

    @Test
    void alloc_weightedInterleave_placesAsInterleaveWithWeightOne() {
        w.given("""
                t0 set_mempolicy(MPOL_WEIGHTED_INTERLEAVE, {0-1}, 65) = 0
                t0 alloc_page() = node 0
                t0 alloc_page() = node 1
                t0 alloc_page() = node 0
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 alloc_page(0x2000) = node 0
                t0 alloc_page(0x3000) = node 1
                """);
    }

    @Test
    void alloc_interleaveFault_leavesTheWorldUnchanged() {
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                """);
        assertThat(w.query("t0 alloc_page(0x2000)")).hasToString("node 2");
    }

    /* --------------- Which policy --------------- */

    @Test
    void alloc_vmaPolicy_winsOverTheTaskPolicy() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {3}, 65) = 0
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_PREFERRED, {1}, 65, 0) = 0
                t0 alloc_page(0x2000) = node 1
                t0 alloc_page(0x4000) = node 3
                t0 alloc_page() = node 3
                """);
    }

    @Test
    void alloc_anotherThreadsTaskPolicy_isNotUsed() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {3}, 65) = 0
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t1 alloc_page(0x2000) = node 1
                """);
    }

    /* --------------- hugetlb --------------- */

    @Test
    void alloc_hugetlbInterleave_countsHugePages() {
        // the order is the huge page order: two base pages share one interleave index
        w.given("""
                t0 mmap(0x10000, 0x8000, hugetlb) = 0x10000
                t0 mbind(0x10000, 0x8000, MPOL_INTERLEAVE, {0-3}, 65, 0) = 0
                t0 alloc_page(0x10000) = node 0
                t0 alloc_page(0x11000) = node 0
                t0 alloc_page(0x12000) = node 1
                t0 alloc_page(0x16000) = node 3
                """);
    }

    @Test
    void alloc_hugetlbInterleaveAfterSplit_countsTheFileOffsetInHugePages() {
        // the upper piece has vm_pgoff 2 base pages = 1 huge page
        w.given("""
                t0 mmap(0x10000, 0x8000, hugetlb) = 0x10000
                t0 mbind(0x12000, 0x6000, MPOL_INTERLEAVE, {0-3}, 65, 0) = 0
                t0 alloc_page(0x12000) = node 1
                t0 alloc_page(0x14000) = node 2
                """);
    }

    @Test
    void alloc_hugetlbUnderTaskInterleave_countsHugePagesToo() {
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65) = 0
                t0 mmap(0x10000, 0x4000, hugetlb) = 0x10000
                t0 alloc_page(0x11000) = node 0
                t0 alloc_page(0x12000) = node 1
                """);
    }

    /* --------------- Errors and migration --------------- */

    @Test
    void alloc_unmapped_isEfault() {
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        w.failsUnchanged("t0 alloc_page(0x4000)", EFAULT);
    }

    @Test
    void alloc_byExitedTask_isEsrch() {
        w.gives("t2 exit()", "0");
        w.failsUnchanged("t2 alloc_page()", ESRCH);
    }

    @Test
    void alloc_followsTheTaskToItsNewNode() {
        w.given("""
                t0 migrate(3) = 0
                t0 alloc_page() = node 3
                t0 set_mempolicy(MPOL_BIND, {0-1}, 65) = 0
                t0 alloc_page() = node 0
                """);
        assertThat(w.task(0).node()).isEqualTo(3);
    }

    @Test
    void migrate_toANodeOutsideTheWorld_isEinval() {
        w.failsUnchanged("t0 migrate(4)", EINVAL);
        w.failsUnchanged("t0 migrate(-1)", EINVAL);
    }
}
