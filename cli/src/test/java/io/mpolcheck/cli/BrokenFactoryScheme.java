package io.mpolcheck.cli;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.scheme.PolicyScheme;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;

/** A user's scheme that cannot be built (test only): {@code verify} must report a CHECKER_ERROR row, not a stack trace. */
public final class BrokenFactoryScheme implements SchemeProvider {
    @Override
    public SchemeInfo info() {
        return SchemeInfo.correct("test-broken-factory", "its factory always throws", "test fixture");
    }

    @Override
    public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
        throw new IllegalStateException("test-broken-factory: no scheme today");
    }
}
