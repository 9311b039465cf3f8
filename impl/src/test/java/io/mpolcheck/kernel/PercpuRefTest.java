package io.mpolcheck.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mpolcheck.report.ViolationClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PercpuRef} sequentially, with grace periods driven by hand (concurrency: {@link PercpuRefLincheckTest}). */
class PercpuRefTest {
    private final Rcu rcu = new Rcu(2);
    private final List<String> events = new ArrayList<>();
    private PercpuRef ref;

    @BeforeEach
    void init() {
        OpContext.enter(0, "t0 mpol_new()");
        ref = new PercpuRef("mpol#1->refcnt", rcu, 2, () -> events.add("release"));
        OpContext.enter(1, "t1 mbind()");
    }

    @AfterEach
    void exit() {
        OpContext.exit();
    }

    @Test
    void init_isPercpuModeWithOneReference() {
        assertThat(ref.refs()).isEqualTo(1);
        assertThat(ref.isZero()).isFalse();
        assertThat(ref.isDying()).isFalse();
        assertThat(ref.isReleased()).isFalse();
        assertThat(ref.toString()).isEqualTo("percpu_ref(mpol#1->refcnt, percpu)");
    }

    @Test
    void percpuMode_slotsMayGoNegative_onlyTheSumCounts_andNothingSeesZero() {
        ref.get(0);
        ref.put(1);
        ref.put(1);
        assertThat(ref.refs()).as("1 + 1 - 2").isZero();
        assertThat(ref.isZero()).as("percpu mode never reports zero").isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void tryget_andTrygetLive_alwaysSucceedInPercpuMode() {
        assertThat(ref.tryget(0)).isTrue();
        assertThat(ref.trygetLive(1)).isTrue();
        assertThat(ref.refs()).isEqualTo(3);
    }

    @Test
    void kill_switchesAfterAGracePeriod_thenTheLastPutReleases() {
        ref.get(0);
        ref.kill();
        assertThat(ref.isDying()).isTrue();
        assertThat(ref.isSwitchPending()).isTrue();
        assertThat(ref.isZero()).isFalse();
        assertThat(ref.refs()).as("the initial ref dropped, the transition ref held").isEqualTo(2);

        assertThat(rcu.tryGracePeriod()).isTrue();
        assertThat(ref.isSwitchPending()).isFalse();
        assertThat(ref.refs()).as("the transition ref dropped").isEqualTo(1);
        assertThat(events).isEmpty();

        ref.put(1);
        assertThat(events).containsExactly("release");
        assertThat(ref.isZero()).isTrue();
        assertThat(ref.isReleased()).isTrue();
        ref.checkReleasedAtTeardown();
    }

    @Test
    void kill_ofTheLastReference_releasesFromTheRcuCallback() {
        ref.kill();
        assertThat(events).isEmpty();
        rcu.barrier();
        assertThat(events).containsExactly("release");
        assertThat(ref.isZero()).isTrue();
    }

    @Test
    void killedNotYetReleased_trygetSucceeds_trygetLiveFails() {
        ref.kill();
        assertThat(ref.tryget(0)).as("inc_not_zero on a killed ref").isTrue();
        assertThat(ref.trygetLive(0)).as("dead").isFalse();
        rcu.barrier();
        assertThat(ref.tryget(1)).isTrue();
        assertThat(ref.trygetLive(1)).isFalse();
        ref.put(0);
        ref.put(1);
        assertThat(events).containsExactly("release");
        assertThat(ref.tryget(0)).as("inc_not_zero at 0").isFalse();
    }

    @Test
    void killAndConfirm_confirmsAfterTheGracePeriod_beforeTheTransitionPut() {
        ref.killAndConfirm(() -> events.add("confirm"));
        assertThat(events).isEmpty();
        rcu.barrier();
        assertThat(events).containsExactly("confirm", "release");
    }

    @Test
    void theSwitchWaitsForAFastPathInsideItsSection() {
        rcu.readLock(0); // a percpu_ref_get on CPU 0 that has seen percpu mode, not yet added
        ref.kill();
        assertThat(rcu.tryGracePeriod()).isFalse();
        assertThat(ref.isSwitchPending()).isTrue();
        rcu.readUnlock(0);
        assertThat(rcu.tryGracePeriod()).isTrue();
        assertThat(ref.isSwitchPending()).isFalse();
    }

    @Test
    void get_afterRelease_isAnAdditionOnZero() {
        ref.kill();
        rcu.barrier();
        OpContext.enter(2, "t2 mpol_get()");
        LifetimeViolation v = catchThrowableOfType(LifetimeViolation.class, () -> ref.get(1));
        assertThat(v.violationClass()).isEqualTo(ViolationClass.REFCOUNT_INC_FROM_ZERO);
        assertThat(v.getMessage()).isEqualTo("""
                percpu_ref: addition on 0; use-after-free.
                percpu_ref_get on mpol#1->refcnt by task t2 during: t2 mpol_get()
                """);
        assertThat(ref.refs()).isZero();
        assertThat(ref.sink().first()).containsSame(v);
        assertThat(rcu.isReading(1)).as("the fast path left its section").isFalse();
    }

    @Test
    void put_afterRelease_isAnUnderflow() {
        ref.kill();
        rcu.barrier();
        LifetimeViolation v = catchThrowableOfType(LifetimeViolation.class, () -> ref.put(0));
        assertThat(v.violationClass()).isEqualTo(ViolationClass.REFCOUNT_UNDERFLOW);
        assertThat(v.getMessage()).isEqualTo("""
                percpu_ref: underflow; use-after-free.
                percpu_ref_put on mpol#1->refcnt by task t1 during: t1 mbind()
                """);
        assertThat(events).containsExactly("release");
    }

    @Test
    void killTwice_warns_andChangesNothing() {
        ref.get(0);
        ref.kill();
        LifetimeViolation v = catchThrowableOfType(LifetimeViolation.class, ref::kill);
        assertThat(v.violationClass()).isEqualTo(ViolationClass.REFCOUNT_UNDERFLOW);
        assertThat(v.getMessage()).isEqualTo("""
                WARNING: percpu_ref_kill_and_confirm called more than once on mpol#1->refcnt!
                by task t1 during: t1 mbind()
                """);
        rcu.barrier();
        assertThat(ref.refs()).as("the second kill dropped nothing").isEqualTo(1);
        assertThat(rcu.pendingCallbacks()).isZero();
    }

    @Test
    void tooManyPutsInPercpuMode_warnAtTheSwitch_andNothingIsReleased() {
        ref.put(0);
        ref.put(0);
        ref.kill();
        OpContext.enter(3, "t3 rcu_core()");
        LifetimeViolation v = catchThrowableOfType(LifetimeViolation.class, rcu::barrier);
        assertThat(v.violationClass()).isEqualTo(ViolationClass.REFCOUNT_UNDERFLOW);
        assertThat(v.getMessage()).isEqualTo("""
                WARNING: percpu ref (mpol#1->refcnt) <= 0 (-1) after switching to atomic
                by task t3 during: t3 rcu_core()
                """);
        assertThat(events).isEmpty();
        assertThat(ref.isSwitchPending()).isFalse();
        assertThat(ref.refs()).isEqualTo(-1);
    }

    @Test
    void teardown_neverKilled_isALeak() {
        ref.get(0);
        ref.put(0);
        LifetimeViolation v = catchThrowableOfType(LifetimeViolation.class, ref::checkReleasedAtTeardown);
        assertThat(v.violationClass()).isEqualTo(ViolationClass.LEAK);
        assertThat(v.getMessage()).isEqualTo("""
                kmemleak: 1 new suspected memory leak
                unreferenced object with percpu_ref mpol#1->refcnt (never killed: still in percpu mode, release can never run):
                  initialised by task t0 during: t0 mpol_new()
                """);
    }

    @Test
    void teardown_killedButSwitchPending_orReferencesLeft_isALeak() {
        ref.get(0);
        ref.kill();
        assertThat(catchThrowableOfType(LifetimeViolation.class, ref::checkReleasedAtTeardown).getMessage())
                .contains("(killed; the switch to atomic mode still waits for an RCU grace period)");
        rcu.barrier();
        LifetimeViolation v = catchThrowableOfType(LifetimeViolation.class, ref::checkReleasedAtTeardown);
        assertThat(v.violationClass()).isEqualTo(ViolationClass.LEAK);
        assertThat(v.getMessage()).contains("(killed; count 1, release not called)");
        ref.put(0);
        ref.checkReleasedAtTeardown();
        assertThat(ref.sink().all()).hasSize(2);
    }

    @Test
    void moreCpusThanRcuReaders_isIllegal() {
        assertThatThrownBy(() -> new PercpuRef("r", rcu, 3, () -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpus must be in 1..2 (the rcu's readers): 3");
    }

    /**
     * Entry 18's release: {@code percpu_ref_exit} + {@code kfree_rcu}. A reader that found the
     * policy under {@code rcu_read_lock} just before the last put may still {@code tryget} it
     * (and fail) because the memory outlives the release by a grace period.
     */
    @Test
    void entry18_releaseWithKfreeRcu_keepsTheMemoryForReadersInside() {
        PolicyHeap heap = new PolicyHeap(1);
        var p = heap.alloc(io.mpolcheck.model.Mempolicy.of(io.mpolcheck.model.Mode.MPOL_LOCAL,
                io.mpolcheck.model.NodeMask.EMPTY));
        PercpuRef pref = new PercpuRef("mpol#1->refcnt", rcu, 2, () -> rcu.kfreeRcu(p, heap));
        pref.kill();
        rcu.barrier(); // switched; released; kfree_rcu queued
        assertThat(pref.isReleased()).isTrue();
        assertThat(heap.isFreed(p)).isFalse();

        rcu.readLock(1); // get_task_mpol: rcu_read_lock; pol = rcu_dereference(...)
        rcu.dereference(1, p);
        assertThat(pref.tryget(1)).isFalse();
        assertThat(rcu.tryGracePeriod()).isFalse();
        rcu.readUnlock(1);
        rcu.barrier();
        assertThat(heap.isFreed(p)).isTrue();
        assertThat(heap.firstViolation()).isEmpty();
    }
}
