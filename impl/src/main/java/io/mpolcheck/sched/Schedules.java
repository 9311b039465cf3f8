package io.mpolcheck.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The strategies: uniformly random choices from a seed; PCT (Burckhardt, Kothari, Musuvathi and
 * Nagarakatte, "A randomized scheduler with probabilistic guarantees of finding bugs", ASPLOS
 * 2010) with a small depth; choices read from bytes (a fuzzer's input); and the replay of a
 * recorded schedule line.
 */
public final class Schedules {
    private Schedules() {
    }

    /** At every choice, a task drawn uniformly among the enabled ones. */
    public static Strategy random(long seed) {
        return new Strategy() {
            private SplittableRandom rnd;

            @Override
            public void start(int tasks) {
                rnd = new SplittableRandom(seed);
            }

            @Override
            public int choose(int current, int[] enabled, int step) {
                return enabled[rnd.nextInt(enabled.length)];
            }

            @Override
            public String describe() {
                return "random(seed " + seed + ")";
            }
        };
    }

    /**
     * PCT of depth {@code depth}: tasks get distinct random priorities, the highest-priority enabled
     * task runs, and at {@code depth - 1} change points drawn among the first {@code steps} steps
     * the running task drops below every initial priority. A bug that needs {@code d} ordering
     * constraints is found with probability at least {@code 1 / (n * k^(d-1))} per run.
     */
    public static Strategy pct(long seed, int depth, int steps) {
        if (depth < 1 || steps < 1) {
            throw new IllegalArgumentException("pct needs depth >= 1 and steps >= 1: " + depth + ", " + steps);
        }
        return new Pct(seed, depth, steps);
    }

    /**
     * Choices read from {@code data}, one byte each ({@code enabled[b % enabled.length]}); once the
     * bytes run out, the current task goes on if it can, else the lowest enabled one.
     */
    public static Strategy bytes(byte[] data) {
        byte[] copy = data.clone();
        return new Strategy() {
            private int next;

            @Override
            public void start(int tasks) {
                next = 0;
            }

            @Override
            public int choose(int current, int[] enabled, int step) {
                if (next < copy.length) {
                    return enabled[(copy[next++] & 0xff) % enabled.length];
                }
                return Arrays.binarySearch(enabled, current) >= 0 ? current : enabled[0];
            }

            @Override
            public String describe() {
                return "bytes(" + copy.length + ")";
            }
        };
    }

    /**
     * The replay of a schedule line as {@link Schedule#line()} prints it ({@code "0x5,1x3,2"}: task
     * 0 at five choices, task 1 at three, task 2 at one). A choice of a task that is not enabled,
     * or a run needing more choices than the line has, means the line belongs to another scenario
     * or scheme: {@link IllegalArgumentException}.
     */
    public static Strategy replay(String line) {
        int[] choices = parse(line);
        return new Strategy() {
            private int next;

            @Override
            public void start(int tasks) {
                next = 0;
            }

            @Override
            public int choose(int current, int[] enabled, int step) {
                if (next >= choices.length) {
                    throw new IllegalArgumentException("the schedule line ends after " + choices.length
                            + " choices, but this run needs more: it was recorded for another scenario or scheme");
                }
                int task = choices[next++];
                if (Arrays.binarySearch(enabled, task) < 0) {
                    throw new IllegalArgumentException("choice " + next + " of the schedule line is t" + task
                            + ", which cannot run here (enabled: " + Arrays.toString(enabled)
                            + "): it was recorded for another scenario or scheme");
                }
                return task;
            }

            @Override
            public String describe() {
                return "replay";
            }
        };
    }

    /** The choices of a schedule line; {@link IllegalArgumentException} with the reason if malformed. */
    public static int[] parse(String line) {
        List<Integer> out = new ArrayList<>();
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.equals("-")) {
            return new int[0];
        }
        for (String part : trimmed.split(",")) {
            String[] tx = part.strip().split("x", -1);
            try {
                int task = Integer.parseInt(tx[0]);
                int times = tx.length == 2 ? Integer.parseInt(tx[1]) : 1;
                if (tx.length > 2 || task < 0 || times < 1) {
                    throw new NumberFormatException();
                }
                for (int i = 0; i < times; i++) {
                    out.add(task);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad schedule line near '" + part.strip()
                        + "': expected comma-separated TASK or TASKxTIMES, e.g. 0x5,1x3,2");
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static final class Pct implements Strategy {
        private final long seed;
        private final int depth;
        private final int steps;
        private int[] priority;
        private int[] changeAt;
        private int changes;

        Pct(long seed, int depth, int steps) {
            this.seed = seed;
            this.depth = depth;
            this.steps = steps;
        }

        @Override
        public void start(int tasks) {
            SplittableRandom rnd = new SplittableRandom(seed);
            priority = new int[tasks];
            for (int t = 0; t < tasks; t++) {
                priority[t] = depth + t;
            }
            for (int t = tasks - 1; t > 0; t--) {
                int j = rnd.nextInt(t + 1);
                int x = priority[t];
                priority[t] = priority[j];
                priority[j] = x;
            }
            changeAt = new int[depth - 1];
            for (int i = 0; i < changeAt.length; i++) {
                changeAt[i] = 1 + rnd.nextInt(steps);
            }
            Arrays.sort(changeAt);
            changes = 0;
        }

        @Override
        public int choose(int current, int[] enabled, int step) {
            while (changes < changeAt.length && changeAt[changes] <= step) {
                if (current >= 0) {
                    priority[current] = depth - 1 - changes;
                }
                changes++;
            }
            int best = enabled[0];
            for (int t : enabled) {
                if (priority[t] > priority[best]) {
                    best = t;
                }
            }
            return best;
        }

        @Override
        public String describe() {
            return "pct(seed " + seed + ", depth " + depth + ")";
        }
    }
}
