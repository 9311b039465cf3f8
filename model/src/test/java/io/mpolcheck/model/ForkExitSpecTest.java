package io.mpolcheck.model;

import static io.mpolcheck.model.Errno.EAGAIN;
import static io.mpolcheck.model.Errno.ESRCH;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code fork()} and {@code exit()}.
 *
 * <p>fork: {@code copy_process()} gives the child {@code mpol_dup(p->mempolicy)} — a new object with
 * the same value — and {@code dup_mmap()} gives every copied VMA {@code vma_dup_policy()}. The
 * child is a new process (address space {@code mmN}) with one thread, on its parent's node and with
 * its parent's {@code il_prev}. A world has a fixed number of task slots; when they are used up
 * (exited tasks keep theirs) fork gives {@code EAGAIN}, as {@code copy_process()} does at the
 * task limit.
 *
 * <p>exit: {@code do_exit()} runs {@code exit_mm()} — the last thread of a process tears the
 * address space down, freeing every VMA policy — and later {@code mpol_put_task_policy()}.
 */
class ForkExitSpecTest {

    private final World w = World.small();

    /* --------------- fork --------------- */

    @Test
    void fork_createsTheNextTaskInANewAddressSpace() {
        w.gives("t0 fork()", "t3");
        TaskView child = w.task(3);
        assertThat(child.alive()).isTrue();
        assertThat(child.mm()).isEqualTo(2);
        assertThat(child.node()).isEqualTo(0);
        assertThat(child.policy()).isEmpty();
    }

    @Test
    void fork_copiesTheTaskPolicyAsANewObject() {
        w.given("""
                t1 set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES, {1,5}, 65) = 0
                t1 fork() = t3
                t3 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_BIND|MPOL_F_STATIC_NODES, nmask={1,5}]
                """);
        PolicyRef parent = w.task(1).policy().orElseThrow();
        PolicyRef child = w.task(3).policy().orElseThrow();
        assertThat(child.value()).isEqualTo(parent.value());
        assertThat(child.id()).isNotEqualTo(parent.id());
    }

    @Test
    void fork_copiesEveryVmaAndItsPolicyAsANewObject() {
        w.given("""
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x4000, 0x2000, MPOL_INTERLEAVE, {0-1}, 65, 0) = 0
                t0 mmap(0x10000, 0x4000, hugetlb) = 0x10000
                t0 fork() = t3
                """);
        assertThat(w.layout(2)).isEqualTo(w.layout(0));
        assertThat(w.vmas(2)).extracting(Vma::segment).isEqualTo(w.vmas(0).stream().map(Vma::segment).toList());
        PolicyId parentObject = w.vmaAt(0, 0x4000).policy().orElseThrow().id();
        PolicyId childObject = w.vmaAt(2, 0x4000).policy().orElseThrow().id();
        assertThat(childObject).isNotEqualTo(parentObject);
    }

    @Test
    void fork_childAndParentChangeTheirAddressSpacesIndependently() {
        w.given("""
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 fork() = t3
                t3 mbind(0x2000, 0x4000, MPOL_BIND, {2}, 65, 0) = 0
                t0 munmap(0x2000, 0x2000) = 0
                """);
        assertThat(w.layout(0)).containsExactly("[0x4000-0x6000) anon pgoff=4 -");
        assertThat(w.layout(2)).containsExactly("[0x2000-0x6000) anon pgoff=2 bind:2");
    }

    @Test
    void fork_childInheritsNodeAndIlPrev() {
        // il_prev is copied with the task_struct; the child continues the parent's round robin
        w.given("""
                t1 set_mempolicy(MPOL_INTERLEAVE, {0-3}, 65) = 0
                t1 alloc_page() = node 0
                t1 alloc_page() = node 1
                t1 fork() = t3
                t3 alloc_page() = node 2
                """);
        assertThat(w.task(3).node()).isEqualTo(1);
    }

    @Test
    void fork_byAThread_copiesThatThreadsPolicy() {
        w.given("""
                t0 set_mempolicy(MPOL_BIND, {0}, 65) = 0
                t1 set_mempolicy(MPOL_BIND, {1}, 65) = 0
                t1 fork() = t3
                t3 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_BIND, nmask={1}]
                """);
    }

    @Test
    void fork_whenTaskSlotsRunOut_isEagain() {
        w.given("""
                t0 fork() = t3
                t3 fork() = t4
                t4 fork() = t5
                """);
        w.failsUnchanged("t0 fork()", EAGAIN);
    }

    @Test
    void fork_exitedTasksKeepTheirSlots() {
        w.given("""
                t2 exit() = 0
                t0 fork() = t3
                t0 fork() = t4
                t0 fork() = t5
                """);
        w.failsUnchanged("t1 fork()", EAGAIN);
    }

    @Test
    void fork_byExitedTask_isEsrch() {
        w.gives("t1 exit()", "0");
        w.failsUnchanged("t1 fork()", ESRCH);
    }

    /* --------------- exit --------------- */

    @Test
    void exit_freesTheTaskPolicy() {
        w.gives("t0 set_mempolicy(MPOL_BIND, {1}, 65)", "0");
        PolicyId id = w.task(0).policy().orElseThrow().id();
        w.gives("t0 exit()", "0");
        assertThat(w.task(0).alive()).isFalse();
        assertThat(w.task(0).policy()).isEmpty();
        assertThat(w.ghost().freed()).containsExactly(id);
    }

    @Test
    void exit_withoutTaskPolicy_freesNothing() {
        w.gives("t2 exit()", "0");
        assertThat(w.ghost().freed()).isEmpty();
    }

    @Test
    void exit_ofOneThread_keepsTheVmasForTheOtherThread() {
        w.given("""
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 exit() = 0
                t1 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR) = 0 [mode=MPOL_BIND, nmask={1}]
                t1 alloc_page(0x2000) = node 1
                """);
        assertThat(w.ghost().freed()).isEmpty();
    }

    @Test
    void exit_ofTheLastThread_tearsDownTheVmasAndFreesTheirPolicies() {
        w.given("""
                t0 mmap(0x2000, 0x4000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 mbind(0x4000, 0x2000, MPOL_INTERLEAVE, {0-1}, 65, 0) = 0
                t1 set_mempolicy(MPOL_PREFERRED, {3}, 65) = 0
                t0 exit() = 0
                t1 exit() = 0
                """);
        assertThat(w.vmas(0)).isEmpty();
        assertThat(w.ghost().liveDynamic()).isEmpty();
        assertThat(w.ghost().freed()).hasSize(3);
    }

    @Test
    void exit_ofAChild_leavesTheParentAlone() {
        w.given("""
                t0 mmap(0x2000, 0x2000, anon) = 0x2000
                t0 mbind(0x2000, 0x2000, MPOL_BIND, {1}, 65, 0) = 0
                t0 fork() = t3
                t3 exit() = 0
                """);
        List<String> parent = w.layout(0);
        assertThat(parent).containsExactly("[0x2000-0x4000) anon pgoff=2 bind:1");
        assertThat(w.vmas(2)).isEmpty();
        assertThat(w.ghost().liveDynamic()).hasSize(1);
    }

    @Test
    void exit_twice_isEsrch() {
        w.gives("t2 exit()", "0");
        w.failsUnchanged("t2 exit()", ESRCH);
    }
}
