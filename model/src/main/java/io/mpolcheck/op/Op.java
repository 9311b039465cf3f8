package io.mpolcheck.op;

import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.UserNodes;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One operation of the modelled world, issued by task {@code tN}: a system call or a kernel path
 * that uses a memory policy. Operations are plain values, so that one list can be applied to the
 * reference model and to any scheme, printed, stored, parsed back and replayed
 * ({@link OpFormat}; {@code toString()} is that form). Arguments keep the raw integers user space passes ({@code mode} with its
 * flag bits, {@code flags}, unsigned addresses), so that invalid calls can be expressed too.
 */
public sealed interface Op {

    /** The task that issues the operation. */
    int task();

    /** {@code set_mempolicy(mode, nmask, maxnode)}: replace the caller's task policy. */
    record SetMempolicy(int task, int mode, UserNodes nodes) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }

        public SetMempolicy {
            Objects.requireNonNull(nodes, "nodes");
        }
    }

    /**
     * {@code get_mempolicy(&mode, nmask, maxnode, addr, flags)}.
     *
     * @param wantNodes whether {@code nmask} is a buffer ({@code &nmask}) or {@code NULL}
     */
    record GetMempolicy(int task, boolean wantNodes, long maxnode, long addr, int flags) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /** {@code mbind(start, len, mode, nmask, maxnode, flags)} on the caller's address space. */
    record Mbind(int task, long start, long len, int mode, UserNodes nodes, int flags) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }

        public Mbind {
            Objects.requireNonNull(nodes, "nodes");
        }
    }

    /** {@code mmap(addr, len, ..., MAP_FIXED | kind)}: map {@code [addr, addr+len)}, replacing what was there. */
    record Mmap(int task, long addr, long len, MapKind kind) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }

        public Mmap {
            Objects.requireNonNull(kind, "kind");
            if (kind == MapKind.SHM) {
                throw new IllegalArgumentException("shm segments are mapped with shmat, not mmap");
            }
        }
    }

    /** {@code munmap(addr, len)}. */
    record Munmap(int task, long addr, long len) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /** {@code fork()}: a new process with a copy of the caller's address space and policies. */
    record Fork(int task) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /** {@code exit()}: the task drops its policy; the last task of a process tears its address space down. */
    record Exit(int task) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /** Move the task to a CPU of {@code node} (a {@code sched_setaffinity} to that node's CPUs). */
    record Migrate(int task, int node) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /** Read {@code /proc/<target>/numa_maps}: the target's VMAs and their policies. */
    record NumaMaps(int task, int target) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /**
     * Allocate a page for the task: with an address, the page-fault path
     * ({@code vma_alloc_folio} → {@code get_vma_policy} → {@code alloc_pages_mpol}); without one,
     * a kernel allocation on the task's behalf ({@code alloc_pages()}, task policy only).
     */
    record AllocPage(int task, OptionalLong addr) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }

        public AllocPage {
            Objects.requireNonNull(addr, "addr");
        }
    }

    /**
     * {@code shmget(IPC_PRIVATE, size, IPC_CREAT|0600)}: create a SysV shared memory segment backed
     * by shmem (tmpfs), with an empty shared policy tree. The result is the new {@code shmid}.
     */
    record Shmget(int task, long size) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /** {@code shmat(shmid, addr, 0)}: attach the whole segment at {@code addr} of the caller's address space. */
    record Shmat(int task, int shmid, long addr) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /** {@code shmdt(addr)}: detach the segment attached at {@code addr}. */
    record Shmdt(int task, long addr) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /** {@code shmctl(shmid, IPC_RMID, NULL)}: mark the segment destroyed; it goes when its last attachment does. */
    record ShmRmid(int task, int shmid) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /**
     * {@code cpuset_rebind(tN)}: rewrite {@code cpuset.mems} of {@code target}'s cpuset with the nodes
     * it already has. Nothing visible changes (the model's tasks may always use every node), but
     * {@code cpuset_change_task_nodemask()} bumps {@code target->mems_allowed_seq}, so an allocation
     * of the target that is under way retries ({@code read_mems_allowed_retry()}).
     */
    record CpusetRebind(int task, int target) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /**
     * {@code failslab()}: fault injection ({@code CONFIG_FAILSLAB}, {@code make-it-fail}) armed for
     * the caller: the next allocation the model lets fail — the second node
     * {@code shared_policy_replace()} allocates to split a range — fails with {@code ENOMEM}.
     */
    record Failslab(int task) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /**
     * {@code pidfd_set_mempolicy(pidfd_open(target), mode, nmask, maxnode, flags)}: install the task
     * policy of another task (Zhongkun He's proposed syscall, Nov 2022, catalogue entry 17; never
     * merged). The target must be alive ({@code ESRCH} once it has exited) and {@code flags} must
     * be 0 ({@code EINVAL}).
     */
    record PidfdSetMempolicy(int task, int target, int mode, UserNodes nodes, int flags) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }

        public PidfdSetMempolicy {
            Objects.requireNonNull(nodes, "nodes");
        }
    }

    /**
     * {@code return_to_user()}: the task returns from the kernel to user mode
     * ({@code exit_to_user_mode_loop()} → {@code resume_user_mode_work()}), which runs its pending
     * {@code task_work}. Nothing visible changes.
     */
    record ReturnToUser(int task) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }

    /**
     * {@code rcu_grace_period()}: the kernel lets an RCU grace period elapse (every CPU passes a
     * quiescent state), so that callbacks queued before it ({@code call_rcu}, {@code kfree_rcu}) may
     * run. A kernel event, not a call: any task may stand for the CPU it happens on, and nothing
     * visible changes.
     */
    record RcuGracePeriod(int task) implements Op {
        @Override
        public String toString() {
            return OpFormat.print(this);
        }
    }
}
