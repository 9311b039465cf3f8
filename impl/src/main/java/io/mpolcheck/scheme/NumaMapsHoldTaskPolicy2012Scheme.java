package io.mpolcheck.scheme;

import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;

/**
 * {@code numa-maps-hold-task-policy-2012} (catalogue entry 8, the final scheme): the 2012 kernel,
 * where {@code do_exit()} puts {@code tsk->mempolicy} under {@code task_lock} only — not under
 * {@code mmap_sem}, which a {@code numa_maps} reader holds — and then clears it. The reader therefore
 * pins the task policy itself: {@code m_start} saves {@code priv->task_mempolicy} once, with
 * {@code mpol_get}, under {@code task_lock}, and {@code m_stop} puts that saved pointer.
 * {@code set_mempolicy} still swaps under {@code mmap_sem} for write and {@code task_lock}
 * (3.7's {@code do_set_mempolicy}: "prevent changing our mempolicy while show_numa_maps() is using
 * it"); the owner reads its own policy without a lock.
 *
 * <p>Source: KAMEZAWA Hiroyuki, "hold task-&gt;mempolicy while numa_maps scans" v3
 * &lt;507F803A.8000900@jp.fujitsu.com&gt; thread (Oct 2012). Its broken siblings are
 * {@code numa-maps-vs-exit-2012} (no pin) and {@code numa-maps-reread-put-2012} (v1: the pointer
 * re-read at put time).
 */
public class NumaMapsHoldTaskPolicy2012Scheme extends TaskLockScheme {

    /** Registers {@code numa-maps-hold-task-policy-2012}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("numa-maps-hold-task-policy-2012",
                    "2012 rules: exit puts the task policy under task_lock only, then clears it; numa_maps pins "
                            + "the target's task policy once (task_lock, mpol_get, pointer saved) from m_start to "
                            + "m_stop and puts the saved pointer; set_mempolicy swaps under mmap_sem for write and "
                            + "task_lock.",
                    "catalogue entry 8 (final scheme); KAMEZAWA Hiroyuki, \"hold task->mempolicy while numa_maps "
                            + "scans\" v3, Oct 2012")
                    .withFeature(SchemeInfo.Feature.EXIT_ORDER);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new NumaMapsHoldTaskPolicy2012Scheme(world, heap);
        }
    }

    public NumaMapsHoldTaskPolicy2012Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    /** 3.7's {@code do_set_mempolicy}: {@code down_write(&mm->mmap_sem)}, then {@code task_lock}, swap. */
    @Override
    protected Result setMempolicy(Op op) {
        KernelState.Change change = applyUnderMmapAndTaskLock(op.task(), op);
        releaseAll(change.released());
        return change.result();
    }

    /** 2012's {@code do_exit}: {@code mpol_put(tsk->mempolicy); tsk->mempolicy = NULL;} under {@code task_lock}. */
    @Override
    protected Result dropTaskPolicy(Op.Exit op) {
        return putThenClear(op);
    }
}
