package io.mpolcheck.kernel;

import io.mpolcheck.report.ViolationClass;
import java.util.List;

/**
 * The texts of the reports, in one place so that their shape stays stable. Headlines follow the
 * kernel: {@code mm/kasan/report.c} ("BUG: KASAN: slab-use-after-free", "double-free"),
 * {@code lib/refcount.c} ({@code REFCOUNT_WARN}: "refcount_t: ...."), {@code mm/kmemleak.c}
 * ("unreferenced object"). Addresses, sizes, pids and stack traces are replaced by object names
 * and operation sites.
 */
final class Reports {
    private Reports() {
    }

    static String useAfterFree(String label, String access, String site, String history) {
        return "BUG: KASAN: slab-use-after-free on " + label + "\n" + access + " by " + site + "\n" + history;
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
