package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.TaskLock;
import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code global-lock}: the baseline. One lock around every operation, policies dereferenced and
 * freed inside it, no reference taken by any user. Correct by construction and slow by design: the
 * yardstick the other schemes' checks and benchmarks are read against. Not a kernel scheme.
 */
public final class GlobalLockScheme extends MmapLockScheme {

    /** Registers {@code global-lock}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("global-lock",
                    "One global lock around every operation: installs, lookups, dereferences and frees all happen "
                            + "inside it, so no user ever needs a reference. The baseline, not a kernel design.",
                    "baseline (DESIGN.md: schemes)");
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new GlobalLockScheme(world, heap);
        }
    }

    /** The one lock, a spinlock ({@code task_lock}'s primitive) so that every checker can schedule around it. */
    private final TaskLock global = new TaskLock();

    public GlobalLockScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    @Override
    public Result apply(Op op) {
        global.lock();
        try {
            return super.apply(op);
        } finally {
            global.unlock();
        }
    }

    @Override
    protected Result underReadLock(int task, Supplier<Result> body) {
        return body.get();
    }

    @Override
    protected KernelState.Change underWriteLockChange(int task, Supplier<KernelState.Change> body) {
        return body.get();
    }

    /** Every operation runs under the one global lock: the lookup alone is not this scheme's allocation path. */
    @Override
    public Optional<TaskPolicyLookup> allocLookup() {
        return Optional.empty();
    }
}
