package io.mpolcheck.bench;

import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.scheme.PolicyScheme;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.List;
import java.util.Optional;

/**
 * The schemes the benchmark can time, found in the registry by id: a correct scheme whose owner's
 * allocation with no VMA is one of the shared lookups and nothing more
 * ({@link PolicyScheme#allocLookup()}). The benchmark runs that lookup — the code the checkers
 * verified — on the fast primitives.
 */
final class BenchSchemes {
    /** The default {@code -p scheme=} list: one scheme per lookup, the floor first. */
    static final List<String> DEFAULT = List.of("mmap-lock-2008", "task-lock-always-ref", "percpu-ref-kill-drain",
            "rcu-deferred-free");
    /** The scheme the ratios divide by: the 2008 plain load, mainline's task-policy path. */
    static final String FLOOR = "mmap-lock-2008";

    private BenchSchemes() {
    }

    /** The lookup of scheme {@code id}; a clear error for an unknown, buggy or not benchmarkable id. */
    static TaskPolicyLookup lookupOf(String id) {
        SchemeRegistry registry = SchemeRegistry.load();
        SchemeProvider provider = registry.byId(id).orElseThrow(() -> new IllegalArgumentException(
                "no scheme '" + id + "'; benchmarkable: " + benchmarkable(registry)));
        return lookupOf(provider).orElseThrow(() -> new IllegalArgumentException(
                "scheme '" + id + "' is buggy or its allocation path is not a shared lookup; benchmarkable: "
                        + benchmarkable(registry)));
    }

    /** The ids of every scheme {@link #lookupOf(String)} accepts, in registry order. */
    static List<String> benchmarkable(SchemeRegistry registry) {
        return registry.all().stream().filter(p -> lookupOf(p).isPresent()).map(p -> p.info().id()).toList();
    }

    private static Optional<TaskPolicyLookup> lookupOf(SchemeProvider provider) {
        if (provider.info().expected().isPresent()) {
            return Optional.empty();
        }
        return provider.create(WorldConfig.SMALL, new PolicyHeap(WorldConfig.SMALL.nodes())).allocLookup();
    }
}
