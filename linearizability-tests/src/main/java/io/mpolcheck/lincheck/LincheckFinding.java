package io.mpolcheck.lincheck;

import io.mpolcheck.op.Op;
import io.mpolcheck.report.ViolationClass;
import java.util.List;

/**
 * What Lincheck found, in the toolkit's vocabulary ({@link LincheckAdapter} makes it from Lincheck's
 * failure).
 *
 * @param violation the class: the heap's lifetime report if there is one, else what Lincheck saw
 * @param parallel the parallel part of the failing scenario, one operation list per task
 * @param report the heap's report (if any), then Lincheck's results table and interleaving
 */
public record LincheckFinding(ViolationClass violation, List<List<Op>> parallel, String report) {
    @Override
    public String toString() {
        return violation + "\n" + report;
    }
}
