package io.mpolcheck.kernel;

import io.mpolcheck.report.ViolationClass;
import java.util.Objects;

/**
 * A lifetime bug the simulated kernel noticed, with the report the kernel would print: KASAN
 * ({@code mm/kasan/report.c}: slab-use-after-free, double-free), the {@code refcount_t}
 * warnings of {@code lib/refcount.c}, kmemleak ({@code mm/kmemleak.c}), or a
 * {@code kmem_cache_free()} of a static object.
 *
 * <p>The message is multi-line and stable (object names such as {@code mpol#3} are numbered per
 * heap; no addresses, hashes or timestamps), so that it can be golden-tested:
 * <pre>
 * BUG: KASAN: slab-use-after-free on mpol#3 (bind:0-1)
 * Read by task t1 during: t1 numa_maps(t0)
 * Allocated by task t0 during: t0 set_mempolicy(MPOL_BIND, {0-1}, 65)
 * Freed by task t0 during: t0 set_mempolicy(MPOL_DEFAULT, NULL, 0)
 * </pre>
 *
 * <p>Not modelled: the kernel keeps running after a report (KASAN without {@code panic_on_warn},
 * {@code WARN_ONCE}); here the report is thrown, and also kept in a {@link ViolationSink}, so a
 * scheme that catches it is still caught.
 */
public final class LifetimeViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ViolationClass violationClass;
    /** Where a controlled run was when the violation was found (empty outside the schedule engine). */
    private final transient java.util.Optional<io.mpolcheck.sched.Sched.Position> position;

    /**
     * @param violationClass the class of the bug
     * @param report the full report; its first line is the headline
     */
    public LifetimeViolation(ViolationClass violationClass, String report) {
        super(Objects.requireNonNull(report, "report"));
        this.violationClass = Objects.requireNonNull(violationClass, "violationClass");
        this.position = io.mpolcheck.sched.Sched.position();
    }

    /**
     * Under the schedule engine, where the run was when this was found: the thread that found it
     * (it was performing the call of its last scheduling point) and how many points the run had
     * passed. Empty elsewhere.
     */
    public java.util.Optional<io.mpolcheck.sched.Sched.Position> position() {
        return position;
    }

    /** What kind of lifetime bug this is. */
    public ViolationClass violationClass() {
        return violationClass;
    }

    /** The first line of the report, e.g. {@code "BUG: KASAN: double-free on mpol#3 (bind:0-1)"}. */
    public String headline() {
        String m = getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
