package io.mpolcheck.kernel;

import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;

/**
 * Broken on purpose (one mistake), CVE-2023-4611 (entry 15): the writer holds
 * {@code mmap_write_lock} but never calls {@code vma_start_write}, as {@code vma_replace_policy}
 * did in v6.4. A fault under the per-VMA read lock alone sees the half-done update, so model
 * checking must report wrong results.
 */
public final class Broken09VmaWriteWithoutVmaLockLincheckTest extends AbstractVmaLockLincheckTest {
    public Broken09VmaWriteWithoutVmaLockLincheckTest() {
        super(false, IncorrectResultsFailure.class);
    }
}
