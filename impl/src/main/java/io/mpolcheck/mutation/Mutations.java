package io.mpolcheck.mutation;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mutation state of one schedule-engine run: which primitive call sites the scheme reached
 * (recorded on every run that has a {@code Mutations}), and the one {@link Mutant} to apply, if
 * any. The primitives ask it through {@link #applies} at each call; outside such a run (Lincheck,
 * benchmarks, plain tests) there is none and the question costs one volatile read (an
 * {@code InheritableThreadLocal} made the schedule engine a fifth slower; Lincheck ignores this
 * class, {@code LincheckAdapter}).
 *
 * <p>It is installed for the whole JVM while {@link #during} runs: the schedule engine's set-up,
 * its task threads and its teardown all see it. One mutated run at a time.
 *
 * <p>Not modelled: mutants at sites outside scheme code (the kernel primitives' own calls), and two
 * calls of one primitive on one source line told apart.
 */
public final class Mutations {
    /** The installed state, for the whole JVM: one mutated run at a time (mutate and its tests run checks one after another). */
    private static volatile Mutations installed;

    private final Mutant mutant;
    private final Map<Site, Set<Operator.Primitive>> reached = new TreeMap<>();
    private final Map<Thread, Set<Object>> unlocksToSkip = new IdentityHashMap<>();
    private int applied;

    private Mutations(Mutant mutant) {
        this.mutant = mutant;
    }

    /** A run that applies nothing and records the sites it reaches. */
    public static Mutations recording() {
        return new Mutations(null);
    }

    /** A run that applies {@code mutant} (and records the sites it reaches). */
    public static Mutations applying(Mutant mutant) {
        return new Mutations(mutant);
    }

    /** Runs {@code body} with this state installed (for every thread of the JVM, until it returns). */
    public <T> T during(java.util.function.Supplier<T> body) {
        Mutations outer = installed;
        installed = this;
        try {
            return body.get();
        } finally {
            installed = outer;
        }
    }

    /**
     * Called by a primitive of kind {@code operator.primitive()}: records the calling site and says
     * whether the installed mutant changes this call.
     */
    public static boolean applies(Operator operator) {
        Mutations m = installed;
        return m != null && m.at(operator);
    }

    /** Called by a lock primitive: whether the installed mutant drops this lock (and, later, its unlock). */
    public static boolean dropsLock(Object lock) {
        Mutations m = installed;
        if (m == null || !m.at(Operator.DROP_LOCK)) {
            return false;
        }
        synchronized (m) {
            m.unlocksToSkip.computeIfAbsent(Thread.currentThread(), t -> new HashSet<>()).add(lock);
        }
        return true;
    }

    /** Called by an unlock primitive: whether this unlock matches a dropped lock of the same thread (then it is not made). */
    public static boolean dropsUnlock(Object lock) {
        Mutations m = installed;
        if (m == null) {
            return false;
        }
        synchronized (m) {
            Set<Object> skip = m.unlocksToSkip.get(Thread.currentThread());
            return skip != null && skip.remove(lock);
        }
    }

    private boolean at(Operator operator) {
        Optional<Site> site = callerSite();
        if (site.isEmpty()) {
            return false;
        }
        synchronized (this) {
            reached.computeIfAbsent(site.get(), s -> new TreeSet<>()).add(operator.primitive());
            if (mutant != null && mutant.operator() == operator && mutant.site().equals(site.get())) {
                applied++;
                return true;
            }
            return false;
        }
    }

    /** The primitive call sites reached so far, with the kinds of primitive called at each. */
    public synchronized Map<Site, Set<Operator.Primitive>> reached() {
        Map<Site, Set<Operator.Primitive>> copy = new TreeMap<>();
        reached.forEach((s, p) -> copy.put(s, Collections.unmodifiableSet(new TreeSet<>(p))));
        return copy;
    }

    /** How many calls the mutant changed (0: the mutant's site was not reached in this run). */
    public synchronized int applied() {
        return applied;
    }

    private static Optional<Site> callerSite() {
        List<StackWalker.StackFrame> scheme = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> isSchemeCode(f.getClassName()))
                .limit(2)
                .toList());
        if (scheme.isEmpty()) {
            return Optional.empty();
        }
        StackWalker.StackFrame f = scheme.get(0);
        String via = scheme.size() < 2 ? "" : scheme.get(1).getMethodName() + ":" + scheme.get(1).getLineNumber();
        return Optional.of(new Site(simpleName(f.getClassName()), f.getMethodName(), f.getLineNumber(), via));
    }

    /**
     * A scheme's or a lookup's own code; not the facades that bind a lookup to the primitives
     * ({@code TaskPolicyAccess} and its bindings), which are primitives seen from the lookup.
     */
    private static boolean isSchemeCode(String className) {
        return (className.startsWith("io.mpolcheck.scheme.") || className.startsWith("io.mpolcheck.lookup."))
                && !className.endsWith("TaskPolicyAccess");
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
