package io.mpolcheck.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.Result;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The deferred-free schemes, one task at a time: a replaced task policy stays allocated until the
 * event its scheme waits for — the target's own return to user mode ({@code task_work}), an RCU
 * grace period ({@code kfree_rcu}), a grace period for the {@code percpu_ref} switch and one more
 * for {@code kfree_rcu} — and everything is gone once every task has exited and the scheme is
 * quiescent. What user space sees is the model's, whatever the scheme.
 */
class DeferredFreeSchemesTest {
    static final WorldConfig WORLD = WorldConfig.parse("nodes=2 processes=2,1 max-tasks=4 pages=16");

    private final PolicyHeap heap = new PolicyHeap(WORLD.nodes());

    private Result run(PolicyScheme scheme, String line) {
        return scheme.apply(OpFormat.parse(line));
    }

    private KPolicy replacedTaskPolicy(PolicyScheme scheme) {
        run(scheme, "t0 set_mempolicy(MPOL_BIND, {0}, 65)");
        KPolicy old = heap.liveDynamic().get(0);
        assertThat(run(scheme, "t2 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)")).hasToString("0");
        assertThat(heap.isFreed(old)).as("freed by the remote install itself").isFalse();
        return old;
    }

    private void exitAllAndQuiesce(PolicyScheme scheme) {
        for (int t = 0; t < WORLD.maxTasks(); t++) {
            run(scheme, "t" + t + " exit()");
        }
        scheme.quiesce();
        assertThat(heap.liveDynamic()).isEmpty();
        assertThat(heap.violations()).isEmpty();
    }

    @Test
    void taskWork_freesTheOldPolicyWhenTheTargetReturnsToUserMode() {
        PolicyScheme scheme = new TaskWorkDeferredFree2022Scheme(WORLD, heap);
        KPolicy old = replacedTaskPolicy(scheme);
        run(scheme, "t2 return_to_user()");
        assertThat(heap.isFreed(old)).as("after the installer's own return").isFalse();
        run(scheme, "t0 alloc_page()");
        run(scheme, "t0 return_to_user()");
        assertThat(heap.isFreed(old)).as("after the target's return").isTrue();
        exitAllAndQuiesce(scheme);
    }

    @Test
    void taskWork_afterTheTargetsExit_theInstallIsRefused() {
        PolicyScheme scheme = new TaskWorkDeferredFree2022Scheme(WORLD, heap);
        run(scheme, "t0 set_mempolicy(MPOL_BIND, {0}, 65)");
        run(scheme, "t0 exit()");
        assertThat(run(scheme, "t2 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)")).hasToString("-1 ESRCH (No such process)");
        exitAllAndQuiesce(scheme);
    }

    @Test
    void rcu_freesTheOldPolicyAfterAGracePeriod() {
        PolicyScheme scheme = new RcuDeferredFreeScheme(WORLD, heap);
        KPolicy old = replacedTaskPolicy(scheme);
        run(scheme, "t0 alloc_page()");
        assertThat(heap.isFreed(old)).isFalse();
        run(scheme, "t1 rcu_grace_period()");
        assertThat(heap.isFreed(old)).isTrue();
        exitAllAndQuiesce(scheme);
    }

    @Test
    void percpuRef_releasesAfterTheSwitchAndFreesAfterOneMoreGracePeriod() {
        PolicyScheme scheme = new PercpuRefKillDrainScheme(WORLD, heap);
        KPolicy old = replacedTaskPolicy(scheme);
        run(scheme, "t1 rcu_grace_period()");
        assertThat(heap.isFreed(old)).as("the switch to atomic mode queues kfree_rcu").isFalse();
        run(scheme, "t1 rcu_grace_period()");
        assertThat(heap.isFreed(old)).isTrue();
        exitAllAndQuiesce(scheme);
    }

    @Test
    void percpuRefWithoutKill_neverReleases_andQuiescenceReportsTheRef() {
        PolicyScheme scheme = new PercpuRefNoKill2022Scheme(WORLD, heap);
        KPolicy old = replacedTaskPolicy(scheme);
        run(scheme, "t1 rcu_grace_period()");
        run(scheme, "t1 rcu_grace_period()");
        assertThat(heap.isFreed(old)).isFalse();
        for (int t = 0; t < WORLD.maxTasks(); t++) {
            run(scheme, "t" + t + " exit()");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(scheme::quiesce)
                .hasMessageContaining("mpol#1->refcnt").hasMessageContaining("never killed");
    }

    @Test
    void everyNewScheme_givesTheModelsResults() {
        List<BiFunction<WorldConfig, PolicyHeap, PolicyScheme>> schemes = List.of(TaskLockAlwaysRefScheme::new,
                TaskWorkDeferredFree2022Scheme::new, RcuDeferredFreeScheme::new, PercpuRefKillDrainScheme::new,
                NumaMapsHoldTaskPolicy2012Scheme::new, ExitClearThenPut2016Scheme::new,
                VmaWriteLockBeforeReplace2023Scheme::new);
        for (BiFunction<WorldConfig, PolicyHeap, PolicyScheme> make : schemes) {
            PolicyHeap h = new PolicyHeap(WORLD.nodes());
            PolicyScheme scheme = make.apply(WORLD, h);
            scheme.apply(OpFormat.parse("t0 mmap(0x2000, 0x4000, anon)"));
            scheme.apply(OpFormat.parse("t0 mbind(0x2000, 0x1000, MPOL_BIND, {1}, 65, 0)"));
            scheme.apply(OpFormat.parse("t2 pidfd_set_mempolicy(t0, MPOL_PREFERRED, {1}, 65, 0)"));
            assertThat(scheme.apply(OpFormat.parse("t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0)")))
                    .as(scheme.getClass().getSimpleName()).hasToString("0 [mode=MPOL_PREFERRED, nmask={1}]");
            assertThat(scheme.apply(OpFormat.parse("t0 alloc_page(0x2000)"))).hasToString("node 1");
            assertThat(scheme.apply(OpFormat.parse("t2 numa_maps(t0)")).toString()).contains("bind:1");
            for (int t = 0; t < WORLD.maxTasks(); t++) {
                scheme.apply(OpFormat.parse("t" + t + " exit()"));
            }
            scheme.quiesce();
            assertThat(h.liveDynamic()).as(scheme.getClass().getSimpleName()).isEmpty();
            assertThat(h.violations()).isEmpty();
        }
    }
}
