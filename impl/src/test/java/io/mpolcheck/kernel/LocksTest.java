package io.mpolcheck.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@link MmapLock} and {@link TaskLock} misuse and blocking, on real threads (exclusion itself is checked by Lincheck). */
class LocksTest {

    /* --------------- MmapLock --------------- */

    @Test
    void mmap_unlockWithoutLock_isIllegal() {
        MmapLock lock = new MmapLock();
        assertThatThrownBy(lock::readUnlock).isInstanceOf(IllegalStateException.class)
                .hasMessage("mmap_read_unlock without mmap_read_lock");
        assertThatThrownBy(lock::writeUnlock).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(lock::writeDowngrade).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void mmap_writeUnlockByAnotherThread_isIllegal() throws InterruptedException {
        MmapLock lock = new MmapLock();
        lock.writeLock();
        Throwable[] seen = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                lock.writeUnlock();
            } catch (IllegalStateException expected) {
                seen[0] = expected;
            }
        });
        other.start();
        other.join();
        assertThat(seen[0]).isInstanceOf(IllegalStateException.class);
        lock.writeUnlock();
    }

    @Test
    void mmap_assertions() {
        MmapLock lock = new MmapLock();
        assertThatThrownBy(lock::assertLocked).isInstanceOf(IllegalStateException.class);
        lock.readLock();
        lock.assertLocked();
        assertThatThrownBy(lock::assertWriteLocked).isInstanceOf(IllegalStateException.class);
        lock.readUnlock();
        lock.writeLock();
        lock.assertWriteLocked();
        lock.assertLocked();
        lock.writeDowngrade();
        assertThatThrownBy(lock::assertWriteLocked).isInstanceOf(IllegalStateException.class);
        lock.assertLocked();
        lock.readUnlock();
    }

    @Test
    void mmap_readersShare_writerWaitsForThem() throws InterruptedException {
        MmapLock lock = new MmapLock();
        lock.readLock();
        Thread reader = new Thread(() -> {
            lock.readLock();
            lock.readUnlock();
        });
        reader.start();
        reader.join(5_000);
        assertThat(reader.isAlive()).as("a second reader gets in").isFalse();

        AtomicBoolean wrote = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            lock.writeLock();
            wrote.set(true);
            lock.writeUnlock();
        });
        writer.start();
        awaitWaiting(writer);
        assertThat(wrote).isFalse();
        assertThat(lock.tryReadLock()).as("readers queue behind a waiting writer").isFalse();
        lock.readUnlock();
        writer.join(5_000);
        assertThat(wrote).isTrue();
        assertThat(lock.tryReadLock()).isTrue();
        lock.readUnlock();
    }

    /* --------------- TaskLock --------------- */

    @Test
    void task_unlockWithoutLock_isIllegal() {
        TaskLock lock = new TaskLock();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalStateException.class)
                .hasMessage("task_unlock without task_lock by this thread");
        assertThatThrownBy(lock::assertHeld).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void task_excludesAnotherThreadUntilUnlocked() throws InterruptedException {
        TaskLock lock = new TaskLock();
        lock.lock();
        lock.assertHeld();
        AtomicBoolean entered = new AtomicBoolean();
        Thread other = new Thread(() -> {
            lock.lock();
            entered.set(true);
            lock.unlock();
        });
        other.start();
        awaitWaiting(other);
        assertThat(entered).isFalse();
        lock.unlock();
        other.join(5_000);
        assertThat(entered).isTrue();
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void task_recursiveLock_blocksForEver() throws InterruptedException {
        TaskLock lock = new TaskLock();
        Thread self = new Thread(() -> {
            lock.lock();
            lock.lock();
        });
        self.setDaemon(true); // it never returns: the thread is abandoned
        self.start();
        awaitWaiting(self);
        assertThat(lock.isLocked()).isTrue();
    }

    /** Waits until {@code t} is parked in {@code wait()}. */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        for (int i = 0; i < 500 && t.getState() != Thread.State.WAITING; i++) {
            Thread.sleep(10);
        }
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
    }
}
