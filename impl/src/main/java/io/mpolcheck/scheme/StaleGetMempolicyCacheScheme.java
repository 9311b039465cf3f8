package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code stale-get-mempolicy-cache} (a teaching example, not a kernel design): {@code mmap-lock-2008}
 * behind a cache that answers every {@code get_mempolicy} with the first answer it computed and
 * never invalidates it. Nothing is freed early and nothing leaks, so the lifetime oracle is silent;
 * the answers are stale, so the check of answers against the model fails. It shows, on the
 * smallest possible mistake, what {@code NON_LINEARIZABLE} means.
 *
 * <p>Built by composition: the cache wraps a whole {@link MmapLockScheme}.
 */
public final class StaleGetMempolicyCacheScheme implements PolicyScheme {

    /** Registers {@code stale-get-mempolicy-cache}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("stale-get-mempolicy-cache",
                    "mmap-lock-2008 behind a cache that answers every get_mempolicy with the first answer it "
                            + "computed, never invalidated: stale answers, no lifetime violation.",
                    "teaching example (what NON_LINEARIZABLE means)", ViolationClass.NON_LINEARIZABLE)
                    // the cache's first answer is given again after t0's policy changed
                    .withWitness(Witness.of("mmap-lock-2008",
                            "t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0)\nt0 set_mempolicy(MPOL_BIND, {1}, 65)\nt0 get_mempolicy(&mode, &nmask, 65, 0x0, 0)", "t1 alloc_page()"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new StaleGetMempolicyCacheScheme(new MmapLockScheme(world, heap));
        }
    }

    private final PolicyScheme inner;
    private volatile Result cached;

    public StaleGetMempolicyCacheScheme(PolicyScheme inner) {
        this.inner = inner;
    }

    @Override
    public Result apply(Op op) {
        if (!(op instanceof Op.GetMempolicy)) {
            return inner.apply(op);
        }
        Result first = cached;
        if (first == null) {
            first = inner.apply(op);
            cached = first;
        }
        return first;
    }
}
