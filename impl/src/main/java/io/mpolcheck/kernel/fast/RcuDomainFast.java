package io.mpolcheck.kernel.fast;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tasks whose read sides a grace period waits for, and {@code synchronize_rcu()}: it returns
 * once every registered reader has been seen outside a read-side section (nesting 0) after the
 * call began, so every section that was running when it began has ended.
 *
 * <p>Only the tests and {@link PercpuRefFast#kill} use grace periods; the measured paths only
 * enter and leave sections. What it leaves out: the kernel's grace-period machinery (per-CPU
 * quiescent-state reports, the blocked-tasks list, expedited grace periods, callbacks;
 * {@code call_rcu()} is a synchronous wait here). And one guarantee: the kernel orders each
 * CPU's accesses against the grace period with full barriers that the grace-period kthread
 * forces (context switches, IPIs), so a reader that entered a section before the grace period
 * began is always seen; here the reader's entry is a plain store with no fence, so a section
 * that begins at the very instant the grace period starts can go unseen. Use it where the
 * readers that matter are already known to be inside or outside (as the tests do), not as a
 * proof of the kernel's ordering.
 */
public final class RcuDomainFast {
    private final List<RcuReaderFast> readers = new CopyOnWriteArrayList<>();

    /** A new task's read side, known to later grace periods. */
    public RcuReaderFast newReader() {
        RcuReaderFast reader = new RcuReaderFast();
        readers.add(reader);
        return reader;
    }

    /** {@code synchronize_rcu()}: wait until each registered reader is seen outside a section. */
    public void synchronizeRcu() {
        for (RcuReaderFast reader : readers) {
            while (reader.inReadSection()) {
                Thread.onSpinWait();
            }
        }
    }
}
