package io.mpolcheck.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where lifetime reports are kept besides being thrown: the kernel log. A scheme that catches a
 * {@link LifetimeViolation} (or runs in code that swallows exceptions) is still caught, because
 * the checker asks the sink afterwards. Thread-safe.
 *
 * <p>Stands for {@code dmesg}. Not modelled: {@code WARN_ONCE} suppression (every report is kept).
 */
public final class ViolationSink {
    private final List<LifetimeViolation> reports = new ArrayList<>();

    /** Keeps {@code v} and returns it, so that callers can write {@code throw sink.record(v)}. */
    public synchronized LifetimeViolation record(LifetimeViolation v) {
        reports.add(v);
        return v;
    }

    /** The first report, if any. */
    public synchronized Optional<LifetimeViolation> first() {
        return reports.isEmpty() ? Optional.empty() : Optional.of(reports.get(0));
    }

    /** Every report in the order they were made. */
    public synchronized List<LifetimeViolation> all() {
        return List.copyOf(reports);
    }
}
