package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.EFAULT;
import static io.mpolcheck.model.Errno.EINVAL;
import static io.mpolcheck.model.Errno.EPERM;
import static io.mpolcheck.model.Errno.ESRCH;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mbind(start, len, mode, nmask, maxnode, flags)}: {@code kernel_mbind()} runs
 * {@code sanitize_mpol_flags()} and {@code get_nodes()}, then {@code do_mbind()} checks, in order:
 * unknown flags ({@code EINVAL}), {@code MPOL_MF_MOVE_ALL} without {@code CAP_SYS_NICE}
 * ({@code EPERM}), an unaligned start ({@code EINVAL}), {@code end < start} ({@code EINVAL}),
 * {@code end == start} (returns 0), then builds the policy ({@code mpol_new()},
 * {@code mpol_set_nodemask()}: {@code EINVAL}), checks for holes ({@code queue_pages_range()}:
 * {@code EFAULT}) and changes each VMA with {@code mbind_range()}: no split when the policy is
 * already equal ({@code mpol_equal()}), else {@code vma_modify_policy()} (merge with a neighbour
 * holding an equal policy, or split; a hugetlb VMA splits only at huge page boundaries).
 *
 * <p>Every test starts with one anonymous VMA {@code [0x2000, 0xa000)} in {@code mm0}.
 */
class MbindSpecTest {

    private final World w = World.small();

    @BeforeEach
    void mapEightPages() {
        w.gives("t0 mmap(0x2000, 0x8000, anon)", "0x2000");
    }

    /* --------------- Split and merge --------------- */

    @Test
    void mbind_wholeVma_setsThePolicyWithoutSplitting() {
        w.gives("t0 mbind(0x2000, 0x8000, MPOL_BIND, {1}, 65, 0)", "0");
        assertThat(w.layout(0)).containsExactly("[0x2000-0xa000) anon pgoff=2 bind:1");
    }

    @Test
    void mbind_middleOfVma_splitsItIntoThree() {
        w.gives("t0 mbind(0x4000, 0x2000, MPOL_BIND, {1}, 65, 0)", "0");
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0x4000) anon pgoff=2 -",
                "[0x4000-0x6000) anon pgoff=4 bind:1",
                "[0x6000-0xa000) anon pgoff=6 -");
    }

    @Test
    void mbind_headOfVma_splitsItIntoTwo() {
        w.gives("t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0)", "0");
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0x4000) anon pgoff=2 bind:1",
                "[0x4000-0xa000) anon pgoff=4 -");
    }

    @Test
    void mbind_tailOfVma_splitsItIntoTwo() {
        w.gives("t0 mbind(0x8000, 0x2000, MPOL_BIND, {1}, 65, 0)", "0");
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0x8000) anon pgoff=2 -",
                "[0x8000-0xa000) anon pgoff=8 bind:1");
    }

    @Test
    void mbind_equalPolicy_doesNotSplitOrReplaceTheObject() {
        // mbind_range(): "if (mpol_equal(vma->vm_policy, new_pol)) return 0"
        w.gives("t0 mbind(0x2000, 0x8000, MPOL_BIND, {1}, 65, 0)", "0");
        PolicyRef before = w.vmas(0).get(0).policy().orElseThrow();
        w.gives("t0 mbind(0x4000, 0x2000, MPOL_BIND, {1}, 65, 0)", "0");
        assertThat(w.vmas(0)).hasSize(1);
        assertThat(w.vmas(0).get(0).policy()).contains(before);
    }

    @Test
    void mbind_sameModeButOtherFlags_isNotEqualAndSplits() {
        // __mpol_equal() compares the flags too
        w.gives("t0 mbind(0x2000, 0x8000, MPOL_BIND, {1}, 65, 0)", "0");
        w.gives("t0 mbind(0x4000, 0x2000, MPOL_BIND|MPOL_F_STATIC_NODES, {1}, 65, 0)", "0");
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0x4000) anon pgoff=2 bind:1",
                "[0x4000-0x6000) anon pgoff=4 bind=static:1",
                "[0x6000-0xa000) anon pgoff=6 bind:1");
    }

    @Test
    void mbind_sameNodesButOtherUserMask_isNotEqualAndSplits() {
        // __mpol_equal() compares w.user_nodemask when it is stored
        w.gives("t0 mbind(0x2000, 0x8000, MPOL_BIND|MPOL_F_STATIC_NODES, {1}, 65, 0)", "0");
        w.gives("t0 mbind(0x4000, 0x2000, MPOL_BIND|MPOL_F_STATIC_NODES, {1,5}, 65, 0)", "0");
        assertThat(w.vmas(0)).hasSize(3);
    }

    @Test
    void mbind_backToTheNeighboursPolicy_mergesTheVmas() {
        w.gives("t0 mbind(0x4000, 0x2000, MPOL_BIND, {1}, 65, 0)", "0");
        w.gives("t0 mbind(0x4000, 0x2000, MPOL_DEFAULT, NULL, 0, 0)", "0");
        assertThat(w.layout(0)).containsExactly("[0x2000-0xa000) anon pgoff=2 -");
    }

    @Test
    void mbind_acrossTwoVmas_changesBothAndMergesThem() {
        w.given("""
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mbind(0x4000, 0x2000, MPOL_INTERLEAVE, {0-1}, 65, 0) = 0
                t0 mbind(0x2000, 0x4000, MPOL_PREFERRED, {2}, 65, 0) = 0
                """);
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0x6000) anon pgoff=2 prefer:2",
                "[0x6000-0xa000) anon pgoff=6 -");
    }

    @Test
    void mbind_rangeNextToVmaWithEqualPolicy_mergesWithIt() {
        w.given("""
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mbind(0x4000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                """);
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0x6000) anon pgoff=2 bind:1",
                "[0x6000-0xa000) anon pgoff=6 -");
    }

    /* --------------- Policies --------------- */

    @Test
    void mbind_preferredEmpty_storesLocal() {
        w.given("""
                t0 mbind(0x2000, 0x2000, MPOL_PREFERRED, {}, 65, 0) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR) = 0 [mode=MPOL_LOCAL, nmask={}]
                """);
    }

    @Test
    void mbind_staticFlag_storesTheUserMaskAndUsesTheAllowedPart() {
        w.given("""
                t0 mbind(0x2000, 0x2000, MPOL_BIND|MPOL_F_STATIC_NODES, {1,5}, 65, 0) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR) = 0 [mode=MPOL_BIND|MPOL_F_STATIC_NODES, nmask={1,5}]
                """);
        assertThat(w.vmaAt(0, 0x2000).policyValue().orElseThrow().nodes()).isEqualTo(NodeMask.of(1));
    }

    @Test
    void mbind_relativeFlag_foldsTheMask() {
        w.gives("t0 mbind(0x2000, 0x2000, MPOL_INTERLEAVE|MPOL_F_RELATIVE_NODES, {5-6}, 65, 0)", "0");
        assertThat(w.vmaAt(0, 0x2000).policyValue().orElseThrow().nodes()).isEqualTo(NodeMask.of(1, 2));
    }

    @Test
    void mbind_byOneThread_isSeenByTheOtherThreadButNotByAnotherProcess() {
        w.given("""
                t1 mbind(0x2000, 0x8000, MPOL_BIND, {1}, 65, 0) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR) = 0 [mode=MPOL_BIND, nmask={1}]
                t2 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR) = -1 EFAULT (Bad address)
                """);
    }

    @Test
    void mbind_strictAndMove_succeedBecauseNoPageIsResident() {
        // deviation: no resident pages, so queue_pages_range() finds nothing misplaced, never EIO
        w.gives("t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, MPOL_MF_STRICT|MPOL_MF_MOVE)", "0");
        assertThat(w.layout(0)).first().isEqualTo("[0x2000-0x4000) anon pgoff=2 bind:1");
    }

    /* --------------- Length and start --------------- */

    @Test
    void mbind_zeroLength_returnsZeroBeforeValidatingPolicy() {
        // do_mbind(): "if (end == start) return 0" comes before mpol_new()
        assertThat(w.query("t0 mbind(0x2000, 0x0, MPOL_BIND, {}, 65, 0)")).hasToString("0");
    }

    @Test
    void mbind_zeroLengthOnUnmappedRange_returnsZero() {
        assertThat(w.query("t0 mbind(0x10000, 0x0, MPOL_BIND, {0}, 65, 0)")).hasToString("0");
    }

    @Test
    void mbind_zeroLengthWithInvalidMode_isEinval() {
        // sanitize_mpol_flags() runs in kernel_mbind(), before do_mbind()
        w.failsUnchanged("t0 mbind(0x2000, 0x0, 9, {0}, 65, 0)", EINVAL);
    }

    @Test
    void mbind_zeroLengthWithBadMaxnode_isEinval() {
        // get_nodes() runs in kernel_mbind(), before do_mbind()
        w.failsUnchanged("t0 mbind(0x2000, 0x0, MPOL_BIND, {0}, 0, 0)", EINVAL);
    }

    @Test
    void mbind_zeroLengthWithMoveAll_isEperm() {
        w.failsUnchanged("t0 mbind(0x2000, 0x0, MPOL_BIND, {0}, 65, MPOL_MF_MOVE_ALL)", EPERM);
    }

    @Test
    void mbind_zeroLengthWithUnalignedStart_isEinval() {
        w.failsUnchanged("t0 mbind(0x2001, 0x0, MPOL_BIND, {0}, 65, 0)", EINVAL);
    }

    @Test
    void mbind_lengthThatWrapsOnPageAlign_returnsZero() {
        // PAGE_ALIGN(ULONG_MAX) is 0, so end == start
        assertThat(w.query("t0 mbind(0x2000, 0xffffffffffffffff, MPOL_BIND, {0}, 65, 0)")).hasToString("0");
    }

    @Test
    void mbind_unalignedStart_isEinval() {
        w.failsUnchanged("t0 mbind(0x2001, 0x1000, MPOL_BIND, {0}, 65, 0)", EINVAL);
    }

    @Test
    void mbind_unalignedLength_coversTheWholeLastPage() {
        w.gives("t0 mbind(0x2000, 0x1001, MPOL_BIND, {1}, 65, 0)", "0");
        assertThat(w.layout(0)).first().isEqualTo("[0x2000-0x4000) anon pgoff=2 bind:1");
    }

    @Test
    void mbind_endWrapsBelowStart_isEinval() {
        w.failsUnchanged("t0 mbind(0xfffffffffffff000, 0x2000, MPOL_BIND, {0}, 65, 0)", EINVAL);
    }

    /* --------------- Flags --------------- */

    @Test
    void mbind_moveAll_isEperm() {
        // no model task has CAP_SYS_NICE
        w.failsUnchanged("t0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, MPOL_MF_MOVE_ALL)", EPERM);
    }

    @Test
    void mbind_lazyFlag_isEinval() {
        // MPOL_MF_LAZY (8) is not in MPOL_MF_VALID
        w.failsUnchanged("t0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0x8)", EINVAL);
    }

    @Test
    void mbind_unknownFlagWithMoveAll_isEinvalNotEperm() {
        w.failsUnchanged("t0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, MPOL_MF_MOVE_ALL|0x10)", EINVAL);
    }

    @Test
    void mbind_moveAllWithUnalignedStart_isEperm() {
        w.failsUnchanged("t0 mbind(0x2001, 0x1000, MPOL_BIND, {0}, 65, MPOL_MF_MOVE_ALL)", EPERM);
    }

    /* --------------- Bad policies --------------- */

    @Test
    void mbind_emptyNodes_isEinval() {
        w.failsUnchanged("t0 mbind(0x2000, 0x1000, MPOL_BIND, {}, 65, 0)", EINVAL);
    }

    @Test
    void mbind_defaultWithNodes_isEinval() {
        w.failsUnchanged("t0 mbind(0x2000, 0x1000, MPOL_DEFAULT, {0}, 65, 0)", EINVAL);
    }

    @Test
    void mbind_staticWithNoAllowedNode_isEinval() {
        w.failsUnchanged("t0 mbind(0x2000, 0x1000, MPOL_BIND|MPOL_F_STATIC_NODES, {6}, 65, 0)", EINVAL);
    }

    @Test
    void mbind_staticAndRelativeTogether_isEinval() {
        w.failsUnchanged("t0 mbind(0x2000, 0x1000, MPOL_BIND|MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES, {0}, 65, 0)",
                EINVAL);
    }

    @Test
    void mbind_numaBalancingWithInterleave_isEinval() {
        w.failsUnchanged("t0 mbind(0x2000, 0x1000, MPOL_INTERLEAVE|MPOL_F_NUMA_BALANCING, {0}, 65, 0)", EINVAL);
    }

    @Test
    void mbind_bitAtMaxNumnodes_isEinval() {
        w.failsUnchanged("t0 mbind(0x2000, 0x1000, MPOL_BIND, {0,64}, 66, 0)", EINVAL);
    }

    @Test
    void mbind_badPolicyOnUnmappedRange_isEinvalNotEfault() {
        // do_mbind(): mpol_set_nodemask() runs before queue_pages_range() looks for holes
        w.failsUnchanged("t0 mbind(0x10000, 0x1000, MPOL_BIND, {5}, 65, 0)", EINVAL);
    }

    /* --------------- Holes --------------- */

    @Test
    void mbind_unmappedRange_isEfault() {
        w.failsUnchanged("t0 mbind(0x10000, 0x2000, MPOL_BIND, {0}, 65, 0)", EFAULT);
    }

    @Test
    void mbind_holeAtHead_isEfault() {
        w.failsUnchanged("t0 mbind(0x1000, 0x2000, MPOL_BIND, {0}, 65, 0)", EFAULT);
    }

    @Test
    void mbind_holeInMiddle_isEfault() {
        w.gives("t0 mmap(0xc000, 0x2000, anon)", "0xc000");
        w.failsUnchanged("t0 mbind(0x8000, 0x6000, MPOL_BIND, {0}, 65, 0)", EFAULT);
    }

    @Test
    void mbind_holeAtTail_isEfault() {
        w.failsUnchanged("t0 mbind(0x8000, 0x4000, MPOL_BIND, {0}, 65, 0)", EFAULT);
    }

    @Test
    void mbind_defaultOverInnerHole_succeeds() {
        // mpol_new() returns NULL for MPOL_DEFAULT, and do_mbind() then sets MPOL_MF_DISCONTIG_OK
        w.given("""
                t0 mmap(0xc000, 0x2000, anon) = 0xc000
                t0 mbind(0x8000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mbind(0xc000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mbind(0x8000, 0x6000, MPOL_DEFAULT, NULL, 0, 0) = 0
                """);
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0xa000) anon pgoff=2 -",
                "[0xc000-0xe000) anon pgoff=12 -");
    }

    @Test
    void mbind_defaultOverHeadAndTailHoles_succeeds() {
        w.given("""
                t0 mbind(0x2000, 0x8000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mbind(0x1000, 0xb000, MPOL_DEFAULT, NULL, 0, 0) = 0
                """);
        assertThat(w.layout(0)).containsExactly("[0x2000-0xa000) anon pgoff=2 -");
    }

    @Test
    void mbind_defaultOverFullyUnmappedRange_isEfault() {
        // queue_pages_range(): "if (!qp.first) err = -EFAULT", even with MPOL_MF_DISCONTIG_OK
        w.failsUnchanged("t0 mbind(0x10000, 0x2000, MPOL_DEFAULT, NULL, 0, 0)", EFAULT);
    }

    /* --------------- hugetlb --------------- */

    @Test
    void mbind_hugetlbUnalignedSplit_isEinvalAndChangesNothing() {
        // hugetlb_vm_op_split(): "if (addr & ~(huge_page_mask(hstate_vma(vma)))) return -EINVAL"
        w.gives("t0 mmap(0x10000, 0x4000, hugetlb)", "0x10000");
        w.failsUnchanged("t0 mbind(0x11000, 0x1000, MPOL_INTERLEAVE, {0-1}, 65, 0)", EINVAL);
    }

    @Test
    void mbind_hugetlbUnalignedEnd_isEinval() {
        w.gives("t0 mmap(0x10000, 0x4000, hugetlb)", "0x10000");
        w.failsUnchanged("t0 mbind(0x10000, 0x1000, MPOL_INTERLEAVE, {0-1}, 65, 0)", EINVAL);
    }

    @Test
    void mbind_hugetlbAlignedSplit_splits() {
        w.given("""
                t0 mmap(0x10000, 0x4000, hugetlb) = 0x10000
                t0 mbind(0x12000, 0x2000, MPOL_INTERLEAVE, {0-1}, 65, 0) = 0
                """);
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0xa000) anon pgoff=2 -",
                "[0x10000-0x12000) hugetlb pgoff=0 -",
                "[0x12000-0x14000) hugetlb pgoff=2 interleave:0-1");
    }

    @Test
    void mbind_hugetlbUnalignedRangeWithEqualPolicy_succeedsWithoutSplitting() {
        // mpol_equal(NULL, NULL): mbind_range() returns before vma_modify_policy() would split
        w.gives("t0 mmap(0x10000, 0x4000, hugetlb)", "0x10000");
        w.gives("t0 mbind(0x11000, 0x1000, MPOL_DEFAULT, NULL, 0, 0)", "0");
        assertThat(w.vmas(0)).hasSize(2);
    }

    @Test
    void mbind_hugetlbNeighboursWithEqualPolicies_doNotMerge() {
        w.given("""
                t0 mmap(0x10000, 0x4000, hugetlb) = 0x10000
                t0 mbind(0x12000, 0x2000, MPOL_INTERLEAVE, {0-1}, 65, 0) = 0
                t0 mbind(0x10000, 0x2000, MPOL_INTERLEAVE, {0-1}, 65, 0) = 0
                """);
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0xa000) anon pgoff=2 -",
                "[0x10000-0x12000) hugetlb pgoff=0 interleave:0-1",
                "[0x12000-0x14000) hugetlb pgoff=2 interleave:0-1");
    }

    @Test
    void mbind_anonThenHugetlbWithUnalignedSplit_changesNothing() {
        // deviation: the kernel changes the anonymous VMA and then fails at the hugetlb split (no rollback);
        // the model checks every split point first and changes nothing
        w.given("""
                t0 mmap(0xc000, 0x4000, anon) = 0xc000
                t0 mmap(0x10000, 0x4000, hugetlb) = 0x10000
                """);
        w.failsUnchanged("t0 mbind(0xc000, 0x5000, MPOL_BIND, {1}, 65, 0)", EINVAL);
    }

    /* --------------- Callers --------------- */

    @Test
    void mbind_byExitedTask_isEsrch() {
        w.gives("t1 exit()", "0");
        w.failsUnchanged("t1 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", ESRCH);
    }
}
