package io.mpolcheck.model;

/**
 * Who holds a reference on a policy object in the reference model, in the kernel's terms: a
 * task's {@code task->mempolicy}, a VMA's {@code vma->vm_policy}, or the kernel image itself for
 * the static policies, or a range node of a shmem segment's shared policy tree.
 */
public sealed interface Holder permits Holder.Task, Holder.Vma, Holder.SharedRange, Holder.Static {

    /** {@code task->mempolicy} of task {@code tN}. */
    record Task(int task) implements Holder {
        @Override
        public String toString() {
            return "t" + task + "->mempolicy";
        }
    }

    /** {@code vm_policy} of the VMA {@code [start, end)} of address space {@code mmN}. */
    record Vma(int mm, long start, long end) implements Holder {
        @Override
        public String toString() {
            return String.format("mm%d vma[0x%x-0x%x)->vm_policy", mm, start, end);
        }
    }

    /** The {@code sp_node} {@code [start, end)} (page offsets) of shm segment {@code shmid}'s shared policy tree. */
    record SharedRange(int shmid, long start, long end) implements Holder {
        @Override
        public String toString() {
            return "shm" + shmid + " sp_node[" + start + "-" + end + ")->policy";
        }
    }

    /** The kernel image: a statically allocated policy. */
    record Static() implements Holder {
        @Override
        public String toString() {
            return "static";
        }
    }
}
