package io.mpolcheck.scenario;

import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import java.util.List;

/**
 * One concurrent scenario in the toolkit's own terms: operations run one after another before
 * ({@code init}), then each task's list on its own thread in parallel, then teardown (every task
 * slot exits) and the lifetime check. Prints in the operation syntax, so it can be stored and replayed.
 */
public record Scenario(List<Op> init, List<List<Op>> parallel) {

    public Scenario {
        init = List.copyOf(init);
        parallel = parallel.stream().map(List::copyOf).toList();
    }

    /** The tasks whose operations thread {@code thread} of the parallel part runs ({@code "t2"}), in order of first use. */
    public List<String> tasksOf(int thread) {
        return parallel.get(thread).stream().map(op -> "t" + op.task()).distinct().toList();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("# init\n").append(OpFormat.printAll(init));
        for (int t = 0; t < parallel.size(); t++) {
            sb.append("# parallel, thread ").append(t).append(": ").append(String.join(", ", tasksOf(t))).append('\n')
                    .append(OpFormat.printAll(parallel.get(t)));
        }
        return sb.append("# teardown: every task slot exits, then the leak check\n").toString();
    }
}
