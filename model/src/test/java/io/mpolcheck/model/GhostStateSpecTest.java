package io.mpolcheck.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ghost lifetime state ({@link MempolicyModel#ghost()}): which policy objects are alive, who
 * holds each ({@code task->mempolicy}, a VMA's {@code vm_policy}, or the kernel image for
 * {@code default_policy} and {@code preferred_node_policy[]}), and which have been freed. Objects
 * are numbered {@code mpol#1, mpol#2, ...} in allocation order; a failed call allocates nothing.
 *
 * <p>The model's own identity rules (its class comment): a split keeps the object in the lower
 * piece and gives the upper piece a copy; a merge keeps the lower object and frees the upper one;
 * mbind gives the changed range a new object. What must hold after every step: every live dynamic
 * object has exactly one holder, every holder's object is live, freed objects are never live again.
 */
class GhostStateSpecTest {

    private final World w = World.small();

    private static PolicyId mpol(int n) {
        return new PolicyId(n);
    }

    @Test
    void ghost_freshWorld_holdsOnlyTheStaticPolicies() {
        GhostState g = w.ghost();
        assertThat(g.live()).containsOnlyKeys(PolicyId.DEFAULT_POLICY, PolicyId.preferredNodePolicy(0),
                PolicyId.preferredNodePolicy(1), PolicyId.preferredNodePolicy(2), PolicyId.preferredNodePolicy(3));
        assertThat(g.live().get(PolicyId.DEFAULT_POLICY)).isEqualTo(Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
        assertThat(g.live().get(PolicyId.preferredNodePolicy(2))).isEqualTo(Mempolicy.of(Mode.MPOL_PREFERRED, NodeMask.of(2)));
        assertThat(g.holders().values()).allSatisfy(h -> assertThat(h).containsExactly(new Holder.Static()));
        assertThat(g.liveDynamic()).isEmpty();
        assertThat(g.freed()).isEmpty();
    }

    @Test
    void ghost_setMempolicy_allocatesAnObjectHeldByTheTask() {
        w.gives("t1 set_mempolicy(MPOL_BIND, {1}, 65)", "0");
        assertThat(w.ghost().liveDynamic()).containsExactly(mpol(1));
        assertThat(w.ghost().holders().get(mpol(1))).containsExactly(new Holder.Task(1));
        assertThat(w.ghost()).hasToString("mpol#1 bind:1 held by [t1->mempolicy]\nfreed []");
    }

    @Test
    void ghost_setMempolicyAgain_freesTheOldObject() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {1}, 65) = 0
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65) = 0
                """);
        assertThat(w.ghost().liveDynamic()).containsExactly(mpol(2));
        assertThat(w.ghost().freed()).containsExactly(mpol(1));
    }

    @Test
    void ghost_setMempolicyDefault_freesWithoutAllocating() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {1}, 65) = 0
                t0 set_mempolicy(MPOL_DEFAULT, NULL, 0) = 0
                """);
        assertThat(w.ghost().liveDynamic()).isEmpty();
        assertThat(w.ghost().freed()).containsExactly(mpol(1));
    }

    @Test
    void ghost_failedCall_allocatesNothing() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {}, 65) = -1 EINVAL (Invalid argument)
                t0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0) = -1 EFAULT (Bad address)
                t0 set_mempolicy(MPOL_BIND, {0}, 65) = 0
                """);
        assertThat(w.ghost().liveDynamic()).containsExactly(mpol(1));
    }

    @Test
    void ghost_mbind_givesTheRangeANewObjectHeldByItsVma() {
        w.given("""
                t0 mmap(0x2000, 0x6000, anon) = 0x2000
                t0 mbind(0x4000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                """);
        assertThat(w.ghost().holders().get(mpol(1))).containsExactly(new Holder.Vma(0, 0x4000, 0x6000));
    }

    @Test
    void ghost_split_lowerPieceKeepsTheObjectAndUpperPieceGetsACopy() {
        w.given("""
                t0 mmap(0x2000, 0x6000, anon) = 0x2000
                t0 mbind(0x2000, 0x6000, MPOL_BIND, {1}, 65, 0) = 0
                t0 munmap(0x4000, 0x2000) = 0
                """);
        Map<PolicyId, List<Holder>> holders = w.ghost().holders();
        assertThat(holders.get(mpol(1))).containsExactly(new Holder.Vma(0, 0x2000, 0x4000));
        assertThat(holders.get(mpol(2))).containsExactly(new Holder.Vma(0, 0x6000, 0x8000));
        assertThat(w.ghost().live().get(mpol(2))).isEqualTo(w.ghost().live().get(mpol(1)));
    }

    @Test
    void ghost_cutAtTheStart_leavesTheObjectWithTheRemainingPiece() {
        w.given("""
                t0 mmap(0x2000, 0x6000, anon) = 0x2000
                t0 mbind(0x2000, 0x6000, MPOL_BIND, {1}, 65, 0) = 0
                t0 munmap(0x2000, 0x2000) = 0
                """);
        assertThat(w.ghost().holders().get(mpol(1))).containsExactly(new Holder.Vma(0, 0x4000, 0x8000));
        assertThat(w.ghost().freed()).isEmpty();
    }

    @Test
    void ghost_merge_keepsTheLowerObjectAndFreesTheUpperOne() {
        w.given("""
                t0 mmap(0x2000, 0x6000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mbind(0x4000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                """);
        assertThat(w.ghost().holders().get(mpol(1))).containsExactly(new Holder.Vma(0, 0x2000, 0x6000));
        assertThat(w.ghost().freed()).containsExactly(mpol(2));
    }

    @Test
    void ghost_munmapOfAWholeVma_freesItsObject() {
        w.given("""
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 munmap(0x0, 0x10000) = 0
                """);
        assertThat(w.ghost().liveDynamic()).isEmpty();
        assertThat(w.ghost().freed()).containsExactly(mpol(1));
    }

    @Test
    void ghost_fork_allocatesTheChildsCopies_taskPolicyFirst() {
        // copy_process() duplicates the task policy before dup_mmap() copies the VMAs
        w.given("""
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mbind(0x4000, 0x2000, MPOL_BIND, {2}, 65, 0) = 0
                t0 set_mempolicy(MPOL_PREFERRED, {3}, 65) = 0
                t0 fork() = t3
                """);
        Map<PolicyId, List<Holder>> holders = w.ghost().holders();
        assertThat(holders.get(mpol(4))).containsExactly(new Holder.Task(3));
        assertThat(holders.get(mpol(5))).containsExactly(new Holder.Vma(2, 0x2000, 0x4000));
        assertThat(holders.get(mpol(6))).containsExactly(new Holder.Vma(2, 0x4000, 0x6000));
    }

    @Test
    void ghost_exitOfOneThread_freesOnlyItsTaskPolicy() {
        w.given("""
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 set_mempolicy(MPOL_BIND, {2}, 65) = 0
                t0 exit() = 0
                """);
        assertThat(w.ghost().freed()).containsExactly(mpol(2));
        assertThat(w.ghost().liveDynamic()).containsExactly(mpol(1));
    }

    @Test
    void ghost_exitOfEveryTask_freesEveryDynamicObjectAndNoStaticOne() {
        w.given("""
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t1 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t2 set_mempolicy(MPOL_LOCAL, NULL, 0) = 0
                t0 fork() = t3
                t0 exit() = 0
                t1 exit() = 0
                t2 exit() = 0
                t3 exit() = 0
                """);
        GhostState g = w.ghost();
        assertThat(g.liveDynamic()).isEmpty();
        assertThat(g.freed()).containsExactly(mpol(1), mpol(2), mpol(3), mpol(4));
        assertThat(g.live()).hasSize(5).allSatisfy((id, pol) -> assertThat(id.isStatic()).isTrue());
    }

    @Test
    void ghost_afterEveryStepOfAScenario_everyObjectHasExactlyOneHolderAndNothingFreedIsHeld() {
        List<Op> script = OpFormat.parseAll("""
                t0 mmap(0x2000, 0x8000, anon)
                t0 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65)
                t0 mbind(0x4000, 0x2000, MPOL_BIND, {1}, 65, 0)
                t1 mbind(0x6000, 0x2000, MPOL_BIND, {1}, 65, 0)
                t0 mmap(0x10000, 0x4000, hugetlb)
                t0 mbind(0x12000, 0x2000, MPOL_PREFERRED, {2}, 65, 0)
                t0 mbind(0x11000, 0x1000, MPOL_PREFERRED, {2}, 65, 0)
                t0 fork()
                t3 munmap(0x5000, 0x2000)
                t3 mbind(0x2000, 0x3000, MPOL_BIND, {1}, 65, 0)
                t0 mmap(0x3000, 0x2000, anon)
                t1 set_mempolicy(MPOL_PREFERRED_MANY, {2-3}, 65)
                t3 fork()
                t0 exit()
                t4 exit()
                t1 exit()
                t3 munmap(0x0, 0x20000)
                t3 exit()
                t2 exit()
                """);
        MempolicyModel model = new MempolicyModel(WorldConfig.SMALL);
        for (Op op : script) {
            model.apply(op);
            GhostState g = model.ghost();
            assertThat(g.unheld()).as("leaked after %s", op).isEmpty();
            g.holders().forEach((id, hs) -> {
                assertThat(g.live()).as("holder of a dead object after %s", op).containsKey(id);
                if (!id.isStatic()) {
                    assertThat(hs).as("holders of %s after %s", id, op).hasSize(1);
                }
            });
            assertThat(g.freed()).as("freed and live after %s", op).doesNotContainAnyElementsOf(g.live().keySet());
        }
        assertThat(model.ghost().liveDynamic()).isEmpty();
    }
}
