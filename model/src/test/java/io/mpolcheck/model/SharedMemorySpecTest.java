package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.EFAULT;
import static io.mpolcheck.model.Errno.EINVAL;
import static io.mpolcheck.model.Errno.ENOMEM;
import static io.mpolcheck.model.Errno.ENOSPC;
import static io.mpolcheck.model.Errno.EPERM;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SysV shared memory backed by shmem and its shared policy tree: {@code shmget}/{@code shmat}/
 * {@code shmdt}/{@code shmctl(IPC_RMID)} ({@code ipc/shm.c}), {@code mbind} on a shm VMA
 * ({@code shmem_set_policy()} → {@code mpol_set_shared_policy()} → {@code shared_policy_replace()}),
 * lookups by page offset ({@code shmem_get_policy()} → {@code mpol_shared_policy_lookup()}), and the
 * segment's policies freed by {@code shm_destroy()} once it is marked and nothing attaches it.
 *
 * <p>The small world: {@code t0, t1} share {@code mm0}, {@code t2} is alone in {@code mm1}. Most
 * tests attach one 4-page segment at {@code 0xa000} in {@code mm0} and at {@code 0x10000} in
 * {@code mm1}.
 */
class SharedMemorySpecTest {

    private final World w = World.small();

    private void twoAttachers() {
        w.given("""
                t0 shmget(IPC_PRIVATE, 0x4000, IPC_CREAT|0600) = 0
                t0 shmat(0, 0xa000, 0) = 0xa000
                t2 shmat(0, 0x10000, 0) = 0x10000
                """);
    }

    /* --------------- Segments and attachments --------------- */

    @Test
    void shmget_numbersSegmentsInOrder_andRoundsTheSizeUpToPages() {
        w.gives("t0 shmget(IPC_PRIVATE, 0x4000, IPC_CREAT|0600)", "0");
        w.gives("t2 shmget(IPC_PRIVATE, 0x1001, IPC_CREAT|0600)", "1");
        assertThat(w.view().segments()).extracting(SegmentView::pages).containsExactly(4L, 2L);
    }

    @Test
    void shmget_sizeZeroOrBeyondTheWorld_isEinval() {
        w.failsUnchanged("t0 shmget(IPC_PRIVATE, 0x0, IPC_CREAT|0600)", EINVAL);
        w.failsUnchanged("t0 shmget(IPC_PRIVATE, 0x20001, IPC_CREAT|0600)", EINVAL);
    }

    @Test
    void shmget_beyondShmmni_isEnospc() {
        for (int i = 0; i < Limits.SHMMNI; i++) {
            w.gives("t0 shmget(IPC_PRIVATE, 0x1000, IPC_CREAT|0600)", Integer.toString(i));
        }
        w.failsUnchanged("t0 shmget(IPC_PRIVATE, 0x1000, IPC_CREAT|0600)", ENOSPC);
    }

    @Test
    void shmat_mapsTheWholeSegmentFromOffsetZero_inEachAddressSpaceAtItsOwnAddress() {
        twoAttachers();
        assertThat(w.layout(0)).containsExactly("[0xa000-0xe000) shm pgoff=0 -");
        assertThat(w.layout(1)).containsExactly("[0x10000-0x14000) shm pgoff=0 -");
    }

    @Test
    void shmat_badArguments_failInTheKernelsOrder() {
        w.gives("t0 shmget(IPC_PRIVATE, 0x4000, IPC_CREAT|0600)", "0");
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        w.failsUnchanged("t0 shmat(0, 0xa800, 0)", EINVAL);   // not SHMLBA-aligned, no SHM_RND
        w.failsUnchanged("t0 shmat(7, 0xa000, 0)", EINVAL);   // no such segment
        w.failsUnchanged("t0 shmat(0, 0x1000, 0)", EINVAL);   // overlaps [0x2000, 0x4000), no SHM_REMAP
        w.failsUnchanged("t0 shmat(0, 0x1e000, 0)", ENOMEM);  // past TASK_SIZE
        w.failsUnchanged("t0 shmat(0, 0x0, 0)", EINVAL);      // the model needs an address
        w.gives("t0 shmget(IPC_PRIVATE, 0x1000, IPC_CREAT|0600)", "1");
        w.failsUnchanged("t2 shmat(1, 0x0, 0)", EINVAL);
    }

    @Test
    void shmat_belowMmapMinAddr_isEperm() {
        World big = World.of("pages=64");
        big.gives("t0 shmget(IPC_PRIVATE, 0x1000, IPC_CREAT|0600)", "0");
        big.failsUnchanged("t0 shmat(0, 0x0, 0)", EINVAL);
        assertThat(big.run("t0 shmat(0, 0x1000, 0)")).hasToString("0x1000");
    }

    @Test
    void shmdt_withoutAnAttachmentThere_isEinval() {
        twoAttachers();
        w.failsUnchanged("t0 shmdt(0xb000)", EINVAL);
        w.failsUnchanged("t0 shmdt(0x2000)", EINVAL);
        w.failsUnchanged("t0 shmdt(0xa001)", EINVAL);
    }

    @Test
    void shmdt_unmapsEveryPieceOfTheAttachment_evenAfterAPartialMunmap() {
        twoAttachers();
        w.gives("t0 munmap(0xa000, 0x1000)", "0");
        assertThat(w.layout(0)).containsExactly("[0xb000-0xe000) shm pgoff=1 -");
        w.gives("t0 shmdt(0xa000)", "0");
        assertThat(w.layout(0)).isEmpty();
        assertThat(w.layout(1)).hasSize(1);
    }

    /* --------------- The shared policy tree --------------- */

    @Test
    void mbind_onAShmVma_setsTheTreeRange_seenByTheOtherAttacherAtItsOwnAddress() {
        twoAttachers();
        w.gives("t1 mbind(0xb000, 0x2000, MPOL_BIND, {2}, 65, 0)", "0");
        assertThat(w.layout(0)).containsExactly("[0xa000-0xe000) shm pgoff=0 -");
        assertThat(ranges(0)).containsExactly("[1-3)=bind:2");
        assertThat(w.query("t2 get_mempolicy(&mode, &nmask, 65, 0x11000, MPOL_F_ADDR)")).hasToString("0 [mode=MPOL_BIND, nmask={2}]");
        assertThat(w.query("t2 get_mempolicy(&mode, &nmask, 65, 0x10000, MPOL_F_ADDR)")).hasToString("0 [mode=MPOL_DEFAULT, nmask={}]");
        w.gives("t2 alloc_page(0x12000)", "node 2");
    }

    @Test
    void mbind_insideARange_splitsIt_theUpperPieceGetsItsOwnCopy() {
        twoAttachers();
        w.gives("t0 mbind(0xa000, 0x4000, MPOL_BIND, {1}, 65, 0)", "0");
        w.gives("t2 mbind(0x11000, 0x1000, MPOL_PREFERRED, {3}, 65, 0)", "0");
        assertThat(ranges(0)).containsExactly("[0-1)=bind:1", "[1-2)=prefer:3", "[2-4)=bind:1");
        List<SharedPolicyTree.Node<PolicyRef>> nodes = w.view().segments().get(0).ranges();
        assertThat(nodes.get(0).policy().id()).isNotEqualTo(nodes.get(2).policy().id());
    }

    @Test
    void mbind_overlappingEnds_trimsTheNeighbours_andNeverMerges() {
        twoAttachers();
        w.gives("t0 mbind(0xa000, 0x2000, MPOL_BIND, {1}, 65, 0)", "0");
        w.gives("t0 mbind(0xc000, 0x2000, MPOL_BIND, {1}, 65, 0)", "0");
        assertThat(ranges(0)).containsExactly("[0-2)=bind:1", "[2-4)=bind:1");
        w.gives("t0 mbind(0xb000, 0x2000, MPOL_INTERLEAVE, {0-1}, 65, 0)", "0");
        assertThat(ranges(0)).containsExactly("[0-1)=bind:1", "[1-3)=interleave:0-1", "[3-4)=bind:1");
    }

    @Test
    void mbind_default_removesTheRange_andLookupsFallBackToTheTaskPolicy() {
        twoAttachers();
        w.given("""
                t2 set_mempolicy(MPOL_PREFERRED, {3}, 65) = 0
                t0 mbind(0xa000, 0x4000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mbind(0xb000, 0x1000, MPOL_DEFAULT, NULL, 0, 0) = 0
                """);
        assertThat(ranges(0)).containsExactly("[0-1)=bind:1", "[2-4)=bind:1");
        w.gives("t2 alloc_page(0x11000)", "node 3");
        assertThat(w.query("t2 get_mempolicy(&mode, &nmask, 65, 0x11000, MPOL_F_ADDR)")).hasToString("0 [mode=MPOL_DEFAULT, nmask={}]");
    }

    @Test
    void mbind_acrossAnonAndShm_givesEachHolderItsOwnObject() {
        w.given("""
                t0 mmap(0x8000, 0x2000, anon) = 0x8000
                t0 shmget(IPC_PRIVATE, 0x2000, IPC_CREAT|0600) = 0
                t0 shmat(0, 0xa000, 0) = 0xa000
                t0 mbind(0x8000, 0x4000, MPOL_BIND, {1}, 65, 0) = 0
                """);
        PolicyId vmaObject = w.vmaAt(0, 0x8000).policy().orElseThrow().id();
        PolicyId treeObject = w.view().segments().get(0).ranges().get(0).policy().id();
        assertThat(vmaObject).isNotEqualTo(treeObject);
        assertThat(w.ghost().holders().get(treeObject)).containsExactly(new Holder.SharedRange(0, 0, 2));
    }

    @Test
    void interleave_usesTheSegmentOffset_soBothAttachersAgreeOnEveryPage() {
        twoAttachers();
        w.gives("t0 mbind(0xa000, 0x4000, MPOL_INTERLEAVE, {0-3}, 65, 0)", "0");
        for (int page = 0; page < 4; page++) {
            assertThat(w.run(String.format("t0 alloc_page(0x%x)", 0xa000 + page * 0x1000))).hasToString("node " + page);
            assertThat(w.run(String.format("t2 alloc_page(0x%x)", 0x10000 + page * 0x1000))).hasToString("node " + page);
        }
    }

    @Test
    void numaMaps_showsTheTreesSubRanges_atTheTargetsAddresses_gapsWithTheTaskPolicy() {
        twoAttachers();
        w.given("""
                t0 mbind(0xb000, 0x1000, MPOL_BIND, {1}, 65, 0) = 0
                t2 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65) = 0
                """);
        assertThat(w.query("t0 numa_maps(t2)"))
                .hasToString("[00010000 interleave:0-1; 00011000 bind:1; 00012000 interleave:0-1]");
        assertThat(w.query("t2 numa_maps(t0)")).hasToString("[0000a000 default; 0000b000 bind:1; 0000c000 default]");
    }

    @Test
    void getMempolicyAddr_inAHoleNextToTheSegment_isEfault() {
        twoAttachers();
        w.failsUnchanged("t2 get_mempolicy(&mode, &nmask, 65, 0x14000, MPOL_F_ADDR)", EFAULT);
    }

    /* --------------- Lifetime of a segment's policies --------------- */

    @Test
    void rmid_withAttachments_keepsTheSegmentUntilTheLastDetach_thenFreesItsPolicies() {
        twoAttachers();
        w.gives("t0 mbind(0xa000, 0x4000, MPOL_BIND, {1}, 65, 0)", "0");
        PolicyId tree = w.view().segments().get(0).ranges().get(0).policy().id();
        w.gives("t0 shmctl(0, IPC_RMID, NULL)", "0");
        w.gives("t0 shmdt(0xa000)", "0");
        assertThat(w.ghost().live()).containsKey(tree);
        w.gives("t2 shmat(0, 0x4000, 0)", "0x4000");  // Linux: a marked segment may still be attached
        w.gives("t2 shmdt(0x10000)", "0");
        w.gives("t2 shmdt(0x4000)", "0");
        assertThat(w.ghost().freed()).contains(tree);
        assertThat(w.view().segments()).isEmpty();
        w.failsUnchanged("t2 shmat(0, 0x4000, 0)", EINVAL);
    }

    @Test
    void segmentWithoutRmid_outlivesItsAttachers_andIsDestroyedByALaterRmid() {
        twoAttachers();
        w.gives("t0 mbind(0xa000, 0x1000, MPOL_BIND, {1}, 65, 0)", "0");
        w.given("""
                t0 exit() = 0
                t1 exit() = 0
                t2 exit() = 0
                """);
        assertThat(w.ghost().liveDynamic()).hasSize(1);
        World other = World.small();
        assertThat(other.view().segments()).isEmpty();
        assertThat(w.view().segments()).hasSize(1);
    }

    @Test
    void forkedChild_inheritsTheAttachment_andTheSegmentGoesWithTheLastOfThem() {
        w.given("""
                t2 shmget(IPC_PRIVATE, 0x2000, IPC_CREAT|0600) = 0
                t2 shmat(0, 0x4000, 0) = 0x4000
                t2 mbind(0x4000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t2 fork() = t3
                t2 shmctl(0, IPC_RMID, NULL) = 0
                t2 exit() = 0
                """);
        assertThat(w.ghost().liveDynamic()).hasSize(1);
        w.gives("t3 alloc_page(0x5000)", "node 1");
        w.gives("t3 exit()", "0");
        assertThat(w.ghost().liveDynamic()).isEmpty();
    }

    @Test
    void ghost_listsEachTreeRangeAsTheHolderOfItsObject() {
        twoAttachers();
        w.gives("t0 mbind(0xa000, 0x4000, MPOL_BIND, {1}, 65, 0)", "0");
        w.gives("t0 mbind(0xb000, 0x1000, MPOL_DEFAULT, NULL, 0, 0)", "0");
        assertThat(w.ghost().unheld()).isEmpty();
        assertThat(w.ghost().holders().values()).flatExtracting(hs -> hs).contains(
                new Holder.SharedRange(0, 0, 1), new Holder.SharedRange(0, 2, 4));
    }

    @Test
    void failslab_failsTheNextSplitOfASharedRange_withEnomem_changingNothing_once() {
        twoAttachers();
        w.gives("t0 mbind(0xa000, 0x4000, MPOL_BIND, {1}, 65, 0)", "0");
        w.gives("t0 failslab()", "0");
        w.gives("t0 mbind(0xa000, 0x1000, MPOL_BIND, {2}, 65, 0)", "0");   // trims, no split: not failed
        w.failsUnchanged("t0 mbind(0xc000, 0x1000, MPOL_BIND, {2}, 65, 0)", Errno.ENOMEM);
        w.gives("t0 mbind(0xc000, 0x1000, MPOL_BIND, {2}, 65, 0)", "0");
        assertThat(ranges(0)).containsExactly("[0-1)=bind:2", "[1-2)=bind:1", "[2-3)=bind:2", "[3-4)=bind:1");
    }

    @Test
    void cpusetRebind_changesNothingVisible_andNeedsALiveTarget() {
        twoAttachers();
        assertThat(w.query("t0 cpuset_rebind(t2)")).hasToString("0");
        w.gives("t2 exit()", "0");
        w.failsUnchanged("t0 cpuset_rebind(t2)", Errno.ESRCH);
    }

    @Test
    void shmCalls_printAsTheyParse_andOtherFormsAreSyntaxErrors() {
        for (String line : List.of("t0 shmget(IPC_PRIVATE, 0x4000, IPC_CREAT|0600)", "t1 shmat(0, 0xa000, 0)",
                "t1 shmdt(0xa000)", "t2 shmctl(3, IPC_RMID, NULL)", "t1 cpuset_rebind(t0)", "t0 failslab()")) {
            assertThat(io.mpolcheck.op.OpFormat.parse(line)).hasToString(line);
        }
        for (String bad : List.of("t0 shmget(5, 0x4000, IPC_CREAT|0600)", "t0 shmat(0, 0xa000, SHM_RDONLY)",
                "t0 shmctl(0, IPC_STAT, NULL)", "t0 mmap(0x2000, 0x1000, shm)")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.mpolcheck.op.OpFormat.parse(bad))
                    .isInstanceOf(io.mpolcheck.op.OpSyntaxException.class);
        }
    }

    private List<String> ranges(int shmid) {
        return w.view().segments().stream().filter(s -> s.shmid() == shmid).findFirst().orElseThrow().ranges().stream()
                .map(n -> "[" + n.start() + "-" + n.end() + ")=" + n.policy().value()).toList();
    }
}
