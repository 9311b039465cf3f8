package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.EINVAL;
import static io.mpolcheck.model.Errno.ENOMEM;
import static io.mpolcheck.model.Errno.EPERM;
import static io.mpolcheck.model.Errno.ESRCH;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code mmap(addr, len, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_PRIVATE|MAP_ANONYMOUS[|MAP_HUGETLB], -1, 0)}
 * and {@code munmap(addr, len)}.
 *
 * <p>mmap: {@code ksys_mmap_pgoff()} rounds a hugetlb length up to the huge page size;
 * {@code do_mmap()} refuses length 0 ({@code EINVAL}) and a length that wraps on
 * {@code PAGE_ALIGN} ({@code ENOMEM}); {@code __get_unmapped_area()} refuses
 * {@code len > TASK_SIZE} ({@code ENOMEM}), then asks {@code hugetlb_get_unmapped_area()}
 * (a {@code MAP_FIXED} address off a huge page boundary: {@code EINVAL}), then refuses
 * {@code addr > TASK_SIZE - len} ({@code ENOMEM}), an unaligned address ({@code EINVAL}) and, via
 * {@code security_mmap_addr()}, an address below {@code mmap_min_addr} ({@code EPERM}). What was
 * mapped there is unmapped first, and a new anonymous VMA merges with neighbours that have no policy.
 *
 * <p>munmap: {@code do_vmi_munmap()} refuses an unaligned start, {@code start > TASK_SIZE},
 * {@code len > TASK_SIZE - start} and length 0 ({@code EINVAL}); nothing mapped is success; it
 * does not round to huge pages, so a cut inside a hugetlb VMA off a huge page boundary fails in
 * {@code hugetlb_vm_op_split()} ({@code EINVAL}).
 *
 * <p>{@code TASK_SIZE} is 0x20000 (32 pages), {@code mmap_min_addr} 0x1000, a huge page 0x2000.
 */
class MmapMunmapSpecTest {

    private final World w = World.small();

    /* --------------- mmap, anonymous --------------- */

    @Test
    void mmap_anon_createsAVmaWithoutPolicy() {
        w.gives("t0 mmap(0x2000, 0x3000, anon)", "0x2000");
        Vma v = w.vmaAt(0, 0x2000);
        assertThat(v).isEqualTo(new Vma(0x2000, 0x5000, MapKind.ANON, -1, 2, java.util.Optional.empty()));
        assertThat(w.vmas(1)).isEmpty();
    }

    @Test
    void mmap_zeroLength_isEinval() {
        w.failsUnchanged("t0 mmap(0x2000, 0x0, anon)", EINVAL);
    }

    @Test
    void mmap_unalignedLength_isRoundedUpToWholePages() {
        w.gives("t0 mmap(0x2000, 0x1001, anon)", "0x2000");
        assertThat(w.layout(0)).containsExactly("[0x2000-0x4000) anon pgoff=2 -");
    }

    @Test
    void mmap_lengthThatWrapsOnPageAlign_isEnomem() {
        // do_mmap(): "len = PAGE_ALIGN(len); if (!len) return -ENOMEM"
        w.failsUnchanged("t0 mmap(0x2000, 0xffffffffffffffff, anon)", ENOMEM);
    }

    @Test
    void mmap_lengthAboveTaskSize_isEnomem() {
        w.failsUnchanged("t0 mmap(0x2000, 0x21000, anon)", ENOMEM);
    }

    @Test
    void mmap_endBeyondTaskSize_isEnomem() {
        w.failsUnchanged("t0 mmap(0x1f000, 0x2000, anon)", ENOMEM);
    }

    @Test
    void mmap_endAtTaskSize_isAccepted() {
        w.gives("t0 mmap(0x1f000, 0x1000, anon)", "0x1f000");
    }

    @Test
    void mmap_unalignedAddr_isEinval() {
        w.failsUnchanged("t0 mmap(0x2001, 0x1000, anon)", EINVAL);
    }

    @Test
    void mmap_unalignedAddrBeyondTaskSize_isEnomem() {
        // __get_unmapped_area() checks addr > TASK_SIZE - len before offset_in_page(addr)
        w.failsUnchanged("t0 mmap(0x1f001, 0x2000, anon)", ENOMEM);
    }

    @Test
    void mmap_belowMmapMinAddr_isEperm() {
        w.failsUnchanged("t0 mmap(0x0, 0x1000, anon)", EPERM);
    }

    @Test
    void mmap_unalignedAddrBelowMmapMinAddr_isEinval() {
        // offset_in_page(addr) comes before security_mmap_addr()
        w.failsUnchanged("t0 mmap(0x1, 0x1000, anon)", EINVAL);
    }

    @Test
    void mmap_atMmapMinAddr_isAccepted() {
        w.gives("t0 mmap(0x1000, 0x1000, anon)", "0x1000");
    }

    @Test
    void mmap_nextToAnonVmaWithoutPolicy_mergesWithIt() {
        w.given("""
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 mmap(0x6000, 0x2000, anon) = 0x6000
                t0 mmap(0x4000, 0x2000, anon) = 0x4000
                """);
        assertThat(w.layout(0)).containsExactly("[0x2000-0x8000) anon pgoff=2 -");
    }

    @Test
    void mmap_nextToVmaWithPolicy_doesNotMerge() {
        w.given("""
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mmap(0x4000, 0x2000, anon) = 0x4000
                """);
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0x4000) anon pgoff=2 bind:1",
                "[0x4000-0x6000) anon pgoff=4 -");
    }

    @Test
    void mmap_fixedOverAWholeVma_replacesItAndFreesItsPolicy() {
        w.given("""
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x2000, 0x4000, MPOL_BIND, {1}, 65, 0) = 0
                """);
        PolicyId old = w.vmaAt(0, 0x2000).policy().orElseThrow().id();
        w.gives("t0 mmap(0x2000, 0x4000, anon)", "0x2000");
        assertThat(w.layout(0)).containsExactly("[0x2000-0x6000) anon pgoff=2 -");
        assertThat(w.ghost().freed()).containsExactly(old);
    }

    @Test
    void mmap_fixedOverTheMiddleOfAVma_splitsIt() {
        w.given("""
                t0 mmap(0x2000, 0x6000, anon) = 0x2000
                t0 mbind(0x2000, 0x6000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mmap(0x4000, 0x2000, anon) = 0x4000
                """);
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0x4000) anon pgoff=2 bind:1",
                "[0x4000-0x6000) anon pgoff=4 -",
                "[0x6000-0x8000) anon pgoff=6 bind:1");
    }

    @Test
    void mmap_fixedInsideAVmaWithoutPolicy_leavesOneVma() {
        w.given("""
                t0 mmap(0x2000, 0x6000, anon) = 0x2000
                t0 mmap(0x4000, 0x1000, anon) = 0x4000
                """);
        assertThat(w.layout(0)).containsExactly("[0x2000-0x8000) anon pgoff=2 -");
    }

    /* --------------- mmap, hugetlb --------------- */

    @Test
    void mmap_hugetlb_roundsTheLengthUpToAHugePage() {
        w.gives("t0 mmap(0x10000, 0x3000, hugetlb)", "0x10000");
        assertThat(w.vmaAt(0, 0x10000)).isEqualTo(new Vma(0x10000, 0x14000, MapKind.HUGETLB, 0, 0, java.util.Optional.empty()));
    }

    @Test
    void mmap_hugetlbZeroLength_isEinval() {
        w.failsUnchanged("t0 mmap(0x10000, 0x0, hugetlb)", EINVAL);
    }

    @Test
    void mmap_hugetlbUnalignedAddr_isEinval() {
        // hugetlb_get_unmapped_area(): MAP_FIXED with addr & ~huge_page_mask(h)
        w.failsUnchanged("t0 mmap(0x11000, 0x2000, hugetlb)", EINVAL);
    }

    @Test
    void mmap_hugetlbUnalignedAddrBeyondTaskSize_isEinval() {
        // hugetlb_get_unmapped_area() runs before __get_unmapped_area() checks addr > TASK_SIZE - len
        w.failsUnchanged("t0 mmap(0x1f000, 0x2000, hugetlb)", EINVAL);
    }

    @Test
    void mmap_hugetlbLengthAboveTaskSize_isEnomemBeforeTheAddressIsChecked() {
        // __get_unmapped_area(): len > TASK_SIZE comes before hugetlb_get_unmapped_area()
        w.failsUnchanged("t0 mmap(0x11000, 0x20001, hugetlb)", ENOMEM);
    }

    @Test
    void mmap_hugetlbLengthRoundedUpToTaskSize_isAccepted() {
        w.gives("t0 mmap(0x2000, 0x1c001, hugetlb)", "0x2000");
        assertThat(w.layout(0)).containsExactly("[0x2000-0x20000) hugetlb pgoff=0 -");
    }

    @Test
    void mmap_hugetlb_eachMappingIsANewSegmentFromOffsetZeroAndNeverMerges() {
        w.given("""
                t0 mmap(0x10000, 0x2000, hugetlb) = 0x10000
                t0 mmap(0x12000, 0x2000, hugetlb) = 0x12000
                """);
        assertThat(w.vmas(0)).extracting(Vma::segment).containsExactly(0, 1);
        assertThat(w.vmas(0)).extracting(Vma::pgoff).containsExactly(0L, 0L);
    }

    @Test
    void mmap_fixedCuttingAHugetlbVmaOffAHugePageBoundary_isEinval() {
        w.gives("t0 mmap(0x10000, 0x4000, hugetlb)", "0x10000");
        w.failsUnchanged("t0 mmap(0x11000, 0x1000, anon)", EINVAL);
    }

    @Test
    void mmap_fixedCuttingAHugetlbVmaAtAHugePageBoundary_splitsIt() {
        w.given("""
                t0 mmap(0x10000, 0x4000, hugetlb) = 0x10000
                t0 mmap(0x12000, 0x2000, anon) = 0x12000
                """);
        assertThat(w.layout(0)).containsExactly(
                "[0x10000-0x12000) hugetlb pgoff=0 -",
                "[0x12000-0x14000) anon pgoff=18 -");
    }

    @Test
    void mmap_byExitedTask_isEsrch() {
        w.gives("t2 exit()", "0");
        w.failsUnchanged("t2 mmap(0x2000, 0x1000, anon)", ESRCH);
    }

    /* --------------- munmap --------------- */

    @Test
    void munmap_wholeVma_removesItAndFreesItsPolicy() {
        w.given("""
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                """);
        PolicyId old = w.vmaAt(0, 0x2000).policy().orElseThrow().id();
        w.gives("t0 munmap(0x2000, 0x2000)", "0");
        assertThat(w.vmas(0)).isEmpty();
        assertThat(w.ghost().freed()).containsExactly(old);
    }

    @Test
    void munmap_middle_splitsTheVmaAndCopiesItsPolicy() {
        // __split_vma() -> vma_dup_policy(): the new piece gets its own copy
        w.given("""
                t0 mmap(0x2000, 0x6000, anon) = 0x2000
                t0 mbind(0x2000, 0x6000, MPOL_BIND, {1}, 65, 0) = 0
                t0 munmap(0x4000, 0x2000) = 0
                """);
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0x4000) anon pgoff=2 bind:1",
                "[0x6000-0x8000) anon pgoff=6 bind:1");
        assertThat(w.vmas(0).get(0).policy().orElseThrow().id())
                .isNotEqualTo(w.vmas(0).get(1).policy().orElseThrow().id());
    }

    @Test
    void munmap_head_keepsTheTail() {
        w.given("""
                t0 mmap(0x2000, 0x6000, anon) = 0x2000
                t0 munmap(0x2000, 0x2000) = 0
                """);
        assertThat(w.layout(0)).containsExactly("[0x4000-0x8000) anon pgoff=4 -");
    }

    @Test
    void munmap_nothingMapped_returnsZero() {
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        assertThat(w.query("t0 munmap(0x8000, 0x2000)")).hasToString("0");
    }

    @Test
    void munmap_acrossSeveralVmasAndHoles_removesThemAll() {
        w.given("""
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 mmap(0x6000, 0x2000, anon) = 0x6000
                t0 mmap(0xa000, 0x2000, anon) = 0xa000
                t0 munmap(0x3000, 0x8000) = 0
                """);
        assertThat(w.layout(0)).containsExactly(
                "[0x2000-0x3000) anon pgoff=2 -",
                "[0xb000-0xc000) anon pgoff=11 -");
    }

    @Test
    void munmap_zeroLength_isEinval() {
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        w.failsUnchanged("t0 munmap(0x2000, 0x0)", EINVAL);
    }

    @Test
    void munmap_unalignedAddr_isEinval() {
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        w.failsUnchanged("t0 munmap(0x2001, 0x1000)", EINVAL);
    }

    @Test
    void munmap_unalignedLength_isRoundedUpToWholePages() {
        w.given("""
                t0 mmap(0x2000, 0x6000, anon) = 0x2000
                t0 munmap(0x2000, 0x1001) = 0
                """);
        assertThat(w.layout(0)).containsExactly("[0x4000-0x8000) anon pgoff=4 -");
    }

    @Test
    void munmap_addrAboveTaskSize_isEinval() {
        w.failsUnchanged("t0 munmap(0x21000, 0x1000)", EINVAL);
    }

    @Test
    void munmap_lengthBeyondTaskSize_isEinval() {
        // do_vmi_munmap(): len > TASK_SIZE - start is EINVAL (mmap says ENOMEM for the same range)
        w.gives("t0 mmap(0x1e000, 0x2000, anon)", "0x1e000");
        w.failsUnchanged("t0 munmap(0x1f000, 0x2000)", EINVAL);
    }

    @Test
    void munmap_hugetlbLengthIsNotRoundedToAHugePage() {
        w.gives("t0 mmap(0x10000, 0x4000, hugetlb)", "0x10000");
        w.failsUnchanged("t0 munmap(0x10000, 0x1000)", EINVAL);
    }

    @Test
    void munmap_hugetlbUnalignedStart_isEinval() {
        w.gives("t0 mmap(0x10000, 0x4000, hugetlb)", "0x10000");
        w.failsUnchanged("t0 munmap(0x13000, 0x1000)", EINVAL);
    }

    @Test
    void munmap_hugetlbUnalignedStartRunningPastTheEnd_isEinval() {
        w.gives("t0 mmap(0x10000, 0x4000, hugetlb)", "0x10000");
        w.failsUnchanged("t0 munmap(0x13000, 0x3000)", EINVAL);
    }

    @Test
    void munmap_hugetlbAlignedHead_splits() {
        w.given("""
                t0 mmap(0x10000, 0x4000, hugetlb) = 0x10000
                t0 munmap(0x10000, 0x2000) = 0
                """);
        assertThat(w.layout(0)).containsExactly("[0x12000-0x14000) hugetlb pgoff=2 -");
    }

    @Test
    void munmap_hugetlbFromAlignedStartPastItsEnd_needsNoEndSplit() {
        w.given("""
                t0 mmap(0x10000, 0x4000, hugetlb) = 0x10000
                t0 munmap(0x12000, 0x3000) = 0
                """);
        assertThat(w.layout(0)).containsExactly("[0x10000-0x12000) hugetlb pgoff=0 -");
    }

    @Test
    void munmap_anonThenHugetlbWithUnalignedSplit_changesNothing() {
        // deviation: the kernel may keep the split it already made in the anonymous VMA; the model checks
        // every split point first and changes nothing
        w.given("""
                t0 mmap(0xc000, 0x4000, anon) = 0xc000
                t0 mmap(0x10000, 0x4000, hugetlb) = 0x10000
                """);
        w.failsUnchanged("t0 munmap(0xd000, 0x4000)", EINVAL);
    }

    @Test
    void munmap_inAnotherProcess_leavesThisOneAlone() {
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        w.gives("t2 munmap(0x2000, 0x2000)", "0");
        assertThat(w.layout(0)).containsExactly("[0x2000-0x4000) anon pgoff=2 -");
    }

    @Test
    void munmap_byExitedTask_isEsrch() {
        w.gives("t1 exit()", "0");
        w.failsUnchanged("t1 munmap(0x2000, 0x1000)", ESRCH);
    }
}
