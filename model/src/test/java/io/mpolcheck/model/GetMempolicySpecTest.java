package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.EFAULT;
import static io.mpolcheck.model.Errno.EINVAL;
import static io.mpolcheck.model.Errno.ESRCH;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code get_mempolicy(&mode, nmask, maxnode, addr, flags)}: {@code kernel_get_mempolicy()} checks
 * {@code maxnode} against {@code nr_node_ids} (4 here) when {@code nmask} is given, then
 * {@code do_get_mempolicy()} checks the flags in this order: unknown bits, {@code MPOL_F_MEMS_ALLOWED}
 * alone, {@code MPOL_F_ADDR} (VMA lookup, {@code EFAULT}) or else {@code addr == 0}, then
 * {@code MPOL_F_NODE}; last, {@code copy_nodes_to_user()} refuses more than a page of mask. A
 * successful call changes nothing, so every result here comes from {@link World#query}.
 */
class GetMempolicySpecTest {

    private final World w = World.small();

    /* --------------- The task policy --------------- */

    @Test
    void getMempolicy_noTaskPolicy_reportsDefault() {
        // do_get_mempolicy(): pol = &default_policy, reported as MPOL_DEFAULT with an empty mask
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0)")).hasToString("0 [mode=MPOL_DEFAULT, nmask={}]");
    }

    @Test
    void getMempolicy_taskPolicy_reportsModeAndNodes() {
        w.gives("t0 set_mempolicy(MPOL_INTERLEAVE, {1-3}, 65)", "0");
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0)"))
                .hasToString("0 [mode=MPOL_INTERLEAVE, nmask={1-3}]");
    }

    @Test
    void getMempolicy_nullNmask_reportsTheModeOnly() {
        w.gives("t0 set_mempolicy(MPOL_BIND, {1}, 65)", "0");
        assertThat(w.query("t0 get_mempolicy(&mode, NULL, 0, 0x0, 0)")).hasToString("0 [mode=MPOL_BIND]");
    }

    /* --------------- maxnode --------------- */

    @Test
    void getMempolicy_maxnodeBelowNrNodeIds_isEinval() {
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 3, 0x0, 0)", EINVAL);
    }

    @Test
    void getMempolicy_maxnodeBelowNrNodeIdsWithNullNmask_isAccepted() {
        assertThat(w.query("t0 get_mempolicy(&mode, NULL, 3, 0x0, 0)")).hasToString("0 [mode=MPOL_DEFAULT]");
    }

    @Test
    void getMempolicy_maxnodeEqualToNrNodeIds_copiesAWholeWord() {
        // copy_nodes_to_user(): ALIGN(maxnode - 1, 64) / 8 = 8 bytes, so node 3 is copied although maxnode - 1 = 3
        w.gives("t0 set_mempolicy(MPOL_BIND, {3}, 65)", "0");
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 4, 0x0, 0)")).hasToString("0 [mode=MPOL_BIND, nmask={3}]");
    }

    @Test
    void getMempolicy_maxnodeCheck_comesBeforeTheAddressLookup() {
        // kernel_get_mempolicy() checks maxnode before do_get_mempolicy() looks for the VMA
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 3, 0x5000, MPOL_F_ADDR)", EINVAL);
    }

    @Test
    void getMempolicy_maxnodeAskingForMoreThanAPage_isEinval() {
        // copy_nodes_to_user(): ALIGN(32769, 64) / 8 = 4104 bytes > PAGE_SIZE
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 32770, 0x0, 0)", EINVAL);
    }

    @Test
    void getMempolicy_maxnodeAskingForExactlyAPage_isAccepted() {
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 32769, 0x0, 0)")).hasToString("0 [mode=MPOL_DEFAULT, nmask={}]");
    }

    /* --------------- flags --------------- */

    @Test
    void getMempolicy_unknownFlag_isEinval() {
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0x8)", EINVAL);
    }

    @Test
    void getMempolicy_memsAllowed_reportsEveryNodeAndModeZero() {
        w.gives("t0 set_mempolicy(MPOL_BIND, {1}, 65)", "0");
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 65, 0x0, MPOL_F_MEMS_ALLOWED)"))
                .hasToString("0 [mode=MPOL_DEFAULT, nmask={0-3}]");
    }

    @Test
    void getMempolicy_memsAllowedWithNode_isEinval() {
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 65, 0x0, MPOL_F_NODE|MPOL_F_MEMS_ALLOWED)", EINVAL);
    }

    @Test
    void getMempolicy_memsAllowedWithAddr_isEinval() {
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR|MPOL_F_MEMS_ALLOWED)", EINVAL);
    }

    @Test
    void getMempolicy_memsAllowed_ignoresAddr() {
        // do_get_mempolicy() returns before it looks at addr
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 65, 0x1234, MPOL_F_MEMS_ALLOWED)"))
                .hasToString("0 [mode=MPOL_DEFAULT, nmask={0-3}]");
    }

    @Test
    void getMempolicy_addrWithoutAddrFlag_isEinval() {
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 65, 0x2000, 0)", EINVAL);
    }

    /* --------------- MPOL_F_ADDR --------------- */

    @Test
    void getMempolicy_addrUnmapped_isEfault() {
        // the man page says EINVAL; do_get_mempolicy() returns -EFAULT when vma_lookup() finds nothing
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 65, 0x5000, MPOL_F_ADDR)", EFAULT);
    }

    @Test
    void getMempolicy_addrNull_isEfault() {
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 65, 0x0, MPOL_F_ADDR)", EFAULT);
    }

    @Test
    void getMempolicy_addrAtTheEndOfAVma_isEfault() {
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        w.failsUnchanged("t0 get_mempolicy(&mode, &nmask, 65, 0x4000, MPOL_F_ADDR)", EFAULT);
    }

    @Test
    void getMempolicy_addrInVmaWithPolicy_reportsTheVmaPolicy() {
        w.given("""
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x4000, 0x2000, MPOL_BIND|MPOL_F_STATIC_NODES, {1,5}, 65, 0) = 0
                """);
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 65, 0x5fff, MPOL_F_ADDR)"))
                .hasToString("0 [mode=MPOL_BIND|MPOL_F_STATIC_NODES, nmask={1,5}]");
    }

    @Test
    void getMempolicy_addrInVmaWithoutPolicy_reportsDefaultNotTheTaskPolicy() {
        // do_get_mempolicy(): "Do NOT fall back to task policy if the vma/shared policy at addr is NULL"
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                """);
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR)"))
                .hasToString("0 [mode=MPOL_DEFAULT, nmask={}]");
    }

    @Test
    void getMempolicy_addr_seesAnotherThreadsMbind() {
        w.given("""
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_PREFERRED, {3}, 65, 0) = 0
                t1 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR) = 0 [mode=MPOL_PREFERRED, nmask={3}]
                """);
    }

    @Test
    void getMempolicy_addrMappedOnlyInAnotherProcess_isEfault() {
        w.gives("t0 mmap(0x2000, 0x2000, anon)", "0x2000");
        w.failsUnchanged("t2 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR)", EFAULT);
    }

    /* --------------- MPOL_F_NODE --------------- */

    @Test
    void getMempolicy_nodeWithoutTaskPolicy_isEinval() {
        w.failsUnchanged("t0 get_mempolicy(&mode, NULL, 0, 0x0, MPOL_F_NODE)", EINVAL);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MPOL_BIND, {1}, 65", "MPOL_PREFERRED, {1}, 65", "MPOL_LOCAL, NULL, 0",
        "MPOL_PREFERRED_MANY, {1}, 65"})
    void getMempolicy_nodeAloneOnNonInterleavePolicy_isEinval(String policy) {
        w.gives("t0 set_mempolicy(" + policy + ")", "0");
        w.failsUnchanged("t0 get_mempolicy(&mode, NULL, 0, 0x0, MPOL_F_NODE)", EINVAL);
    }

    @Test
    void getMempolicy_nodeOnInterleave_reportsTheNextRoundRobinNodeWithoutTakingIt() {
        // next_node_in(current->il_prev, pol->nodes); il_prev is left alone
        w.gives("t0 set_mempolicy(MPOL_INTERLEAVE, {1,3}, 65)", "0");
        assertThat(w.query("t0 get_mempolicy(&mode, NULL, 0, 0x0, MPOL_F_NODE)")).hasToString("0 [node=1]");
        assertThat(w.query("t0 get_mempolicy(&mode, NULL, 0, 0x0, MPOL_F_NODE)")).hasToString("0 [node=1]");
        w.gives("t0 alloc_page()", "node 1");
        assertThat(w.query("t0 get_mempolicy(&mode, NULL, 0, 0x0, MPOL_F_NODE)")).hasToString("0 [node=3]");
        w.gives("t0 alloc_page()", "node 3");
        assertThat(w.query("t0 get_mempolicy(&mode, NULL, 0, 0x0, MPOL_F_NODE)")).hasToString("0 [node=1]");
    }

    @Test
    void getMempolicy_nodeOnInterleave_alsoReportsTheMask() {
        w.gives("t0 set_mempolicy(MPOL_INTERLEAVE, {1,3}, 65)", "0");
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 65, 0x0, MPOL_F_NODE)")).hasToString("0 [node=1, nmask={1,3}]");
    }

    @Test
    void getMempolicy_nodeOnWeightedInterleave_reportsTheNextNode() {
        // il_weight is 0 after every step with weight 1, so next_node_in(il_prev, nodes)
        w.gives("t0 set_mempolicy(MPOL_WEIGHTED_INTERLEAVE, {0,2}, 65)", "0");
        assertThat(w.query("t0 get_mempolicy(&mode, NULL, 0, 0x0, MPOL_F_NODE)")).hasToString("0 [node=0]");
        w.gives("t0 alloc_page()", "node 0");
        assertThat(w.query("t0 get_mempolicy(&mode, NULL, 0, 0x0, MPOL_F_NODE)")).hasToString("0 [node=2]");
    }

    @Test
    void getMempolicy_nodeAndAddr_reportsTheNodeAFirstTouchWouldGet() {
        // deviation: the kernel reports the node of the page lookup_node() finds (for an untouched anonymous
        // page, the zero page's); the model has no pages and answers as a first write fault would
        w.given("""
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x2000, 0x4000, MPOL_INTERLEAVE, {0-3}, 65, 0) = 0
                """);
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 65, 0x3000, MPOL_F_NODE|MPOL_F_ADDR)"))
                .hasToString("0 [node=3, nmask={0-3}]");
    }

    @Test
    void getMempolicy_nodeAndAddrWithoutVmaPolicy_placesByTheTaskPolicyButReportsTheDefaultMask() {
        // the node follows the fault path (task interleave, page offset 2); the mask is the VMA's (none)
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                """);
        assertThat(w.query("t0 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_NODE|MPOL_F_ADDR)"))
                .hasToString("0 [node=2, nmask={}]");
    }

    @Test
    void getMempolicy_nodeAndAddrUnmapped_isEfault() {
        w.failsUnchanged("t0 get_mempolicy(&mode, NULL, 0, 0x2000, MPOL_F_NODE|MPOL_F_ADDR)", EFAULT);
    }

    /* --------------- Callers --------------- */

    @Test
    void getMempolicy_byExitedTask_isEsrch() {
        w.gives("t2 exit()", "0");
        w.failsUnchanged("t2 get_mempolicy(&mode, NULL, 0, 0x0, 0)", ESRCH);
    }
}
