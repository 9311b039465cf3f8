package io.mpolcheck.cli;

import io.mpolcheck.model.WorldConfig;
import java.util.ArrayList;
import java.util.List;

/** The options and positional arguments of one command, with one-line errors for bad input. */
final class Options {
    final List<String> positional = new ArrayList<>();
    WorldConfig world = WorldConfig.SMALL;
    String scheme;
    String profile;
    Long seed;
    String engine;
    String schedule;
    Integer seeds;
    Integer jobs;
    boolean markdown;

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--world")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--world needs a value, e.g. --world \"nodes=4 processes=2,1\"");
                }
                try {
                    o.world = WorldConfig.parse(args[++i]);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("bad --world: " + e.getMessage());
                }
            } else if (a.equals("--scheme") || a.equals("--profile") || a.equals("--seed") || a.equals("--engine")
                    || a.equals("--schedule") || a.equals("--seeds") || a.equals("--jobs")) {
                if (i + 1 >= args.length) {
                    throw new UsageException(a + " needs a value");
                }
                set(o, a, args[++i]);
            } else if (a.equals("--markdown")) {
                o.markdown = true;
            } else if (a.startsWith("--")) {
                throw new UsageException("unknown option '" + a + "'");
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    private static void set(Options o, String option, String value) {
        switch (option) {
            case "--scheme" -> o.scheme = value;
            case "--profile" -> o.profile = value;
            case "--engine" -> o.engine = value;
            case "--schedule" -> o.schedule = value;
            case "--seeds" -> o.seeds = positive("--seeds", value);
            case "--jobs" -> o.jobs = positive("--jobs", value);
            default -> {
                try {
                    o.seed = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new UsageException("--seed must be a whole number, was '" + value + "'");
                }
            }
        }
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " must be a positive whole number, was '" + value + "'");
    }
}
