package org.example.mempolicy;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.scheme.PolicyScheme;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.TaskLockScheme;

/**
 * The same user's first attempt, which it believes correct: installs under task_lock, but the
 * owner still reads its own policy with a plain load and no reference, as it could before
 * pidfd_set_mempolicy. A remote install frees the policy the owner is using.
 */
public final class PlainLookupScheme extends TaskLockScheme {

    /** Registered in META-INF/services/io.mpolcheck.scheme.SchemeProvider. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.correct("example-plain-lookup",
                    "Installs under task_lock; the owner reads its policy without a reference.", "examples/user-scheme")
                    .withFeature(SchemeInfo.Feature.REMOTE_INSTALL);
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new PlainLookupScheme(world, heap);
        }
    }

    public PlainLookupScheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap);
    }
}
