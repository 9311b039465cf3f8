package io.mpolcheck.bench;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link AllocPolicyLookupBenchmark} through JMH's {@link Runner} (its annotations give the
 * defaults: 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement) and prints, after JMH's own table, the
 * {@link RatioTable}: each scheme's ns/op ± error and its ratio to {@link BenchSchemes#FLOOR} at
 * the same sharing and thread count. Arguments are JMH's command-line options and override the
 * defaults ({@code -wi}, {@code -i}, {@code -r}, {@code -p scheme=...}, a benchmark regex...).
 * Exits with 1 when JMH produced no result, so an empty run never passes for a measurement.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar io.mpolcheck.bench.Ratios
 * </pre>
 */
public final class Ratios {
    private Ratios() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(commandLine).shouldFailOnError(true);
        if (commandLine.getIncludes().isEmpty()) {
            options.include(AllocPolicyLookupBenchmark.class.getName() + "\\.");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.isEmpty()) {
            System.err.println("JMH produced no result: nothing measured.");
            System.exit(1);
        }
        System.out.println();
        System.out.println("Ratios to " + BenchSchemes.FLOOR + " at the same sharing and threads"
                + " (error: JMH's 99.9 % confidence half-width):");
        System.out.print(RatioTable.render(rows(results), BenchSchemes.FLOOR));
    }

    private static List<RatioTable.Row> rows(Collection<RunResult> results) {
        return results.stream()
                .map(Ratios::row)
                .sorted(Comparator.comparing((RatioTable.Row r) -> Sharing.valueOf(r.sharing()))
                        .thenComparingInt(RatioTable.Row::threads)
                        .thenComparingInt(r -> order(r.scheme())))
                .toList();
    }

    /** The default list's order; other schemes (given with {@code -p scheme=}) after it. */
    private static int order(String scheme) {
        int i = BenchSchemes.DEFAULT.indexOf(scheme);
        return i >= 0 ? i : BenchSchemes.DEFAULT.size();
    }

    private static RatioTable.Row row(RunResult result) {
        BenchmarkParams params = result.getParams();
        Result<?> primary = result.getPrimaryResult();
        return new RatioTable.Row(params.getParam("scheme"), params.getParam("sharing"),
                params.getThreads(), primary.getScore(), primary.getScoreError());
    }
}
