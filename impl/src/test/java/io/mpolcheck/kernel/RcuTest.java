package io.mpolcheck.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.report.ViolationClass;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Rcu}: grace periods step by step, the blocking waits on real threads, and the lifetime check. */
class RcuTest {
    private final Rcu rcu = new Rcu(3);
    private final List<String> ran = new ArrayList<>();

    @AfterEach
    void exit() {
        OpContext.exit();
    }

    private Runnable callback(String name) {
        return () -> ran.add(name);
    }

    @Test
    void sections_nestPerReader() {
        rcu.readLock(1);
        rcu.readLock(1);
        rcu.readUnlock(1);
        assertThat(rcu.isReading(1)).isTrue();
        assertThat(rcu.isReading(0)).isFalse();
        rcu.readUnlock(1);
        assertThat(rcu.isReading(1)).isFalse();
    }

    @Test
    void misuse_isIllegal() {
        assertThatThrownBy(() -> rcu.readUnlock(0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("rcu_read_unlock without rcu_read_lock by rcu reader 0");
        assertThatThrownBy(() -> rcu.dereference(2, "x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("suspicious RCU usage: rcu_dereference() outside rcu_read_lock() by rcu reader 2");
        assertThatThrownBy(() -> rcu.readLock(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no rcu reader 3 (readers 0..2)");
        assertThatThrownBy(() -> new Rcu(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gracePeriod_withNoReaders_completesInOneStep_andRunsCallbacksInOrder() {
        rcu.callRcu(callback("a"));
        rcu.callRcu(callback("b"));
        assertThat(rcu.pendingCallbacks()).isEqualTo(2);
        assertThat(ran).isEmpty();
        assertThat(rcu.tryGracePeriod()).isTrue();
        assertThat(ran).containsExactly("a", "b");
        assertThat(rcu.pendingCallbacks()).isZero();
        assertThat(rcu.completedGracePeriods()).isEqualTo(1);
    }

    @Test
    void gracePeriod_waitsForAReaderInsideWhenItStarted() {
        rcu.readLock(0);
        rcu.callRcu(callback("cb"));
        assertThat(rcu.tryGracePeriod()).isFalse();
        assertThat(rcu.tryGracePeriod()).isFalse();
        assertThat(ran).isEmpty();
        assertThat(rcu.toString()).isEqualTo("rcu(readers inside=[0], gp running, completed=0, callbacks pending=1)");
        rcu.readUnlock(0);
        assertThat(rcu.tryGracePeriod()).isTrue();
        assertThat(ran).containsExactly("cb");
    }

    @Test
    void gracePeriod_isNotHeldUpByReadersThatEnteredAfterItStarted() {
        rcu.readLock(0);
        rcu.callRcu(callback("cb"));
        assertThat(rcu.tryGracePeriod()).isFalse(); // started; waits for reader 0
        rcu.readLock(1);
        rcu.readUnlock(0);
        rcu.readLock(0); // a new section of reader 0
        assertThat(rcu.tryGracePeriod()).isTrue();
        assertThat(ran).containsExactly("cb");
        assertThat(rcu.isReading(0)).isTrue();
        assertThat(rcu.isReading(1)).isTrue();
    }

    @Test
    void gracePeriod_waitsForTheOutermostUnlockOfANestedSection() {
        rcu.readLock(0);
        rcu.readLock(0);
        rcu.callRcu(callback("cb"));
        assertThat(rcu.tryGracePeriod()).isFalse();
        rcu.readUnlock(0);
        assertThat(rcu.tryGracePeriod()).isFalse();
        rcu.readUnlock(0);
        assertThat(rcu.tryGracePeriod()).isTrue();
        assertThat(ran).containsExactly("cb");
    }

    @Test
    void callbackQueuedWhileAGracePeriodRuns_waitsForTheNextOne() {
        rcu.readLock(0);
        assertThat(rcu.tryGracePeriod()).isFalse(); // started before the call below
        rcu.callRcu(callback("late"));
        rcu.readUnlock(0);
        assertThat(rcu.tryGracePeriod()).isTrue();
        assertThat(ran).as("its grace period started before call_rcu").isEmpty();
        assertThat(rcu.tryGracePeriod()).isTrue();
        assertThat(ran).containsExactly("late");
    }

    @Test
    void callbackMayQueueMore_forALaterGracePeriod() {
        rcu.callRcu(() -> {
            ran.add("first");
            rcu.callRcu(callback("second"));
        });
        rcu.tryGracePeriod();
        assertThat(ran).containsExactly("first");
        rcu.tryGracePeriod();
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void callbackThatThrows_propagates_andTheNextRunsLater() {
        rcu.callRcu(() -> {
            throw new IllegalStateException("boom");
        });
        rcu.callRcu(callback("next"));
        assertThatThrownBy(rcu::tryGracePeriod).hasMessage("boom");
        assertThat(ran).isEmpty();
        assertThat(rcu.pendingCallbacks()).isEqualTo(1);
        rcu.tryGracePeriod();
        assertThat(ran).containsExactly("next");
    }

    @Test
    void synchronize_blocksUntilTheReaderLeaves() throws InterruptedException {
        rcu.readLock(0);
        CountDownLatch done = new CountDownLatch(1);
        Thread updater = new Thread(() -> {
            rcu.synchronize();
            done.countDown();
        });
        updater.start();
        assertThat(done.await(200, TimeUnit.MILLISECONDS)).isFalse();
        rcu.readUnlock(0);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        updater.join();
        assertThat(rcu.completedGracePeriods()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void synchronize_startedDuringARunningGracePeriod_waitsForAWholeNewOne() {
        rcu.readLock(0);
        rcu.tryGracePeriod(); // running, started before synchronize
        rcu.readUnlock(0);
        rcu.synchronize();
        assertThat(rcu.completedGracePeriods()).isEqualTo(2);
    }

    @Test
    void barrier_runsEveryCallbackQueuedBefore_evenOnesQueuedDuringARunningGracePeriod()
            throws InterruptedException {
        rcu.readLock(0);
        rcu.tryGracePeriod();
        rcu.callRcu(callback("a"));
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            rcu.barrier();
            done.countDown();
        });
        t.start();
        assertThat(done.await(200, TimeUnit.MILLISECONDS)).isFalse();
        rcu.readUnlock(0);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        t.join();
        assertThat(ran).containsExactly("a");
        rcu.barrier(); // nothing queued: returns at once
    }

    @Test
    void checkFree_ofAnObjectAReaderStillInsideDereferenced_isAUseAfterFree() {
        String obj = "node#1";
        OpContext.enter(1, "t1 walk()");
        rcu.readLock(1);
        assertThat(rcu.dereference(1, obj)).isSameAs(obj);
        rcu.readLock(2);
        OpContext.enter(0, "t0 remove()");
        LifetimeViolation v = catchThrowableOfType(LifetimeViolation.class, () -> rcu.checkFree(obj));
        assertThat(v.violationClass()).isEqualTo(ViolationClass.USE_AFTER_FREE);
        assertThat(v.getMessage()).isEqualTo("""
                BUG: RCU: node#1 freed while an RCU reader that dereferenced it is still inside its read-side critical section
                Free by task t0 during: t0 remove()
                Dereferenced by task t1 during: t1 walk() (rcu reader 1)
                """);
        assertThat(rcu.firstViolation()).containsSame(v);

        rcu.readUnlock(1);
        rcu.checkFree(obj); // the reader has left: fine
        rcu.checkFree("never seen");
        assertThat(rcu.sink().all()).hasSize(1);
    }

    @Test
    void heapWithRcu_putToZeroWhileAReaderHoldsThePolicy_isAUseAfterFree_andFrees() {
        PolicyHeap heap = new PolicyHeap(2).withRcu(rcu);
        OpContext.enter(0, "t0 set_mempolicy(MPOL_BIND, {0-1}, 65)");
        KPolicy p = heap.alloc(Mempolicy.of(Mode.MPOL_BIND, NodeMask.of(0, 1)));
        OpContext.enter(1, "t1 get_task_mpol(t0)");
        rcu.readLock(1);
        rcu.dereference(1, p);
        OpContext.enter(0, "t0 set_mempolicy(MPOL_DEFAULT, NULL, 0)");
        LifetimeViolation v = catchThrowableOfType(LifetimeViolation.class, () -> heap.put(p));
        assertThat(v.getMessage()).isEqualTo("""
                BUG: RCU: mpol#1 (bind:0-1) freed while an RCU reader that dereferenced it is still inside its read-side critical section
                Free by task t0 during: t0 set_mempolicy(MPOL_DEFAULT, NULL, 0)
                Dereferenced by task t1 during: t1 get_task_mpol(t0) (rcu reader 1)
                Allocated by task t0 during: t0 set_mempolicy(MPOL_BIND, {0-1}, 65)
                """);
        assertThat(heap.firstViolation()).containsSame(v);
        assertThat(heap.isFreed(p)).isTrue();
    }

    @Test
    void heapWithoutRcu_isUnchanged() {
        PolicyHeap heap = new PolicyHeap(1);
        KPolicy p = heap.alloc(Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
        rcu.readLock(0);
        rcu.dereference(0, p);
        heap.put(p);
        assertThat(heap.isFreed(p)).isTrue();
        assertThat(heap.firstViolation()).isEmpty();
    }

    @Test
    void kfreeRcu_freesAfterTheReadersThatCouldSeeIt() {
        PolicyHeap heap = new PolicyHeap(1);
        KPolicy p = heap.alloc(Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
        rcu.readLock(0);
        rcu.dereference(0, p);
        rcu.kfreeRcu(p, heap); // unpublished before: only readers already inside can hold it
        assertThat(rcu.tryGracePeriod()).isFalse();
        assertThat(heap.isFreed(p)).isFalse();
        assertThat(heap.read(p).mode()).isEqualTo(Mode.MPOL_LOCAL);
        rcu.readUnlock(0);
        assertThat(rcu.tryGracePeriod()).isTrue();
        assertThat(heap.isFreed(p)).isTrue();
        assertThat(heap.firstViolation()).isEmpty();
    }

    /**
     * The object is still published after {@code kfree_rcu}: a reader that enters after the
     * grace period started finds it and is still inside when the grace period ends. The free in
     * the callback reports it, in the heap's sink.
     */
    @Test
    void kfreeRcu_ofAnObjectStillPublished_isReportedAtTheFree() {
        PolicyHeap heap = new PolicyHeap(1);
        OpContext.enter(0, "t0 mbind()");
        KPolicy p = heap.alloc(Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
        rcu.readLock(0);
        rcu.kfreeRcu(p, heap);
        assertThat(rcu.tryGracePeriod()).isFalse();
        OpContext.enter(2, "t2 fault()");
        rcu.readLock(2);
        rcu.dereference(2, p);
        rcu.readUnlock(0);
        OpContext.enter(1, "t1 rcu_core()");
        LifetimeViolation v = catchThrowableOfType(LifetimeViolation.class, rcu::tryGracePeriod);
        assertThat(v.violationClass()).isEqualTo(ViolationClass.USE_AFTER_FREE);
        assertThat(v.getMessage()).isEqualTo("""
                BUG: RCU: mpol#1 (local) freed while an RCU reader that dereferenced it is still inside its read-side critical section
                Free by task t1 during: t1 rcu_core()
                Dereferenced by task t2 during: t2 fault() (rcu reader 2)
                Allocated by task t0 during: t0 mbind()
                """);
        assertThat(heap.firstViolation()).containsSame(v);
    }
}
