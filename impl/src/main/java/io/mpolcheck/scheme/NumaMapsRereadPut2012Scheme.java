package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.report.ViolationClass;
import java.util.Optional;

/**
 * {@code numa-maps-reread-put-2012} (catalogue entry 8, the buggy v1 of the fix, caught in
 * review): {@code m_start} takes a reference on {@code task->mempolicy} under {@code task_lock}, but
 * {@code m_stop} re-reads {@code task->mempolicy} and {@code __mpol_put}s whatever it finds. If the
 * target exited in between, the field is NULL: {@code __mpol_put(NULL)} has no NULL check and
 * oopses (and the reference on the old policy leaks). "access task-&gt;mempolicy only once and
 * remember it. Because kernel/exit.c can overwrite it" (v2's changelog).
 *
 * <p>The catalogue's other variant — a {@code set_mempolicy} swap in between, so that the stop puts
 * the new policy — cannot happen here: 2012's {@code set_mempolicy} holds {@code mmap_sem} for
 * write, which the reader holds for read from start to stop. The one mistake: {@link #releaseHeld}
 * re-reads the field.
 */
public final class NumaMapsRereadPut2012Scheme extends NumaMapsHoldTaskPolicy2012Scheme {

    /** Registers {@code numa-maps-reread-put-2012}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("numa-maps-reread-put-2012",
                    "As numa-maps-hold-task-policy-2012, but m_stop re-reads task->mempolicy under task_lock and "
                            + "puts what it finds instead of the pointer m_start got: after the target's exit that "
                            + "is __mpol_put(NULL), an oops (and the old policy's reference leaks).",
                    "catalogue entry 8, buggy v1 of \"hold task->mempolicy while numa_maps scans\" "
                            + "<507F803A.8000900@jp.fujitsu.com>, 18 Oct 2012",
                    ViolationClass.NULL_DEREFERENCE).withFeature(SchemeInfo.Feature.EXIT_ORDER)
                    // entry 8, v1: m_stop re-reads task->mempolicy after the exit cleared it
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)\nt0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", "numa-maps-hold-task-policy-2012",
                            "t0 exit()", "t2 numa_maps(t0)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new NumaMapsRereadPut2012Scheme(world, heap);
        }
    }

    public NumaMapsRereadPut2012Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    /** {@code task_lock; __mpol_put(priv->task->mempolicy); task_unlock}: the field, read again. */
    @Override
    protected void releaseHeld(int reader, int target, Optional<KPolicy> held) {
        if (held.isEmpty()) {
            return;
        }
        underTaskLock(target, () -> {
            Optional<KPolicy> now = loadTaskPolicy(target);
            if (now.isEmpty()) {
                heap.putNull("__mpol_put+0x5/0x30 from vma_stop (numa_maps m_stop)");
            } else {
                heap.put(now.get());
            }
            return null;
        });
    }
}
