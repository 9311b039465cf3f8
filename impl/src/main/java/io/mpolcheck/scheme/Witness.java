package io.mpolcheck.scheme;

import io.mpolcheck.op.OpFormat;
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.ScenarioSource;
import java.util.List;
import java.util.Objects;

/**
 * A buggy scheme's counterexample as the catalogue tells it, declared beside the scheme: the
 * operations that set the world up, each task's operations in the parallel part (one thread per
 * entry, operations separated by newlines, in the operation syntax), and the id of the correct
 * scheme that fixes the bug. The checkers must find the scheme's declared verdict on it, pass it on
 * the fixing scheme, and lose it when the oracle that finds it is turned off (the heap's reports
 * for a lifetime class, the scheme's own answers for {@code NON_LINEARIZABLE}).
 *
 * <p>{@code init} follows the world's standard set-up ({@link #TASK_VMA_SETUP} or, for a scheme with
 * {@link SchemeInfo.Feature#SHARED_POLICY}, {@link #SHARED_SETUP}), which the checker runs first.
 *
 * @param init extra set-up operations after the world's, one per line (may be empty)
 * @param threads each thread's operations, one per line
 * @param fixedBy the id of the registered correct scheme on which the same scenario passes
 */
public record Witness(String init, List<String> threads, String fixedBy) {

    /** The task/VMA world's set-up: mm0 maps four anonymous pages at 0x2000 and two huge pages at 0x8000. */
    public static final String TASK_VMA_SETUP = "t0 mmap(0x2000, 0x4000, anon)\nt0 mmap(0x8000, 0x4000, hugetlb)\n";

    /**
     * The shared-segment world's set-up: one four-page segment attached by mm0 at 0x4000 (after an
     * anonymous VMA) and by mm1 (t2) at 0x8000, with one policy over it.
     */
    public static final String SHARED_SETUP = """
            t0 mmap(0x2000, 0x2000, anon)
            t0 shmget(IPC_PRIVATE, 0x4000, IPC_CREAT|0600)
            t0 shmat(0, 0x4000, 0)
            t2 shmat(0, 0x8000, 0)
            t0 mbind(0x4000, 0x4000, MPOL_BIND, {0}, 65, 0)
            """;

    public Witness {
        Objects.requireNonNull(init, "init");
        threads = List.copyOf(threads);
        Objects.requireNonNull(fixedBy, "fixedBy");
        if (threads.size() < 2) {
            throw new IllegalArgumentException("a witness races at least two threads, got " + threads.size());
        }
    }

    /** A witness with no set-up beyond the world's. */
    public static Witness of(String fixedBy, String... threads) {
        return new Witness("", List.of(threads), fixedBy);
    }

    /** A witness with extra set-up operations ({@code init}, one per line). */
    public static Witness withInit(String init, String fixedBy, String... threads) {
        return new Witness(init, List.of(threads), fixedBy);
    }

    /** The whole set-up for a scheme in the shared-segment world ({@code shared}) or the task/VMA world. */
    public String setUp(boolean shared) {
        String extra = init.isEmpty() || init.endsWith("\n") ? init : init + "\n";
        return (shared ? SHARED_SETUP : TASK_VMA_SETUP) + extra;
    }

    /** The witness as a scenario: the whole set-up ({@link #setUp}) and each thread's operations, parsed. */
    public Scenario scenario(boolean shared) {
        return new Scenario(OpFormat.parseAll(setUp(shared)), threads.stream().map(OpFormat::parseAll).toList());
    }

    /**
     * The witness as the only scenario of a check, whatever the seed: in the shared-segment world
     * ({@code shared}), whose one segment teardown removes, or in the task/VMA world.
     */
    public ScenarioSource source(boolean shared) {
        Scenario scenario = scenario(shared);
        return new ScenarioSource() {
            @Override
            public Scenario generate(long seed) {
                return scenario;
            }

            @Override
            public int segments() {
                return shared ? 1 : 0;
            }
        };
    }
}
