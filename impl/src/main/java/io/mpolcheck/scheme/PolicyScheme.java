package io.mpolcheck.scheme;

import io.mpolcheck.lookup.TaskPolicyLookup;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.Result;
import java.util.Optional;

/**
 * One concurrent implementation of the memory-policy operations: how a kernel (or a proposal)
 * locks, references and frees {@code struct mempolicy}. {@link #apply(Op)} is called on the thread
 * of the task that issues the operation ({@code op.task()}); operations of one task never run in
 * parallel with each other, operations of different tasks may. Every policy object must come from
 * the {@code PolicyHeap} the scheme was created with, and every read of one must go through it,
 * so that the lifetime oracle sees each allocation, dereference and free. Every answer must be
 * computed from the values the scheme read ({@link io.mpolcheck.model.PolicyAnswers} has the
 * rules): the checkers compare the answers with the reference model, so an answer taken from a
 * model would make that comparison vacuous.
 */
public interface PolicyScheme {

    /** Performs {@code op} for task {@code op.task()} and returns what user space would see. */
    Result apply(Op op);

    /**
     * Runs whatever deferred work is pending (task_work, RCU callbacks) so that the world is
     * quiescent; called after teardown, before the leak check. Schemes without deferred work
     * need nothing here.
     */
    default void quiesce() {
    }

    /**
     * The task-policy lookup ({@code get_task_policy()} and what keeps its result alive) that this
     * scheme's owner runs for an allocation with no VMA, when that path is one of the shared
     * {@link TaskPolicyLookup}s and nothing more (no lock around it): the JMH benchmark runs
     * exactly that code on fast primitives, selected by the scheme's id. Empty for a scheme whose
     * path is not (the default).
     */
    default Optional<TaskPolicyLookup> allocLookup() {
        return Optional.empty();
    }
}
