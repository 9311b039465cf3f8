package io.mpolcheck.kernel;

import io.mpolcheck.report.ViolationClass;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code refcount_t} with the checks of {@code lib/refcount.c} and
 * {@code include/linux/refcount.h}: an increment from 0 ("addition on 0; use-after-free"), a
 * decrement of 0 or of a saturated count ("underflow; use-after-free") and an increment past the
 * bound ("saturated; leaking memory") are reported as a {@link LifetimeViolation}, recorded in a
 * {@link ViolationSink} and thrown; as in the kernel ({@code refcount_warn_saturate}), the count
 * is first set to {@link #SATURATED}, so the object is never freed afterwards.
 *
 * <p>{@code struct mempolicy} itself uses an {@code atomic_t} (no checks): this class is what
 * the same code would report with {@code refcount_t}, which is what a checker wants. A count that
 * belongs to a {@link KPolicy} also checks, before each access, that the object has not been
 * freed (KASAN instruments the atomic), so an access after free is reported as
 * {@code USE_AFTER_FREE}, not as a refcount warning.
 *
 * <p>Not modelled: {@code refcount_dec} ("decrement hit 0; leaking memory"),
 * {@code refcount_add}/{@code sub}, the {@code *_lock} variants; the kernel's
 * fetch-then-saturate window (here each operation is one compare-and-set, so the state after a
 * violation is deterministic); the bound defaults to {@code INT_MAX} and may be lowered so that
 * tests can reach saturation. The implementation uses volatile (sequentially consistent) atomics,
 * stronger than every kernel ordering listed below.
 */
public final class KRefcount implements Refcount {

    /** {@code REFCOUNT_SATURATED} ({@code INT_MIN / 2}): the value a count is pinned at after a warning. */
    public static final int SATURATED = Integer.MIN_VALUE / 2;

    /** What the count belongs to: its name in reports and the access check of its owner. */
    interface Subject {
        /** {@code "mpol#3 (bind:0-1)"}. */
        String label();

        /** Throws (and records) a use-after-free if the owner is freed; {@code access} is "Read" or "Write". */
        void checkAccess(String access);

        /** Extra report lines ("Allocated by ..."), each ending in a newline; may be empty. */
        String history();
    }

    private static final Subject ANONYMOUS = new Subject() {
        @Override
        public String label() {
            return "refcount_t";
        }

        @Override
        public void checkAccess(String access) {
        }

        @Override
        public String history() {
            return "";
        }
    };

    private final AtomicInteger refs;
    private final int max;
    private final ViolationSink sink;
    private final Subject subject;

    /** {@code REFCOUNT_INIT(0)} with its own sink and the bound {@code INT_MAX}. */
    public KRefcount() {
        this(0);
    }

    /** {@code REFCOUNT_INIT(initial)} with its own sink and the bound {@code INT_MAX}. */
    public KRefcount(int initial) {
        this(initial, Integer.MAX_VALUE);
    }

    /**
     * A standalone count with its own sink.
     *
     * @param initial the initial value
     * @param max the largest legal value; an increment from {@code max} saturates
     */
    public KRefcount(int initial, int max) {
        this(initial, max, new ViolationSink(), ANONYMOUS);
    }

    KRefcount(int initial, int max, ViolationSink sink, Subject subject) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        this.refs = new AtomicInteger(initial);
        this.max = max;
        this.sink = sink;
        this.subject = subject;
    }

    /** {@code refcount_set}. Ordering: none (relaxed store) in the kernel; a volatile store here. */
    public void set(int n) {
        subject.checkAccess("Write");
        refs.set(n);
    }

    /** {@code refcount_read}. Ordering: none (relaxed load) in the kernel; a volatile load here. */
    public int read() {
        subject.checkAccess("Read");
        return refs.get();
    }

    /**
     * {@code refcount_inc}. Ordering: none in the kernel; a volatile CAS here.
     *
     * <p>The caller must already hold a reference. From 0: {@code REFCOUNT_INC_FROM_ZERO}; from a
     * saturated or maximal count: {@code REFCOUNT_SATURATED}.
     */
    public void inc() {
        subject.checkAccess("Write");
        while (true) {
            int old = refs.get();
            if (old == 0) {
                saturate(old, ViolationClass.REFCOUNT_INC_FROM_ZERO, "refcount_inc");
            } else if (old < 0 || old >= max) {
                saturate(old, ViolationClass.REFCOUNT_SATURATED, "refcount_inc");
            } else if (refs.compareAndSet(old, old + 1)) {
                return;
            }
        }
    }

    /**
     * {@code refcount_inc_not_zero}. Ordering: none on success in the kernel (a control dependency orders later stores); a volatile CAS here.
     *
     * <p>Unlike {@code atomic_inc_not_zero}, which is fully ordered on success. Returns false and
     * changes nothing on 0; from a saturated or maximal count it succeeds and reports
     * {@code REFCOUNT_SATURATED}.
     */
    public boolean incNotZero() {
        subject.checkAccess("Write");
        while (true) {
            int old = refs.get();
            if (old == 0) {
                return false;
            }
            if (old < 0 || old >= max) {
                saturate(old, ViolationClass.REFCOUNT_SATURATED, "refcount_inc_not_zero");
            } else if (refs.compareAndSet(old, old + 1)) {
                return true;
            }
        }
    }

    /**
     * {@code refcount_dec_and_test}. Ordering: release, plus acquire when it returns true, in the kernel; a volatile CAS here.
     *
     * <p>True when the count reached 0 (the caller frees); a decrement of 0 or of a saturated
     * count reports {@code REFCOUNT_UNDERFLOW}.
     */
    public boolean decAndTest() {
        subject.checkAccess("Write");
        while (true) {
            int old = refs.get();
            if (old <= 0) {
                saturate(old, ViolationClass.REFCOUNT_UNDERFLOW, "refcount_dec_and_test");
            } else if (refs.compareAndSet(old, old - 1)) {
                return old == 1;
            }
        }
    }

    /** The value without the owner's access check: for the heap's ghost state and tests. */
    int rawRead() {
        return refs.get();
    }

    /** The sink this count reports to (its own, or its heap's). */
    public ViolationSink sink() {
        return sink;
    }

    @Override
    public String toString() {
        return "refcount_t(" + refs.get() + ")";
    }

    /**
     * {@code refcount_warn_saturate}: pins the count at {@link #SATURATED} if it still holds
     * {@code seen}, then reports; returns normally (the caller retries) if the count changed in
     * between, so that the warning and the pinning are one atomic step with the value they judged.
     */
    private void saturate(int seen, ViolationClass kind, String primitive) {
        if (refs.compareAndSet(seen, SATURATED)) {
            throw sink.record(new LifetimeViolation(kind, Reports.refcount(kind, primitive, subject.label(),
                    OpContext.describe(), subject.history())));
        }
    }
}
