package io.mpolcheck.lincheck;

import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.ScenarioSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.kernel.OpContext;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.MempolicyModel;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.Result;
import io.mpolcheck.scheme.PolicyScheme;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every correct scheme, run one operation at a time on the checker's own scenarios (each thread's
 * list after the other), answers exactly what the reference model answers. Since schemes compute
 * their answers from the objects they read, this is the sequential half of their contract, and it
 * fails fast (no Lincheck) when a scheme's answer rules drift from the model's.
 */
class SequentialAnswersTest {
    private static final int SEEDS = 300;

    static Stream<SchemeProvider> correctSchemes() {
        return SchemeRegistry.load().all().stream().filter(p -> p.info().expected().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("correctSchemes")
    void sequentialRuns_answerAsTheModel(SchemeProvider scheme) {
        LincheckBudget budget = LincheckBudget.profile("quick");
        ScenarioSource gen = SchemeChecker.scenarios(scheme, budget);
        for (long seed = 0; seed < SEEDS; seed++) {
            Scenario s = gen.generate(seed);
            List<Op> ops = new ArrayList<>(s.init());
            s.parallel().forEach(ops::addAll);
            assertAgree(scheme, budget.world(), ops, "seed " + seed + "\n" + s);
        }
    }

    private static void assertAgree(SchemeProvider provider, WorldConfig world, List<Op> ops, String where) {
        PolicyHeap heap = new PolicyHeap(world.nodes());
        PolicyScheme scheme = provider.create(world, heap);
        MempolicyModel model = new MempolicyModel(world);
        for (Op op : ops) {
            OpContext.enter(op.task(), op.toString());
            Result got;
            try {
                got = scheme.apply(op);
            } finally {
                OpContext.exit();
            }
            Result want = model.apply(op);
            assertThat(got).as("%s: %s%n%s", provider.info().id(), OpFormat.print(op), where).isEqualTo(want);
        }
    }
}
