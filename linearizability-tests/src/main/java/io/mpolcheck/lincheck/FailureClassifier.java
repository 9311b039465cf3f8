package io.mpolcheck.lincheck;

import io.mpolcheck.kernel.LifetimeViolation;
import io.mpolcheck.report.ViolationClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ManagedDeadlockFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ManagedLivelockFailure;
import org.jetbrains.kotlinx.lincheck.strategy.TimeoutFailure;
import org.jetbrains.kotlinx.lincheck.strategy.UnexpectedExceptionFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ValidationFailure;
import org.jetbrains.kotlinx.lincheck.util.ExceptionResult;
import org.jetbrains.kotlinx.lincheck.util.LincheckResult;

/**
 * Maps a Lincheck failure to the toolkit's violation class. A lifetime report thrown by the heap
 * wins, wherever Lincheck put it (an unexpected exception, a validation failure, or an exception
 * result among the operations' results); otherwise the failure's own kind decides: wrong results
 * are {@code NON_LINEARIZABLE}, a managed deadlock is {@code DEADLOCK}, a livelock or timeout is
 * {@code HANG}, any other exception is {@code UNEXPECTED_EXCEPTION}.
 */
final class FailureClassifier {
    private FailureClassifier() {
    }

    static ViolationClass classify(LincheckFailure failure) {
        Optional<LifetimeViolation> lifetime = lifetimeViolation(failure);
        if (lifetime.isPresent()) {
            return lifetime.get().violationClass();
        }
        if (failure instanceof ManagedDeadlockFailure) {
            return ViolationClass.DEADLOCK;
        }
        if (failure instanceof ManagedLivelockFailure || failure instanceof TimeoutFailure) {
            return ViolationClass.HANG;
        }
        if (failure instanceof IncorrectResultsFailure && thrown(failure).isEmpty()) {
            return ViolationClass.NON_LINEARIZABLE;
        }
        return ViolationClass.UNEXPECTED_EXCEPTION;
    }

    /** The heap's report, if the failure carries one. */
    static Optional<LifetimeViolation> lifetimeViolation(LincheckFailure failure) {
        return thrown(failure).stream().map(FailureClassifier::lifetimeCause).flatMap(Optional::stream).findFirst();
    }

    private static Optional<LifetimeViolation> lifetimeCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof LifetimeViolation v) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Every throwable the failure mentions: its own exception first, then exception results in order. */
    static List<Throwable> thrown(LincheckFailure failure) {
        List<Throwable> out = new ArrayList<>();
        if (failure instanceof UnexpectedExceptionFailure u) {
            out.add(u.getException());
        } else if (failure instanceof ValidationFailure v) {
            out.add(v.getException());
        }
        ExecutionResult results = failure.getResults();
        if (results != null) {
            results.getInitResults().forEach(r -> addThrown(r, out));
            for (List<ResultWithClock> thread : results.getParallelResultsWithClock()) {
                thread.forEach(r -> addThrown(r.getResult(), out));
            }
            results.getPostResults().forEach(r -> addThrown(r, out));
        }
        return out;
    }

    private static void addThrown(LincheckResult r, List<Throwable> out) {
        if (r instanceof ExceptionResult e) {
            out.add(e.getThrowable());
        }
    }
}
