package io.mpolcheck.cli;

/** The options of {@code verify} and {@code compare}, as the command line ({@link Cli}) gave them; null where not given. */
final class Options {
    String scheme;
    String profile;
    Long seed;
    String engine;
    String schedule;
    Integer seeds;
    Integer jobs;
    String format;
    String output;
    String classpath;
    String shard;
    boolean debug;
    boolean witness;
}
