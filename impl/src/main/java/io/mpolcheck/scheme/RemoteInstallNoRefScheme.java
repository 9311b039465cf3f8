package io.mpolcheck.scheme;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code remote-install-no-ref} (catalogue entry 1, "how it breaks"): {@code mmap-lock-2008}
 * unchanged, given a {@code pidfd_set_mempolicy} that follows its rules — the installer holds the
 * target's {@code mmap_lock} for write, swaps and puts the old policy. The rules assumed that only
 * the owner swaps its task policy, so the owner reads it with no lock and no reference for a
 * VMA-less allocation ({@code alloc_pages()}) or {@code get_mempolicy()}; a remote writer frees
 * the policy under that read.
 *
 * <p>There is no deliberate mistake in the code: the bug is the rule itself once another task may
 * write {@code task->mempolicy}. It is why Michal Hocko asked for "proper reference counting"
 * before any remote install (seed 001, catalogue entries 17–19).
 */
public final class RemoteInstallNoRefScheme extends MmapLockScheme {

    /** Registers {@code remote-install-no-ref}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("remote-install-no-ref",
                    "mmap-lock-2008 with a pidfd_set_mempolicy that follows its rules (the target's mmap_lock for "
                            + "write, swap, put): the target still reads its own task policy with no lock and no "
                            + "reference, so the remote put frees it under that read.",
                    "catalogue entry 1; Zhongkun He, pidfd_set_mempolicy v2 "
                            + "<20221111084051.2121029-1-hezhongkun.hzk@bytedance.com>; seed 001",
                    ViolationClass.USE_AFTER_FREE).withFeature(SchemeInfo.Feature.REMOTE_INSTALL)
                    // entry 1: the owner's lockless read of its task policy; a remote install frees it
                    .withWitness(Witness.withInit("t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)\nt0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, 0)", "task-lock-always-ref",
                            "t0 alloc_page()", "t1 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new RemoteInstallNoRefScheme(world, heap);
        }
    }

    public RemoteInstallNoRefScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }
}
