package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.EINVAL;
import static io.mpolcheck.model.Errno.ESRCH;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code set_mempolicy(mode, nmask, maxnode)}: {@code kernel_set_mempolicy()} runs
 * {@code sanitize_mpol_flags()}, then {@code get_nodes()}, then {@code do_set_mempolicy()}
 * ({@code mpol_new()}, {@code mpol_set_nodemask()}, swap under {@code task_lock}). The policy is
 * read back with {@code get_mempolicy(&mode, &nmask, 65, 0, 0)}, which reports
 * {@code pol->mode | (pol->flags & MPOL_MODE_FLAGS)} and, for a policy with a mode flag, the
 * user's own mask ({@code mpol_store_user_nodemask()}), else {@code pol->nodes}.
 *
 * <p>The world has nodes 0-3 and no cpusets, so "allowed" means "one of nodes 0-3".
 */
class SetMempolicySpecTest {

    private final World w = World.small();

    /* --------------- Modes --------------- */

    @Test
    void setMempolicy_default_removesTaskPolicy() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {1}, 65) = 0
                t0 set_mempolicy(MPOL_DEFAULT, NULL, 0) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_DEFAULT, nmask={}]
                """);
        assertThat(w.task(0).policy()).isEmpty();
    }

    @Test
    void setMempolicy_defaultWithEmptyMask_isAccepted() {
        w.gives("t0 set_mempolicy(MPOL_DEFAULT, {}, 65)", "0");
    }

    @Test
    void setMempolicy_defaultWithNodes_isEinval() {
        // mpol_new(): "if (nodes && !nodes_empty(*nodes)) return ERR_PTR(-EINVAL)"
        w.failsUnchanged("t0 set_mempolicy(MPOL_DEFAULT, {0}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_defaultWithStaticFlag_succeedsAndDropsTheFlag() {
        // sanitize_mpol_flags() lets it through; mpol_new() returns NULL before looking at the flags
        w.given("""
                t0 set_mempolicy(MPOL_DEFAULT|MPOL_F_STATIC_NODES, NULL, 0) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_DEFAULT, nmask={}]
                """);
    }

    @Test
    void setMempolicy_preferred_keepsOnlyTheLowestNode() {
        // mpol_new_preferred(): node_set(first_node(*nodes), pol->nodes)
        w.given("""
                t0 set_mempolicy(MPOL_PREFERRED, {1-2}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_PREFERRED, nmask={1}]
                """);
    }

    @Test
    void setMempolicy_preferredEmpty_isReportedAsLocal() {
        // mpol_new(): an empty MPOL_PREFERRED becomes MPOL_LOCAL
        w.given("""
                t0 set_mempolicy(MPOL_PREFERRED, {}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_LOCAL, nmask={}]
                """);
        assertThat(w.taskPolicy(0)).contains(Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
    }

    @Test
    void setMempolicy_preferredNullMask_isReportedAsLocal() {
        w.given("""
                t0 set_mempolicy(MPOL_PREFERRED, NULL, 0) = 0
                t0 get_mempolicy(&mode, NULL, 0, 0x0, 0) = 0 [mode=MPOL_LOCAL]
                """);
    }

    @Test
    void setMempolicy_preferredEmptyWithStaticFlag_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_PREFERRED|MPOL_F_STATIC_NODES, {}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_preferredEmptyWithRelativeFlag_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_PREFERRED|MPOL_F_RELATIVE_NODES, {}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_preferredOnlyOutsideTheWorld_isEinval() {
        // mpol_new() sees a non-empty mask, so no MPOL_LOCAL; mpol_new_preferred() then sees nothing allowed
        w.failsUnchanged("t0 set_mempolicy(MPOL_PREFERRED, {5}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_bind_usesTheGivenNodes() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {0,2}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_BIND, nmask={0,2}]
                """);
        assertThat(w.taskPolicy(0)).contains(Mempolicy.of(Mode.MPOL_BIND, NodeMask.of(0, 2)));
    }

    @Test
    void setMempolicy_bindEmpty_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND, {}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_interleave_usesTheGivenNodesAndRestartsRoundRobin() {
        // do_set_mempolicy(): il_prev = MAX_NUMNODES-1 for a (weighted) interleave policy
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t0 alloc_page() = node 0
                t0 alloc_page() = node 1
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_INTERLEAVE, nmask={0-3}]
                """);
        assertThat(w.task(0).ilPrev()).isEqualTo(Limits.MAX_NUMNODES - 1);
        w.gives("t0 alloc_page()", "node 0");
    }

    @Test
    void setMempolicy_interleaveEmpty_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_INTERLEAVE, {}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_local_storesLocalPolicy() {
        w.given("""
                t0 set_mempolicy(MPOL_LOCAL, NULL, 0) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_LOCAL, nmask={}]
                """);
    }

    @Test
    void setMempolicy_localWithNodes_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_LOCAL, {0}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_localWithStaticFlag_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_LOCAL|MPOL_F_STATIC_NODES, NULL, 0)", EINVAL);
    }

    @Test
    void setMempolicy_localWithRelativeFlag_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_LOCAL|MPOL_F_RELATIVE_NODES, NULL, 0)", EINVAL);
    }

    @Test
    void setMempolicy_preferredMany_usesTheGivenNodes() {
        w.given("""
                t0 set_mempolicy(MPOL_PREFERRED_MANY, {2-3}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_PREFERRED_MANY, nmask={2-3}]
                """);
    }

    @Test
    void setMempolicy_preferredManyEmpty_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_PREFERRED_MANY, {}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_weightedInterleave_usesTheGivenNodesAndRestartsRoundRobin() {
        w.given("""
                t0 set_mempolicy(MPOL_WEIGHTED_INTERLEAVE, {1-2}, 65) = 0
                t0 alloc_page() = node 1
                t0 set_mempolicy(MPOL_WEIGHTED_INTERLEAVE, {1-2}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_WEIGHTED_INTERLEAVE, nmask={1-2}]
                """);
        assertThat(w.task(0).ilPrev()).isEqualTo(Limits.MAX_NUMNODES - 1);
    }

    @Test
    void setMempolicy_weightedInterleaveEmpty_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_WEIGHTED_INTERLEAVE, {}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_nonInterleaveMode_keepsIlPrev() {
        // do_set_mempolicy() touches il_prev only for the interleaving modes
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t0 alloc_page() = node 0
                t0 alloc_page() = node 1
                t0 set_mempolicy(MPOL_BIND, {0}, 65) = 0
                """);
        assertThat(w.task(0).ilPrev()).isEqualTo(1);
    }

    @Test
    void setMempolicy_modeAtMpolMax_isEinval() {
        // sanitize_mpol_flags(): (unsigned int)mode >= MPOL_MAX (7)
        w.failsUnchanged("t0 set_mempolicy(7, {0}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_negativeMode_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(0x80000002, {0}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_unknownBitBelowTheModeFlags_isEinval() {
        // only bits 13-15 are stripped as flags; bit 12 makes the mode number 0x1002
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND|0x1000, {0}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_nodesPartlyOutsideTheWorld_keepsOnlyExistingNodes() {
        // get_nodes() accepts bits below MAX_NUMNODES; mpol_set_nodemask() ANDs them with the allowed nodes
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {2-5}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_BIND, nmask={2-3}]
                """);
    }

    @Test
    void setMempolicy_nodesOnlyOutsideTheWorld_isEinval() {
        // mpol_set_nodemask() -> mpol_new_nodemask() on an empty intersection
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND, {4-7}, 65)", EINVAL);
    }

    /* --------------- Mode flags --------------- */

    @Test
    void setMempolicy_staticWithNoAllowedNode_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES, {5-7}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_static_reportsTheUserMaskButUsesOnlyAllowedNodes() {
        w.given("""
                t0 set_mempolicy(MPOL_INTERLEAVE|MPOL_F_STATIC_NODES, {1,5}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_INTERLEAVE|MPOL_F_STATIC_NODES, nmask={1,5}]
                t0 alloc_page() = node 1
                t0 alloc_page() = node 1
                """);
        assertThat(w.taskPolicy(0).orElseThrow().nodes()).isEqualTo(NodeMask.of(1));
    }

    @Test
    void setMempolicy_relative_foldsTheMaskOntoTheAllowedNodes() {
        // mpol_relative_nodemask(): nodes_fold(mask, 4) = {1,2}, then nodes_onto({0-3}) = {1,2}
        w.given("""
                t0 set_mempolicy(MPOL_BIND|MPOL_F_RELATIVE_NODES, {5-6}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_BIND|MPOL_F_RELATIVE_NODES, nmask={5-6}]
                """);
        assertThat(w.taskPolicy(0).orElseThrow().nodes()).isEqualTo(NodeMask.of(1, 2));
    }

    @Test
    void setMempolicy_relativeBitsThatFoldTogether_giveOneNode() {
        // 0 and 4 are both 0 modulo the 4 allowed nodes
        w.gives("t0 set_mempolicy(MPOL_INTERLEAVE|MPOL_F_RELATIVE_NODES, {0,4}, 65)", "0");
        assertThat(w.taskPolicy(0).orElseThrow().nodes()).isEqualTo(NodeMask.of(0));
    }

    @Test
    void setMempolicy_relativePreferred_takesTheFirstFoldedNode() {
        w.gives("t0 set_mempolicy(MPOL_PREFERRED|MPOL_F_RELATIVE_NODES, {6-7}, 65)", "0");
        assertThat(w.taskPolicy(0).orElseThrow().nodes()).isEqualTo(NodeMask.of(2));
    }

    @Test
    void setMempolicy_staticAndRelativeTogether_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES, {0}, 65)", EINVAL);
    }

    @Test
    void setMempolicy_numaBalancingWithBind_isReportedBackWithTheUserMask() {
        // mpol_store_user_nodemask() is pol->flags & MPOL_MODE_FLAGS, so NUMA_BALANCING stores the user mask too
        w.given("""
                t0 set_mempolicy(MPOL_BIND|MPOL_F_NUMA_BALANCING, {1-2,5}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_BIND|MPOL_F_NUMA_BALANCING, nmask={1-2,5}]
                """);
        assertThat(w.taskPolicy(0).orElseThrow().nodes()).isEqualTo(NodeMask.of(1, 2));
    }

    @Test
    void setMempolicy_numaBalancingWithPreferredMany_isAccepted() {
        w.given("""
                t0 set_mempolicy(MPOL_PREFERRED_MANY|MPOL_F_NUMA_BALANCING, {2-3}, 65) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_PREFERRED_MANY|MPOL_F_NUMA_BALANCING, nmask={2-3}]
                """);
    }

    @Test
    void setMempolicy_numaBalancingWithStatic_isAccepted() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES|MPOL_F_NUMA_BALANCING, {0-1}, 65) = 0
                t0 get_mempolicy(&mode, NULL, 0, 0x0, 0) = 0 [mode=MPOL_BIND|MPOL_F_NUMA_BALANCING|MPOL_F_STATIC_NODES]
                """);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "MPOL_DEFAULT; NULL, 0",
        "MPOL_PREFERRED; {0}, 65",
        "MPOL_INTERLEAVE; {0}, 65",
        "MPOL_LOCAL; NULL, 0",
        "MPOL_WEIGHTED_INTERLEAVE; {0}, 65"})
    void setMempolicy_numaBalancingWithModesOtherThanBindAndPreferredMany_isEinval(String mode, String nodes) {
        // the same call without the flag succeeds: the EINVAL is sanitize_mpol_flags()'s
        World plain = World.small();
        plain.gives("t0 set_mempolicy(" + mode + ", " + nodes + ")", "0");
        w.failsUnchanged("t0 set_mempolicy(" + mode + "|MPOL_F_NUMA_BALANCING, " + nodes + ")", EINVAL);
    }

    /* --------------- maxnode (get_nodes) --------------- */

    @Test
    void setMempolicy_maxnodeZeroWithMask_isEinval() {
        // --maxnode wraps to ULONG_MAX, which is more than PAGE_SIZE * 8 bits
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND, {0}, 0)", EINVAL);
    }

    @Test
    void setMempolicy_maxnodeZeroWithNullMask_readsNoMask() {
        w.gives("t0 set_mempolicy(MPOL_LOCAL, NULL, 0)", "0");
        w.gives("t0 set_mempolicy(MPOL_DEFAULT, NULL, 0)", "0");
    }

    @Test
    void setMempolicy_maxnodeOne_readsAnEmptyMask() {
        w.given("""
                t0 set_mempolicy(MPOL_PREFERRED, {0}, 1) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_LOCAL, nmask={}]
                """);
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND, {0}, 1)", EINVAL);
    }

    @Test
    void setMempolicy_maxnode_readsOnlyMaxnodeMinusOneBits() {
        // maxnode 4 reads bits 0-2: node 3 is not seen
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {0,3}, 4) = 0
                t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_BIND, nmask={0}]
                """);
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND, {3}, 4)", EINVAL);
    }

    @Test
    void setMempolicy_bitAtMaxNumnodes_isEinval() {
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND, {0,64}, 66)", EINVAL);
    }

    @Test
    void setMempolicy_bitAtMaxNumnodesBeyondMaxnode_isNotRead() {
        // maxnode 65 reads bits 0-63 only
        w.gives("t0 set_mempolicy(MPOL_BIND, {0,64}, 65)", "0");
        assertThat(w.taskPolicy(0).orElseThrow().nodes()).isEqualTo(NodeMask.of(0));
    }

    @Test
    void setMempolicy_bitAboveMaxnodeInTheLastCheckedWord_isEinval() {
        // get_nodes() checks the word holding bit maxnode-2 whole: get_bitmap(&t, ..., BITS_PER_LONG) trims nothing,
        // so bit 100 counts although maxnode 67 names bits 0-65 only
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND, {0,100}, 67)", EINVAL);
    }

    @Test
    void setMempolicy_bitInAWordAboveTheLastCheckedWord_isNotRead() {
        w.gives("t0 set_mempolicy(MPOL_BIND, {0,128}, 67)", "0");
        assertThat(w.taskPolicy(0).orElseThrow().nodes()).isEqualTo(NodeMask.of(0));
    }

    @Test
    void setMempolicy_maxnodeAbovePageSizeBits_isEinval() {
        // get_nodes(): maxnode - 1 > PAGE_SIZE * BITS_PER_BYTE (32768)
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND, {0}, 32770)", EINVAL);
    }

    @Test
    void setMempolicy_maxnodeOfPageSizeBitsPlusOne_isAccepted() {
        w.gives("t0 set_mempolicy(MPOL_BIND, {0}, 32769)", "0");
    }

    @Test
    void setMempolicy_hugeMaxnodeWithNullMask_readsNoMask() {
        // get_nodes() returns the empty mask for a NULL nmask before looking at maxnode's size
        w.gives("t0 set_mempolicy(MPOL_DEFAULT, NULL, 100000)", "0");
    }

    /* --------------- Task policy objects and callers --------------- */

    @Test
    void setMempolicy_replacingAPolicy_freesTheOldObject() {
        w.gives("t0 set_mempolicy(MPOL_BIND, {1}, 65)", "0");
        PolicyId first = w.task(0).policy().orElseThrow().id();
        w.gives("t0 set_mempolicy(MPOL_BIND, {1}, 65)", "0");
        PolicyId second = w.task(0).policy().orElseThrow().id();
        assertThat(second).isNotEqualTo(first);
        assertThat(w.ghost().freed()).containsExactly(first);
    }

    @Test
    void setMempolicy_failure_keepsTheOldPolicy() {
        w.gives("t0 set_mempolicy(MPOL_BIND, {1}, 65)", "0");
        w.failsUnchanged("t0 set_mempolicy(MPOL_BIND, {}, 65)", EINVAL);
        assertThat(w.taskPolicy(0)).contains(Mempolicy.of(Mode.MPOL_BIND, NodeMask.of(1)));
    }

    @Test
    void setMempolicy_threadsOfOneProcess_haveSeparateTaskPolicies() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {1}, 65) = 0
                t1 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_DEFAULT, nmask={}]
                """);
    }

    @Test
    void setMempolicy_byExitedTask_isEsrch() {
        w.gives("t1 exit()", "0");
        w.failsUnchanged("t1 set_mempolicy(MPOL_BIND, {0}, 65)", ESRCH);
    }

    @Test
    void setMempolicy_byTaskThatNeverExisted_isEsrch() {
        w.failsUnchanged("t9 set_mempolicy(MPOL_BIND, {0}, 65)", ESRCH);
    }
}
