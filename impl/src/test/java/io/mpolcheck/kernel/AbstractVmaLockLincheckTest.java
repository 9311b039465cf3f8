package io.mpolcheck.kernel;

import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Per-VMA locks (entry 15), checked with the counter pattern of {@link AbstractExclusionLincheckTest}
 * and its {@link AbstractExclusionLincheckTest.Spec}: a writer ({@code mbind} replacing a VMA's
 * policy) takes {@code mmap_write_lock}, then {@code vma_start_write}, and does a non-atomic
 * read-modify-write of a plain counter; a reader (a page fault) takes the per-VMA read lock,
 * falling back to {@code mmap_read_lock}, and reads the counter. Linearizable if and only if the
 * writer excludes faults on both paths.
 *
 * <p>How to run one: {@code mvn -B -pl impl -am verify -Dtest=VmaLockLincheckTest}.
 */
public abstract class AbstractVmaLockLincheckTest {
    private final MmapLock mm = new MmapLock();
    private final VmaLock vma = new VmaLock(mm);
    private final boolean writerTakesVmaLock;
    private final Class<? extends LincheckFailure> expectedFailure;
    private int counter;

    /**
     * @param writerTakesVmaLock whether the writer calls {@code vma_start_write} (the fix of
     *     CVE-2023-4611) or relies on {@code mmap_write_lock} alone (the bug)
     * @param expectedFailure the failure model checking must find, or null
     */
    protected AbstractVmaLockLincheckTest(boolean writerTakesVmaLock, Class<? extends LincheckFailure> expectedFailure) {
        this.writerTakesVmaLock = writerTakesVmaLock;
        this.expectedFailure = expectedFailure;
    }

    /** {@code mbind}: {@code mmap_write_lock}, {@code vma_start_write}, the update, {@code mmap_write_unlock}. */
    @Operation
    public int write() {
        mm.writeLock();
        try {
            if (writerTakesVmaLock) {
                vma.writeLock();
            }
            int v = counter;
            counter = v + 1;
            counter = v + 2;
            return v + 2;
        } finally {
            mm.writeUnlock();
        }
    }

    /** A page fault: {@code lock_vma_under_rcu}, else {@code mmap_read_lock}; reads. */
    @Operation
    public int read() {
        VmaLock.FaultLock held = vma.faultLock();
        try {
            return counter;
        } finally {
            vma.faultUnlock(held);
        }
    }

    @Test
    public void modelChecking() {
        var options = KernelLincheckBudget.modelChecking()
                .sequentialSpecification(AbstractExclusionLincheckTest.Spec.class);
        if (expectedFailure == null) {
            LincheckVerdicts.assertPasses(options, getClass());
        } else {
            LincheckVerdicts.assertFails(options, getClass(), expectedFailure);
        }
    }

    @Test
    public void stress() {
        Assumptions.assumeTrue(expectedFailure == null, "stress is run only on the correct writer");
        LincheckVerdicts.assertPasses(
                KernelLincheckBudget.stress().sequentialSpecification(AbstractExclusionLincheckTest.Spec.class), getClass());
    }
}
