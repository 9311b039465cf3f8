package io.mpolcheck.kernel;

import io.mpolcheck.report.ViolationClass;
import java.util.List;

/**
 * The texts of the reports, in one place so that their shape stays stable. Headlines follow the
 * kernel: {@code mm/kasan/report.c} ("BUG: KASAN: slab-use-after-free", "double-free"),
 * {@code lib/refcount.c} ({@code REFCOUNT_WARN}: "refcount_t: ...."), {@code mm/kmemleak.c}
 * ("unreferenced object"). Addresses, sizes, pids and stack traces are replaced by object names
 * and operation sites. {@code percpu_ref} and RCU reports keep the same shapes
 * ({@code lib/percpu-refcount.c}'s own {@code WARN} texts where it has one).
 */
final class Reports {
    private Reports() {
    }

    static String useAfterFree(String label, String access, String site, String history) {
        return "BUG: KASAN: slab-use-after-free on " + label + "\n" + access + " by " + site + "\n" + history;
    }

    static String nullDereference(String where, String site) {
        return "BUG: kernel NULL pointer dereference, address: 0000000000000000\nRIP: " + where + "\nby " + site + "\n";
    }

    static String doubleFree(String label, String site, String history) {
        return "BUG: KASAN: double-free on " + label + "\nFree by " + site + "\n" + history;
    }

    static String freeOfStatic(String label, String site) {
        return "BUG: kmem_cache_free of static " + label + "\nFree by " + site + "\nAllocated statically (never free it)\n";
    }

    static String refcount(ViolationClass kind, String primitive, String label, String site, String history) {
        String warning = switch (kind) {
            case REFCOUNT_UNDERFLOW -> "underflow; use-after-free";
            case REFCOUNT_INC_FROM_ZERO -> "addition on 0; use-after-free";
            case REFCOUNT_SATURATED -> "saturated; leaking memory";
            default -> throw new IllegalArgumentException("not a refcount_t warning: " + kind);
        };
        return "refcount_t: " + warning + ".\n" + primitive + " on " + label + " by " + site + "\n" + history;
    }

    /**
     * A free of an object that an RCU reader dereferenced in the read-side critical section it is
     * still inside ({@link Rcu}): what KASAN reports later, when that reader touches the object.
     *
     * @param readers one line per reader, each ending in a newline ("Dereferenced by task t1 during: ... (rcu reader 1)")
     */
    static String freedUnderRcuReader(String label, String site, String readers, String history) {
        return "BUG: RCU: " + label + " freed while an RCU reader that dereferenced it is still inside its read-side"
                + " critical section\nFree by " + site + "\n" + readers + history;
    }

    /** {@code percpu_ref} in atomic mode, with the {@code refcount_t} wording (the kernel's {@code atomic_long_t} does not check). */
    static String percpuRef(ViolationClass kind, String primitive, String label, String site) {
        String warning = switch (kind) {
            case REFCOUNT_UNDERFLOW -> "underflow; use-after-free";
            case REFCOUNT_INC_FROM_ZERO -> "addition on 0; use-after-free";
            default -> throw new IllegalArgumentException("not a percpu_ref warning: " + kind);
        };
        return "percpu_ref: " + warning + ".\n" + primitive + " on " + label + " by " + site + "\n";
    }

    /** {@code percpu_ref_kill_and_confirm}'s {@code WARN_ONCE} on a second kill. */
    static String percpuRefKilledTwice(String label, String site) {
        return "WARNING: percpu_ref_kill_and_confirm called more than once on " + label + "!\nby " + site + "\n";
    }

    /** {@code percpu_ref_switch_to_atomic_rcu}'s {@code WARN_ONCE}: more puts than gets while in percpu mode. */
    static String percpuRefNonPositiveAfterSwitch(String label, long count, String site) {
        return "WARNING: percpu ref (" + label + ") <= 0 (" + count + ") after switching to atomic\nby " + site + "\n";
    }

    /** A {@code percpu_ref} that was not released at teardown, as a kmemleak entry of the object that embeds it. */
    static String percpuRefLeak(String label, String state, String initSite) {
        return "kmemleak: 1 new suspected memory leak\nunreferenced object with percpu_ref " + label + " (" + state
                + "):\n  initialised by " + initSite + "\n";
    }

    /** One kmemleak scan: a summary line, then each object in allocation order. */
    static String leaks(List<KPolicy> leaked) {
        StringBuilder sb = new StringBuilder("kmemleak: ").append(leaked.size())
                .append(leaked.size() == 1 ? " new suspected memory leak\n" : " new suspected memory leaks\n");
        for (KPolicy p : leaked) {
            sb.append("unreferenced object ").append(p.label()).append(" (refcount ").append(p.refcount().rawRead())
                    .append("):\n  allocated by ").append(p.allocSite()).append('\n');
        }
        return sb.toString();
    }
}
