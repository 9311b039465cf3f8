package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code exit-put-before-clear-2016} (catalogue entry 12, the bug): {@code do_exit()}'s
 * {@code mpol_put(tsk->mempolicy); tsk->mempolicy = NULL;} on a KASAN kernel. The put frees the
 * policy; inside the free, KASAN's stack depot allocates a page for the exiting task, and
 * {@code get_task_policy(current)} returns the policy being freed: a use-after-free by the same
 * task, re-entrant, with no other thread involved ("BUG in depot_save_stack", 4.7-rc5).
 *
 * <p>The one mistake: {@link #dropTaskPolicy} puts before it clears. Every scenario ends with the
 * exit of a task that has a policy, so every scenario shows it.
 */
public final class ExitPutBeforeClear2016Scheme extends ExitClearThenPut2016Scheme {

    /** Registers {@code exit-put-before-clear-2016}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("exit-put-before-clear-2016",
                    "As exit-clear-then-put-2016, but exit puts task->mempolicy before clearing it: the free's "
                            + "KASAN stack-depot allocation looks up the exiting task's policy and reads the "
                            + "object being freed (re-entrant, same task).",
                    "catalogue entry 12; google/kernel-sanitizers#35 \"BUG in depot_save_stack\" (2016-07-05); the "
                            + "old code's exact form is inferred [I] from the fix's comment",
                    ViolationClass.USE_AFTER_FREE)
                    // entry 12: the exit's own put frees, KASAN's stack depot allocates and looks the policy up
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)\nt0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", "exit-clear-then-put-2016",
                            "t0 exit()", "t1 alloc_page()"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new ExitPutBeforeClear2016Scheme(world, heap);
        }
    }

    public ExitPutBeforeClear2016Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    @Override
    protected Result dropTaskPolicy(Op.Exit op) {
        return putThenClear(op);
    }
}
