package io.mpolcheck.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.Result;
import java.util.List;
import java.util.Optional;

/**
 * Test fixture for the specification tests: one {@link MempolicyModel}, driven by lines in the op
 * text syntax ({@link OpFormat}), with the two checks every specification test needs — "this call
 * gives that result" and "this failing call changes nothing".
 *
 * <p>{@link #small()} is {@link WorldConfig#SMALL}: nodes 0-3; {@code t0} (on node 0) and
 * {@code t1} (on node 1) are two threads of one process with address space {@code mm0};
 * {@code t2} (on node 2) is a process of its own ({@code mm1}); {@code fork} may add three more
 * tasks; {@code TASK_SIZE} is 0x20000, {@code mmap_min_addr} 0x1000, a huge page 0x2000.
 */
final class World {
    private final MempolicyModel model;

    private World(WorldConfig config) {
        this.model = new MempolicyModel(config);
    }

    static World small() {
        return new World(WorldConfig.SMALL);
    }

    /** A world of {@code WorldConfig.parse(config)}, e.g. {@code "nodes=64"}. */
    static World of(String config) {
        return new World(WorldConfig.parse(config));
    }

    /**
     * Applies every operation of {@code script}; a line that ends in {@code = result} (as in a
     * printed trace) must give exactly that result. Blank lines and {@code #} comments are skipped.
     */
    World given(String script) {
        for (String raw : script.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Op op = OpFormat.parse(line);
            Result actual = model.apply(op);
            int eq = line.indexOf(" = ", line.indexOf(')'));
            if (eq >= 0) {
                assertThat(actual).as(line).hasToString(line.substring(eq + 3).strip());
            }
        }
        return this;
    }

    /** Applies one operation and returns what user space sees. */
    Result run(String line) {
        return model.apply(OpFormat.parse(line));
    }

    /** Applies one operation that must succeed with exactly {@code expected} (its printed form). */
    void gives(String line, String expected) {
        assertThat(run(line)).as(line).hasToString(expected);
    }

    /** Applies one operation, which must fail with {@code errno} and leave the whole world, ghost state included, as it was. */
    void failsUnchanged(String line, Errno errno) {
        WorldView before = model.view();
        Result result = run(line);
        assertThat(result).as(line).isEqualTo(Result.error(errno));
        assertThat(model.view()).as("world after the failed " + line).isEqualTo(before);
    }

    /** Applies one operation, which must succeed and leave the world as it was (a pure query). */
    Result query(String line) {
        WorldView before = model.view();
        Result result = run(line);
        assertThat(result).as(line).isNotInstanceOf(Result.Error.class);
        assertThat(model.view()).as("world after " + line).isEqualTo(before);
        return result;
    }

    WorldView view() {
        return model.view();
    }

    GhostState ghost() {
        return model.ghost();
    }

    TaskView task(int id) {
        return model.view().tasks().get(id);
    }

    /** The policy value of task {@code id}, empty when it has none. */
    Optional<Mempolicy> taskPolicy(int id) {
        return task(id).policy().map(PolicyRef::value);
    }

    /** The VMAs of {@code mm}, in address order. */
    List<Vma> vmas(int mm) {
        return model.view().mms().get(mm);
    }

    /** The VMAs of {@code mm}, each printed as {@code [start-end) kind policy}, with no object identities. */
    List<String> layout(int mm) {
        return vmas(mm).stream()
                .map(v -> String.format("[0x%x-0x%x) %s pgoff=%d %s", v.start(), v.end(), v.kind().token(), v.pgoff(),
                        v.policyValue().map(Mempolicy::toString).orElse("-")))
                .toList();
    }

    /** The VMA of {@code mm} that contains {@code addr}. */
    Vma vmaAt(int mm, long addr) {
        return vmas(mm).stream().filter(v -> v.contains(addr)).findFirst()
                .orElseThrow(() -> new AssertionError(String.format("no VMA at 0x%x in mm%d", addr, mm)));
    }
}
