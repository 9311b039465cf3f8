/**
 * JMH benchmarks of the allocation hot path's policy lookup, shaded into
 * {@code bench/target/benchmarks.jar} and run with {@code java -jar bench/target/benchmarks.jar}
 * (never {@code exec:java}, which fails silently with an empty table).
 *
 * <ul>
 *   <li>{@link io.mpolcheck.bench.AllocPolicyLookupBenchmark}: the lookup of each benchmarkable
 *       scheme of the registry (its {@code io.mpolcheck.lookup.TaskPolicyLookup}, the code the
 *       checkers verify), 1 and 2 threads, per-task or shared policy;
 *       {@link io.mpolcheck.bench.Ratios} runs it and prints ratios to the plain load.</li>
 *   <li>{@link io.mpolcheck.bench.FastTaskPolicyAccess}: that lookup's binding to the fast
 *       primitives of {@code io.mpolcheck.kernel.fast} ({@code SpinLockFast},
 *       {@code RcuReaderFast}, {@code PercpuRefFast}, {@code RefcountFast}), over the structures
 *       {@code BenchMempolicy} and {@code BenchTask}.</li>
 * </ul>
 */
package io.mpolcheck.bench;
