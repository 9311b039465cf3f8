/**
 * JMH benchmarks of the allocation hot path's policy lookup, shaded into
 * {@code bench/target/benchmarks.jar} and run with {@code java -jar bench/target/benchmarks.jar}
 * (never {@code exec:java}, which fails silently with an empty table).
 *
 * <ul>
 *   <li>{@link io.mpolcheck.bench.AllocPolicyLookupBenchmark}: the lookup under each
 *       {@link io.mpolcheck.bench.LookupScheme}, 1 and 2 threads, per-task or shared policy;
 *       {@link io.mpolcheck.bench.Ratios} runs it and prints ratios to the plain load.</li>
 *   <li>Fast primitives that follow the kernel's fast paths, for measuring (not the tracking
 *       primitives of {@code io.mpolcheck.kernel}, which are monitors with KASAN-style
 *       reports): {@code RwSemaphoreFast} ({@code mmap_lock}), {@code SpinLockFast}
 *       ({@code task_lock}), {@code RcuReaderFast}/{@code RcuDomainFast} (preemptible RCU's
 *       read side, {@code synchronize_rcu}), {@code PercpuRefFast} ({@code percpu_ref}), and the
 *       structures {@code BenchMempolicy}, {@code BenchTask}, {@code BenchVma}.</li>
 * </ul>
 */
package io.mpolcheck.bench;
