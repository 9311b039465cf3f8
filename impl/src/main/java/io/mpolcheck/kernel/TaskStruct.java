package io.mpolcheck.kernel;

import io.mpolcheck.sched.Sched;

/**
 * The part of {@code struct task_struct} ({@code include/linux/sched.h}) that a policy lookup
 * follows: the {@code mempolicy} pointer. A scheme owns one per task slot and its lookups load
 * the pointer from here ({@code READ_ONCE(p->mempolicy)}, or {@code rcu_dereference} inside a
 * read-side section), so what a lookup finds is what the last store left, not an answer of the
 * reference model.
 *
 * <p>The store ({@link #publish}) belongs to the structure change that replaces the policy
 * ({@code do_set_mempolicy()}, {@code pidfd_set_mempolicy}, {@code fork}, {@code exit}), made
 * under whatever locks the scheme holds around that change; it is a release store, as
 * {@code rcu_assign_pointer()} is in the kernel ({@code task_lock} holders in mainline store
 * plainly, which the lock orders). A load is a scheduling point of the deterministic scheduler.
 *
 * <p>Not modelled: the rest of the task ({@code alloc_lock} is the scheme's {@link TaskLock};
 * {@code il_prev} is kept with the policy object, see {@link KPolicy}); a slot with no task holds
 * {@code null}, as a task without a policy does.
 */
public final class TaskStruct {
    private final int slot;
    private volatile KPolicy mempolicy;

    public TaskStruct(int slot) {
        this.slot = slot;
    }

    /** One task struct per slot {@code 0..count-1}; call it in the scheme's constructor, where the checkers trace object creation. */
    public static TaskStruct[] slots(int count) {
        TaskStruct[] tasks = new TaskStruct[count];
        for (int t = 0; t < count; t++) {
            tasks[t] = new TaskStruct(t);
        }
        return tasks;
    }

    /** {@code READ_ONCE(p->mempolicy)}: {@code null} for no policy. */
    public KPolicy mempolicy() {
        Sched.point("load task->mempolicy");
        return mempolicy;
    }

    /** {@code p->mempolicy = pol} as part of a structure change; no scheduling point (the change is one step). */
    public void publish(KPolicy pol) {
        if (mempolicy != pol) {
            mempolicy = pol;
        }
    }

    /** The pointer as a test or a report sees it, without a scheduling point. */
    public KPolicy peek() {
        return mempolicy;
    }

    @Override
    public String toString() {
        return "task " + slot;
    }
}
