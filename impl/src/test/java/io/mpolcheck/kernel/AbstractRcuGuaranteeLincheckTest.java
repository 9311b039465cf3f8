package io.mpolcheck.kernel;

import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * RCU's guarantee as both bindings offer it: a reader that loaded a pointer inside its read-side
 * section may use the object until the section ends, because the updater that unpublished the
 * object waits in {@code synchronize_rcu()} before freeing it. Readers {@code 0} and {@code 1}
 * each open and close a section within one operation (load the published object, then check that
 * it is not freed); the updater publishes a new object, waits for a grace period and marks the
 * old one freed. Against {@link Spec} every read is {@code "ok"}: a grace period that does not
 * wait for a reader shows as a {@code "UAF"}.
 *
 * <p>Sections end within their operation, so a blocking {@code synchronize_rcu()} is allowed here
 * (unlike {@link AbstractRcuLincheckTest}, which keeps sections open across operations and
 * drives the tracked {@link Rcu}'s grace-period machine step by step). This is the test that the
 * tracked domain and the benchmarks' fast one ({@code RcuReaderFast}/{@code RcuDomainFast}) both
 * pass.
 *
 * <p>How to run one: {@code mvn -B -pl impl -am verify -Dtest=RcuGuaranteeLincheckTest}.
 */
public abstract class AbstractRcuGuaranteeLincheckTest {

    /** One RCU domain with readers {@code 0} and {@code 1}, as the test uses it. */
    public interface Domain {
        void readLock(int r);

        void readUnlock(int r);

        /** {@code synchronize_rcu()}: returns once every section running at the call has ended. */
        void synchronize();
    }

    /** The published object: its version, and whether the updater freed it. */
    static final class Version {
        final int number;
        volatile boolean freed;

        Version(int number) {
            this.number = number;
        }
    }

    private final Domain domain;
    private final Class<? extends LincheckFailure> expectedFailure;
    private volatile Version published = new Version(0);

    protected AbstractRcuGuaranteeLincheckTest(Domain domain, Class<? extends LincheckFailure> expectedFailure) {
        this.domain = domain;
        this.expectedFailure = expectedFailure;
    }

    @Operation(nonParallelGroup = "reader0")
    public String read0() {
        return read(0);
    }

    @Operation(nonParallelGroup = "reader1")
    public String read1() {
        return read(1);
    }

    /** {@code rcu_read_lock(); v = rcu_dereference(published); use v; rcu_read_unlock()}. */
    private String read(int r) {
        domain.readLock(r);
        try {
            Version v = published;
            return v.freed ? "UAF" : "ok";
        } finally {
            domain.readUnlock(r);
        }
    }

    /** {@code old = published; rcu_assign_pointer(published, new); synchronize_rcu(); kfree(old)}. */
    @Operation(nonParallelGroup = "updater")
    public String update() {
        Version old = published;
        published = new Version(old.number + 1);
        domain.synchronize();
        old.freed = true;
        return "ok";
    }

    /** The sequential specification: a reader never sees a freed object. */
    public static final class Spec {
        public String read0() {
            return "ok";
        }

        public String read1() {
            return "ok";
        }

        public String update() {
            return "ok";
        }
    }

    @Test
    public void modelChecking() {
        var options = KernelLincheckBudget.modelChecking().sequentialSpecification(Spec.class);
        if (expectedFailure == null) {
            LincheckVerdicts.assertPasses(options, getClass());
        } else {
            LincheckVerdicts.assertFails(options, getClass(), expectedFailure);
        }
    }

    /* --------------- Adapters --------------- */

    /** The tracked {@link Rcu} with two readers. */
    static Domain tracked(Rcu rcu) {
        return new Domain() {
            @Override
            public void readLock(int r) {
                rcu.readLock(r);
            }

            @Override
            public void readUnlock(int r) {
                rcu.readUnlock(r);
            }

            @Override
            public void synchronize() {
                rcu.synchronize();
            }
        };
    }
}
