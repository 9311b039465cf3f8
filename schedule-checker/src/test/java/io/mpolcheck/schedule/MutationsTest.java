package io.mpolcheck.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.mutation.Mutant;
import io.mpolcheck.mutation.Mutations;
import io.mpolcheck.mutation.Operator;
import io.mpolcheck.mutation.Site;
import io.mpolcheck.report.Verdict;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Mutants at the primitives' call sites ({@link Mutations}), under the schedule engine: a recording
 * run finds the sites a correct scheme reaches; a mutant at one of them changes the scheme's
 * behaviour there and the engine kills it; a mutant at a site never reached is reported as such;
 * with nothing installed, nothing changes.
 */
class MutationsTest {
    /**
     * The {@code ci} profile's first 10 scenarios (of 40): the sample's mutants are killed within
     * them, and recording four schemes over all 40 took half a minute of CI.
     */
    private static final ScheduleBudget CI = new ScheduleBudget("ci", 10, ScheduleBudget.CI.schedules(),
            ScheduleBudget.CI.threads(), ScheduleBudget.CI.opsPerThread(), ScheduleBudget.CI.world());

    private static SchemeProvider scheme(String id) {
        return SchemeRegistry.load().byId(id).orElseThrow();
    }

    private static Verdict check(SchemeProvider p, Mutations m) {
        return m.during(() -> ScheduleChecker.check(p, CI, 1, line -> { }));
    }

    private static Site reached(Map<Site, Set<Operator.Primitive>> sites, String at, Operator.Primitive kind) {
        return sites.entrySet().stream().filter(e -> e.getKey().toString().startsWith(at) && e.getValue().contains(kind))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " site " + at + " in " + sites.keySet()));
    }

    @Test
    void aRecordingRun_findsTheSitesAndChangesNothing() {
        Mutations recording = Mutations.recording();
        Verdict v = check(scheme("mmap-lock-2008"), recording);

        assertThat(v.actual()).isEmpty();
        assertThat(recording.applied()).isZero();
        Map<Site, Set<Operator.Primitive>> sites = recording.reached();
        reached(sites, "MmapLockScheme.release:", Operator.Primitive.PUT);
        reached(sites, "MmapLockScheme.underReadLock:", Operator.Primitive.LOCK);
        reached(sites, "MmapLockScheme.underWriteLockChange:", Operator.Primitive.LOCK);
    }

    /** The CI sample of the mutation operators: a few mutants of each kind that the schedule engine must kill. */
    @Test
    void theSampleMutants_areKilled() {
        assertKilled("mmap-lock-2008", "MmapLockScheme.release:", Operator.DROP_PUT, ViolationClass.LEAK);
        assertKilled("mmap-lock-2008", "MmapLockScheme.release:", Operator.DOUBLE_PUT, null);
        assertKilled("mmap-lock-2008", "MmapLockScheme.underWriteLockChange:", Operator.DROP_LOCK, null);
        assertKilled("rcu-deferred-free", "RcuDeferredFreeScheme.", Operator.SYNC_FREE, null);
        assertKilled("task-lock-always-ref", "TaskPolicyLookup", Operator.DROP_GET, null);
        assertKilled("percpu-ref-kill-drain", "PercpuRefKillDrainScheme.release:", Operator.DROP_KILL, ViolationClass.LEAK);
    }

    private static final Map<String, Map<Site, Set<Operator.Primitive>>> RECORDED = new java.util.HashMap<>();

    private static void assertKilled(String id, String at, Operator op, ViolationClass expected) {
        SchemeProvider p = scheme(id);
        Map<Site, Set<Operator.Primitive>> sites = RECORDED.computeIfAbsent(id, k -> {
            Mutations recording = Mutations.recording();
            check(p, recording);
            return recording.reached();
        });
        Mutant mutant = new Mutant(reached(sites, at, op.primitive()), op);
        Mutations applying = Mutations.applying(mutant);

        Verdict v = check(p, applying);

        assertThat(applying.applied()).as("%s: %s was reached", id, mutant).isPositive();
        assertThat(v.actual()).as("%s: %s must be killed", id, mutant).isPresent();
        if (expected != null) {
            assertThat(v.actual()).contains(expected);
        }
    }

    @Test
    void aMutantWhoseSiteIsNeverReached_changesNothing() {
        Mutations applying = Mutations.applying(new Mutant(new Site("NoSuchScheme", "nowhere", 1, ""), Operator.DROP_PUT));

        Verdict v = check(scheme("mmap-lock-2008"), applying);

        assertThat(v.actual()).isEmpty();
        assertThat(applying.applied()).isZero();
    }

    @Test
    void outsideAMutatedRun_thePrimitivesAreNotMutated() {
        assertThat(Mutations.applies(Operator.DROP_PUT)).isFalse();
        assertThat(Mutations.dropsLock(new Object())).isFalse();
        assertThat(Optional.of(check(scheme("mmap-lock-2008"), Mutations.recording()).actual())).contains(Optional.empty());
    }
}
