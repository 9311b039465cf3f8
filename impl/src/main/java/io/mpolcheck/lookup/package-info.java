/**
 * The lookup code that the checkers verify and the benchmarks time:
 * {@link io.mpolcheck.lookup.TaskPolicyLookup} ({@code get_task_policy()} and what keeps its
 * result alive, once per scheme family), written against {@link io.mpolcheck.lookup.TaskPolicyAccess},
 * which the schemes bind to the tracked primitives and the benchmark to the fast ones.
 */
package io.mpolcheck.lookup;
