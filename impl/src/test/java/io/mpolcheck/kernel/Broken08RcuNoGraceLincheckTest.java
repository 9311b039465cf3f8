package io.mpolcheck.kernel;

import static io.mpolcheck.kernel.LincheckScenarios.actor;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;

/**
 * Broken on purpose (one mistake): {@code call_rcu} runs the callback at once ({@link NoGraceRcu}),
 * so a version retired while a reader holds it is freed under the reader: the retire reports
 * {@code USE_AFTER_FREE} (or the reader sees {@code "UAF"}). Model checking must report wrong
 * results. A reader against an updater is checked first ({@link LincheckScenarios}).
 */
public final class Broken08RcuNoGraceLincheckTest extends AbstractRcuLincheckTest {
    public Broken08RcuNoGraceLincheckTest() {
        super(new NoGraceRcu(READERS), IncorrectResultsFailure.class);
    }

    /** A reader that enters and uses the published version, against an updater that replaces it. */
    @Override
    protected ExecutionScenario firstScenario() {
        Class<?> c = getClass();
        return LincheckScenarios.scenario(List.of(),
                List.of(List.of(actor(c, "enter", 0), actor(c, "check", 0)),
                        List.of(actor(c, "replace"), actor(c, "gracePeriod"))),
                List.of(actor(c, "exit", 0)));
    }
}
