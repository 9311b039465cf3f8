package io.mpolcheck.model;

import java.util.Optional;

/**
 * A task as the reference model sees it after a step.
 *
 * @param id the task number ({@code tN})
 * @param mm its address space ({@code mmN})
 * @param alive false once it has exited
 * @param node the node of the CPU it runs on ({@code numa_node_id()})
 * @param ilPrev {@code task->il_prev}: the last node task-level interleaving used
 * @param policy {@code task->mempolicy}; empty means none (the system default)
 */
public record TaskView(int id, int mm, boolean alive, int node, int ilPrev, Optional<PolicyRef> policy) {

    @Override
    public String toString() {
        return "t" + id + (alive ? "" : " (exited)") + " mm" + mm + " node" + node + " il_prev=" + ilPrev + " mempolicy="
                + policy.map(PolicyRef::toString).orElse("NULL");
    }
}
