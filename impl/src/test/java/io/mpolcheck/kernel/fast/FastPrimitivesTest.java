package io.mpolcheck.kernel.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The semantics of the benchmark's fast primitives, each against what its kernel function
 * guarantees: percpu_ref counting, kill and release; the rwsem's reader/writer exclusion; the
 * spinlock's mutual exclusion; a grace period waiting for a reader. Fast (well under 2 s): the
 * concurrent cases are small and bounded.
 *
 * <pre>
 * mvn -B -q -pl impl -am test -Dtest=FastPrimitivesTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class FastPrimitivesTest {

    /* --------------- percpu_ref --------------- */

    @Test
    void percpuGetPut_countersSumToTheCountAndLeaveTheAtomicAlone() {
        AtomicInteger releases = new AtomicInteger();
        PercpuRefFast ref = new PercpuRefFast(2, releases::incrementAndGet);
        RcuReaderFast rcu = new RcuDomainFast().newReader();

        ref.get(rcu, 0);
        assertThat(ref.tryget(rcu, 0)).isTrue();
        ref.put(rcu, 1);

        assertThat(ref.percpuCounter(0)).isEqualTo(2);
        assertThat(ref.percpuCounter(1)).isEqualTo(-1);
        assertThat(ref.atomicCount()).isEqualTo(PercpuRefFast.PERCPU_COUNT_BIAS + 1);
        assertThat(ref.references()).isEqualTo(2);
        assertThat(ref.isPercpu()).isTrue();
        assertThat(releases).hasValue(0);
        assertThat(rcu.inReadSection()).isFalse();
    }

    @Test
    void kill_switchesToAtomicAndTheLastPutReleasesExactlyOnce() {
        AtomicInteger releases = new AtomicInteger();
        PercpuRefFast ref = new PercpuRefFast(2, releases::incrementAndGet);
        RcuDomainFast domain = new RcuDomainFast();
        RcuReaderFast cpu0 = domain.newReader();
        RcuReaderFast cpu1 = domain.newReader();
        ref.get(cpu0, 0);
        ref.get(cpu1, 1);

        ref.kill(domain);

        assertThat(ref.isPercpu()).isFalse();
        assertThat(ref.isDying()).isTrue();
        assertThat(ref.atomicCount()).isEqualTo(2);
        ref.put(cpu0, 0);
        assertThat(releases).hasValue(0);
        ref.put(cpu1, 1);
        assertThat(releases).hasValue(1);
        assertThat(ref.atomicCount()).isZero();
    }

    @Test
    void tryget_afterKillSucceedsUntilZeroThenFails() {
        AtomicInteger releases = new AtomicInteger();
        PercpuRefFast ref = new PercpuRefFast(2, releases::incrementAndGet);
        RcuDomainFast domain = new RcuDomainFast();
        RcuReaderFast rcu = domain.newReader();
        ref.get(rcu, 0);
        ref.kill(domain);

        assertThat(ref.tryget(rcu, 1)).as("tryget (not _live) on a killed, unreleased ref").isTrue();
        ref.put(rcu, 1);
        ref.put(rcu, 0);

        assertThat(releases).hasValue(1);
        assertThat(ref.tryget(rcu, 0)).as("inc_not_zero at 0").isFalse();
        assertThat(ref.atomicCount()).isZero();
        assertThat(releases).hasValue(1);
    }

    @Test
    void kill_withNoOtherHolderReleasesInTheSwitch() {
        AtomicInteger releases = new AtomicInteger();
        PercpuRefFast ref = new PercpuRefFast(2, releases::incrementAndGet);

        ref.kill(new RcuDomainFast());

        assertThat(releases).hasValue(1);
        assertThat(ref.atomicCount()).isZero();
    }

    @Test
    void kill_twiceIsRefused() {
        PercpuRefFast ref = new PercpuRefFast(2, () -> {});
        RcuDomainFast domain = new RcuDomainFast();
        RcuReaderFast rcu = domain.newReader();
        ref.get(rcu, 0);
        ref.kill(domain);

        assertThatThrownBy(() -> ref.kill(domain)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than once");
    }

    @Test
    void put_concurrentlyAfterKillReleasesExactlyOnce() throws InterruptedException {
        for (int round = 0; round < 100; round++) {
            AtomicInteger releases = new AtomicInteger();
            PercpuRefFast ref = new PercpuRefFast(2, releases::incrementAndGet);
            RcuDomainFast domain = new RcuDomainFast();
            RcuReaderFast cpu0 = domain.newReader();
            RcuReaderFast cpu1 = domain.newReader();
            runConcurrently(() -> repeat(50, () -> ref.get(cpu0, 0)), () -> repeat(50, () -> ref.get(cpu1, 1)));
            ref.kill(domain);

            runConcurrently(() -> repeat(50, () -> ref.put(cpu0, 0)), () -> repeat(50, () -> ref.put(cpu1, 1)));

            assertThat(releases).as("round %d", round).hasValue(1);
            assertThat(ref.atomicCount()).isZero();
        }
    }

    /* --------------- rw_semaphore --------------- */

    @Test
    void rwsem_readersShareAndExcludeAWriter() {
        RwSemaphoreFast sem = new RwSemaphoreFast();
        sem.downRead(4);
        assertThat(sem.tryDownRead(8)).isTrue();
        assertThat(sem.readers()).isEqualTo(2);
        assertThat(sem.tryDownWrite(12)).isFalse();

        sem.upRead();
        sem.upRead();
        assertThat(sem.tryDownWrite(12)).isTrue();
        assertThat(sem.tryDownRead(4)).isFalse();
        assertThat(sem.readers()).as("a failed reader backs its bias out").isZero();

        sem.upWrite();
        assertThat(sem.isWriteLocked()).isFalse();
        assertThat(sem.tryDownRead(4)).isTrue();
        sem.upRead();
    }

    @Test
    void rwsem_readersNeverSeeAWriterHalfway() throws InterruptedException {
        RwSemaphoreFast sem = new RwSemaphoreFast();
        int[] pair = new int[2];
        AtomicInteger torn = new AtomicInteger();
        Runnable writer = () -> {
            for (int i = 1; i <= 2_000; i++) {
                sem.downWrite(4);
                pair[0] = i;
                pair[1] = i;
                sem.upWrite();
            }
        };
        Runnable reader = () -> {
            for (int i = 0; i < 20_000; i++) {
                sem.downRead(8);
                if (pair[0] != pair[1]) {
                    torn.incrementAndGet();
                }
                sem.upRead();
            }
        };

        runConcurrently(writer, reader, reader);

        assertThat(torn).hasValue(0);
        assertThat(pair).containsExactly(2_000, 2_000);
        assertThat(sem.readers()).isZero();
        assertThat(sem.isWriteLocked()).isFalse();
    }

    /* --------------- spinlock --------------- */

    @Test
    void spinLock_excludesOtherLockers() throws InterruptedException {
        SpinLockFast lock = new SpinLockFast();
        int[] counter = new int[1];
        Runnable increments = () -> repeat(100_000, () -> {
            lock.lock();
            counter[0]++;
            lock.unlock();
        });

        runConcurrently(increments, increments);

        assertThat(counter[0]).isEqualTo(200_000);
        assertThat(lock.isLocked()).isFalse();
        assertThat(lock.tryLock()).isTrue();
        assertThat(lock.tryLock()).isFalse();
    }

    /* --------------- RCU --------------- */

    @Test
    void synchronizeRcu_waitsForTheOutermostUnlock() throws InterruptedException {
        RcuDomainFast domain = new RcuDomainFast();
        RcuReaderFast reader = domain.newReader();
        reader.readLock();
        reader.readLock();
        reader.readUnlock();
        Thread gracePeriod = new Thread(domain::synchronizeRcu);
        gracePeriod.start();

        gracePeriod.join(100);
        assertThat(gracePeriod.isAlive()).as("grace period while a reader is inside").isTrue();
        reader.readUnlock();
        gracePeriod.join(2_000);

        assertThat(gracePeriod.isAlive()).isFalse();
        assertThat(reader.nesting()).isZero();
    }

    /* --------------- helpers --------------- */

    static void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }

    /** Runs the actions on threads of their own, started together; fails after 5 s. */
    static void runConcurrently(Runnable... actions) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[actions.length];
        for (int i = 0; i < actions.length; i++) {
            Runnable action = actions[i];
            threads[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                action.run();
            });
            threads[i].start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(5_000);
            assertThat(thread.isAlive()).as("thread still running after 5 s").isFalse();
        }
    }
}
