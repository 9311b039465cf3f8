package org.example.mempolicy;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.scheme.PolicyScheme;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.TaskLockScheme;

/**
 * A user's scheme: installs swap task->mempolicy under task_lock (the toolkit's TaskLockScheme),
 * and every reader, the owner too, takes a reference under task_lock before using the policy.
 * Safe with remote installs (pidfd_set_mempolicy).
 */
public final class CountedLookupScheme extends TaskLockScheme {

    /** Registered in META-INF/services/io.mpolcheck.scheme.SchemeProvider. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("example-counted-lookup",
                    "Installs under task_lock; every reader takes a reference under task_lock.", "examples/user-scheme")
                    .withFeature(SchemeInfo.Feature.REMOTE_INSTALL);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new CountedLookupScheme(world, heap);
        }
    }

    public CountedLookupScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }

    @Override
    protected TaskPolicyLookup taskLookup() {
        return TaskPolicyLookup.TASK_LOCK_GET;
    }
}
