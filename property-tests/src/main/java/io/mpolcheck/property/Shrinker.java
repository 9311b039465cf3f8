package io.mpolcheck.property;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A small delta-debugging minimizer (Zeller and Hildebrandt's ddmin) for a failing operation list:
 * it removes chunks, then single operations, as long as the list still fails. The result is
 * 1-minimal: removing any one operation makes the failure go away. Jazzer does not shrink in
 * JUnit mode, so {@link Counterexample} calls this before it prints a finding.
 *
 * <p>The predicate is re-run from a fresh world on every try, so removing an operation may change
 * the meaning of later ones (a removed {@code fork} renumbers later children); that is fine: the
 * result is whatever smaller list still fails. Tries are capped at {@link #MAX_TRIES}.
 */
public final class Shrinker {
    /** The most predicate runs one minimization spends. */
    public static final int MAX_TRIES = 5_000;

    private Shrinker() {
    }

    /** A 1-minimal sublist of {@code failing} for which {@code fails} still holds. */
    public static <T> List<T> minimize(List<T> failing, Predicate<List<T>> fails) {
        List<T> current = List.copyOf(failing);
        int n = 2;
        int tries = 0;
        while (current.size() >= 2 && tries < MAX_TRIES) {
            List<List<T>> chunks = split(current, n);
            boolean reduced = false;
            for (List<T> chunk : chunks) {
                tries++;
                if (fails.test(chunk)) {
                    current = chunk;
                    n = 2;
                    reduced = true;
                    break;
                }
            }
            for (int i = 0; !reduced && n > 2 && i < chunks.size(); i++) {
                List<T> complement = complement(chunks, i);
                tries++;
                if (fails.test(complement)) {
                    current = complement;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                }
            }
            if (!reduced) {
                if (n >= current.size()) {
                    break;
                }
                n = Math.min(current.size(), 2 * n);
            }
        }
        return current;
    }

    private static <T> List<List<T>> split(List<T> list, int n) {
        List<List<T>> out = new ArrayList<>();
        int size = list.size();
        int start = 0;
        for (int i = 0; i < n && start < size; i++) {
            int end = start + (size - start + (n - i) - 1) / (n - i);
            out.add(List.copyOf(list.subList(start, end)));
            start = end;
        }
        return out;
    }

    private static <T> List<T> complement(List<List<T>> chunks, int skip) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            if (i != skip) {
                out.addAll(chunks.get(i));
            }
        }
        return List.copyOf(out);
    }
}
