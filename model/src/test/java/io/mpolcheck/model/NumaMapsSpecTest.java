package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.ENOENT;
import static io.mpolcheck.model.Errno.ESRCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.op.Result;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code /proc/<target>/numa_maps}: {@code show_numa_map()} prints one line per VMA of the target's
 * address space — the start address, {@code mpol_to_str()} of {@code __get_vma_policy(vma, vm_start)}
 * or, when the VMA has none, of the target's task policy as {@code hold_task_mempolicy()} took it
 * ({@code get_task_policy()}, printed {@code default} when the task has none), and {@code huge} for
 * a hugetlb VMA. {@code mpol_to_str()} writes into {@code char buffer[64]}. The model prints no
 * page counts ({@code anon=}, {@code N0=}...): it has no resident pages, and a VMA without pages
 * prints none in the kernel either. Reading changes nothing.
 */
class NumaMapsSpecTest {

    private final World w = World.small();

    @Test
    void numaMaps_vmaPolicy_isPrintedAsMpolToStr() {
        w.given("""
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1-2}, 65, 0) = 0
                """);
        assertThat(w.query("t2 numa_maps(t0)")).hasToString("[00002000 bind:1-2]");
    }

    @Test
    void numaMaps_vmaWithoutPolicy_fallsBackToTheTargetsTaskPolicy() {
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                """);
        assertThat(w.query("t0 numa_maps(t0)")).hasToString("[00002000 interleave:0-3]");
    }

    @Test
    void numaMaps_noPolicyAnywhere_printsDefault() {
        // get_task_policy() gives preferred_node_policy[] and mpol_to_str() prints it as "default"
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        assertThat(w.query("t0 numa_maps(t0)")).hasToString("[00002000 default]");
    }

    @Test
    void numaMaps_fallback_isTheTargetsPolicyNotTheReaders() {
        w.given("""
                t2 set_mempolicy(MPOL_BIND, {3}, 65) = 0
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                """);
        assertThat(w.query("t2 numa_maps(t0)")).hasToString("[00002000 default]");
    }

    @Test
    void numaMaps_ofAThread_fallsBackToThatThreadsPolicy() {
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t1 set_mempolicy(MPOL_BIND, {3}, 65) = 0
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                """);
        assertThat(w.query("t2 numa_maps(t0)")).hasToString("[00002000 interleave:0-3]");
        assertThat(w.query("t2 numa_maps(t1)")).hasToString("[00002000 bind:3]");
    }

    @Test
    void numaMaps_oneLinePerVmaInAddressOrder_withHugeForHugetlb() {
        w.given("""
                t0 mmap(0x10000, 0x2000, hugetlb) = 0x10000
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x4000, 0x2000, MPOL_PREFERRED, {1}, 65, 0) = 0
                """);
        assertThat(w.query("t1 numa_maps(t0)"))
                .hasToString("[00002000 default; 00004000 prefer:1; 00010000 default huge]");
    }

    @Test
    void numaMaps_modeNames_followMpolToStr() {
        w.given("""
                t0 mmap(0x2000, 0xc000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_PREFERRED, {}, 65, 0) = 0
                t0 mbind(0x4000, 0x2000, MPOL_LOCAL, NULL, 0, 0) = 0
                t0 mbind(0x6000, 0x2000, MPOL_PREFERRED_MANY, {2-3}, 65, 0) = 0
                t0 mbind(0x8000, 0x2000, MPOL_WEIGHTED_INTERLEAVE, {0-1}, 65, 0) = 0
                t0 mbind(0xa000, 0x2000, MPOL_INTERLEAVE, {0,2}, 65, 0) = 0
                """);
        // an empty MPOL_PREFERRED is MPOL_LOCAL, equal to the explicit one, so the first two VMAs merged
        assertThat(w.query("t0 numa_maps(t0)")).hasToString("[00002000 local; 00006000 prefer (many):2-3; "
                + "00008000 weighted interleave:0-1; 0000a000 interleave:0,2; 0000c000 default]");
    }

    @Test
    void numaMaps_modeFlags_areNamedAndTheEffectiveNodesPrinted() {
        // "=static", "=relative", "|balancing"; the nodes are pol->nodes, not the user's mask
        w.given("""
                t0 mmap(0x2000, 0x8000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND|MPOL_F_STATIC_NODES, {1,5}, 65, 0) = 0
                t0 mbind(0x4000, 0x2000, MPOL_INTERLEAVE|MPOL_F_RELATIVE_NODES, {5-6}, 65, 0) = 0
                t0 mbind(0x6000, 0x2000, MPOL_BIND|MPOL_F_STATIC_NODES|MPOL_F_NUMA_BALANCING, {0-1}, 65, 0) = 0
                t0 mbind(0x8000, 0x2000, MPOL_PREFERRED_MANY|MPOL_F_NUMA_BALANCING, {0-3}, 65, 0) = 0
                """);
        assertThat(w.query("t0 numa_maps(t0)")).hasToString("[00002000 bind=static:1; 00004000 interleave=relative:1-2; "
                + "00006000 bind=static|balancing:0-1; 00008000 prefer (many)=balancing:0-3]");
    }

    @Test
    void numaMaps_noVmas_printsNothing() {
        assertThat(w.query("t0 numa_maps(t2)")).isEqualTo(new Result.Maps(java.util.List.of()));
    }

    @Test
    void numaMaps_longNodeList_isCutTo63Characters() {
        // mpol_to_str(buffer, sizeof(buffer) = 64, ...): snprintf keeps 63 characters and the NUL
        World big = World.of("nodes=64");
        String evens = IntStream.range(0, 32).mapToObj(i -> Integer.toString(2 * i)).collect(Collectors.joining(","));
        big.given("t0 set_mempolicy(MPOL_INTERLEAVE, {" + evens + "}, 65) = 0\n"
                + "t0 mmap(0x2000, 0x1000, anon) = 0x2000");
        String full = "interleave:" + evens;
        Result.Maps maps = (Result.Maps) big.query("t0 numa_maps(t0)");
        assertThat(maps.lines()).singleElement()
                .satisfies(l -> assertThat(l.policy()).hasSize(63).isEqualTo(full.substring(0, 63)));
    }

    @Test
    void numaMaps_exitedTarget_isEnoent() {
        // deviation in part: the model reaps every exited task at once (see MempolicyModel)
        w.gives("t2 exit()", "0");
        w.failsUnchanged("t0 numa_maps(t2)", ENOENT);
    }

    @Test
    void numaMaps_targetThatNeverExisted_isEnoent() {
        w.failsUnchanged("t0 numa_maps(t9)", ENOENT);
    }

    @Test
    void numaMaps_exitedReader_isEsrch() {
        w.gives("t2 exit()", "0");
        w.failsUnchanged("t2 numa_maps(t0)", ESRCH);
    }
}
