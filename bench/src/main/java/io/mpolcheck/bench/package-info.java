/**
 * JMH benchmarks of the schemes' hot paths (policy lookup, get and put) and of the checkers'
 * costs, with schemes selected through the scheme enum factory; they are shaded into
 * {@code bench/target/benchmarks.jar} and run with {@code java -jar bench/target/benchmarks.jar}.
 */
package io.mpolcheck.bench;
