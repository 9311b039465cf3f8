package io.mpolcheck.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link VmaLock} and its link to {@link MmapLock}'s {@code mm_lock_seq}, sequentially and on real threads. */
class VmaLockTest {
    private final MmapLock mm = new MmapLock();
    private final VmaLock vma = new VmaLock(mm);

    @Test
    void readLock_isShared_andUnlockWithoutLockIsIllegal() {
        assertThat(vma.tryReadLock()).isTrue();
        assertThat(vma.tryReadLock()).isTrue();
        vma.readUnlock();
        vma.readUnlock();
        assertThatThrownBy(vma::readUnlock).isInstanceOf(IllegalStateException.class)
                .hasMessage("vma_end_read without vma_start_read");
    }

    @Test
    void writeLock_withoutMmapWriteLock_isIllegal() {
        assertThatThrownBy(vma::writeLock).isInstanceOf(IllegalStateException.class)
                .hasMessage("vma_start_write: mmap_lock not held for write");
        mm.readLock();
        assertThatThrownBy(vma::writeLock).isInstanceOf(IllegalStateException.class);
        mm.readUnlock();
    }

    @Test
    void writeLock_holdsUntilMmapWriteUnlock_whichEndsEveryVmaWriteLock() {
        VmaLock other = new VmaLock(mm);
        mm.writeLock();
        int seq = mm.lockSeq();
        vma.writeLock();
        other.writeLock();
        vma.writeLock(); // again in the same section: nothing to do
        vma.assertWriteLocked();
        assertThat(vma.tryReadLock()).isFalse();
        assertThat(other.tryReadLock()).isFalse();
        assertThat(vma.toString()).isEqualTo("vma_lock(readers=0, writeLocked=true)");

        mm.writeUnlock();
        assertThat(mm.lockSeq()).isEqualTo(seq + 1);
        assertThat(vma.isWriteLocked()).isFalse();
        assertThatThrownBy(vma::assertWriteLocked).isInstanceOf(IllegalStateException.class)
                .hasMessage("vma_assert_write_locked: VMA not write-locked");
        assertThat(vma.tryReadLock()).isTrue();
        assertThat(other.tryReadLock()).isTrue();
        vma.readUnlock();
        other.readUnlock();
    }

    @Test
    void mmapWriteSectionWithoutVmaWriteLock_leavesTheVmaReadable() {
        mm.writeLock();
        assertThat(vma.tryReadLock()).as("CVE-2023-4611: a fault still gets in").isTrue();
        vma.readUnlock();
        mm.writeUnlock();
    }

    @Test
    void writeDowngrade_endsVmaWriteLocks() {
        mm.writeLock();
        vma.writeLock();
        mm.writeDowngrade();
        assertThat(vma.isWriteLocked()).isFalse();
        assertThat(vma.tryReadLock()).isTrue();
        vma.readUnlock();
        mm.readUnlock();
    }

    @Test
    void faultLock_takesTheVmaLock_alsoAfterAWriteSectionEnded() {
        assertThat(vma.faultLock()).isEqualTo(VmaLock.FaultLock.PER_VMA);
        vma.faultUnlock(VmaLock.FaultLock.PER_VMA);
        mm.writeLock();
        vma.writeLock();
        mm.writeUnlock();
        assertThat(vma.faultLock()).isEqualTo(VmaLock.FaultLock.PER_VMA);
        vma.faultUnlock(VmaLock.FaultLock.PER_VMA);
        assertThatThrownBy(vma::readUnlock).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void faultDuringAVmaWriteLock_fallsBackToMmapRead_andWaitsForTheWriter() throws Exception {
        mm.writeLock();
        vma.writeLock();
        CompletableFuture<VmaLock.FaultLock> fault = CompletableFuture.supplyAsync(() -> {
            VmaLock.FaultLock held = vma.faultLock();
            vma.faultUnlock(held);
            return held;
        });
        Thread.sleep(100);
        assertThat(fault).as("blocked in mmap_read_lock").isNotDone();
        mm.writeUnlock();
        assertThat(fault.get(5, TimeUnit.SECONDS)).isEqualTo(VmaLock.FaultLock.MMAP);
    }

    @Test
    void writeLock_waitsForReadersInside_andRefusesNewOnesMeanwhile() throws Exception {
        assertThat(vma.tryReadLock()).isTrue();
        CountDownLatch mmLocked = new CountDownLatch(1);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            mm.writeLock();
            mmLocked.countDown();
            vma.writeLock();
            mm.writeUnlock();
        });
        assertThat(mmLocked.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        assertThat(writer).as("waits in vma_start_write").isNotDone();
        assertThat(vma.tryReadLock()).as("a writer is at the lock").isFalse();
        vma.readUnlock();
        writer.get(5, TimeUnit.SECONDS);
        assertThat(vma.tryReadLock()).isTrue();
        vma.readUnlock();
    }
}
