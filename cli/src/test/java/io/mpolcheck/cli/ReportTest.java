package io.mpolcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.lincheck.LincheckBudget;
import io.mpolcheck.schedule.ScheduleBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The machine-readable reports, on outcomes made by hand: a mismatch, escaping, the encoded line between JVMs. */
class ReportTest {
    private static final VerifyCommand.Settings SETTINGS = new VerifyCommand.Settings("ci", LincheckBudget.profile("ci"),
            ScheduleBudget.profile("ci"), List.of(VerifyCommand.Engine.LINCHECK), 1, false, null, null, false, List.of());

    private static final CheckOutcome MISSED = new CheckOutcome("get-mempolicy-split-read", "lincheck", "NON_LINEARIZABLE",
            "CORRECT", 18.7, 1, "task/VMA", "./mpolcheck verify --engine lincheck --scheme get-mempolicy-split-read "
                    + "--profile ci --seed 1", "", "", false);

    private static final CheckOutcome FOUND = new CheckOutcome("s\"q", "lincheck", "LEAK", "LEAK", 2.5, 7, "task/VMA",
            "replay \"x\"", "\n=== s\"q: LEAK\nline 2 <&>\n", "", true);

    @Test
    void junitXml_aVerdictOtherThanTheDeclaredOneIsAFailureNamingBothAndTheReplay() {
        String xml = Report.junitXml(List.of(MISSED, FOUND), SETTINGS);

        assertThat(xml).contains("<testsuite name=\"mpolcheck.lincheck\" tests=\"2\" failures=\"1\" errors=\"0\" time=\"21.200\">")
                .contains("<property name=\"profile\" value=\"ci\"")
                .contains("<testcase classname=\"mpolcheck.lincheck\" name=\"get-mempolicy-split-read\" time=\"18.700\">"
                        + "<failure type=\"MISMATCH\" message=\"expected NON_LINEARIZABLE, got CORRECT (replay: "
                        + "./mpolcheck verify --engine lincheck --scheme get-mempolicy-split-read --profile ci --seed 1)\">")
                .contains("<testcase classname=\"mpolcheck.lincheck\" name=\"s&quot;q\" time=\"2.500\"><system-out>"
                        + "=== s\"q: LEAK\nline 2 &lt;&amp;&gt;</system-out></testcase>");
    }

    @Test
    void json_isOneObjectWithEveryFieldEscaped() {
        String json = Report.json(List.of(FOUND), SETTINGS, new VerifyCommand.Shard(2, 3), 0);

        assertThat(json).isEqualTo("""
                {
                  "tool": "mpolcheck",
                  "command": "verify",
                  "profile": "ci",
                  "seed": 1,
                  "witness": false,
                  "shard": "2/3",
                  "exitCode": 0,
                  "checks": 1,
                  "asExpected": 1,
                  "outcomes": [
                    {"scheme": "s\\"q", "engine": "lincheck", "expected": "LEAK", "actual": "LEAK", "asExpected": true, \
                "seconds": 2.500, "seed": 7, "scope": "task/VMA", "replay": "replay \\"x\\"", "finding": \
                "=== s\\"q: LEAK\\nline 2 <&>", "checkerError": null, "record": "%s"}
                  ]
                }
                """.formatted(FOUND.encode()));
        assertThat(Report.records(json)).containsExactly(FOUND);
        assertThat(Report.shard(json)).hasValueSatisfying(s -> assertThat(s).containsExactly(2, 3));
    }

    @Test
    void replayLines_carryTheUsersClasspathAndBudgetOverrides() {
        VerifyCommand.Settings user = new VerifyCommand.Settings("ci", LincheckBudget.profile("ci"),
                ScheduleBudget.profile("ci"), List.of(VerifyCommand.Engine.LINCHECK), 1, false, null, "my schemes.jar", false,
                List.of("-Dmpolcheck.lincheck.invocations=100", "-Dmpolcheck.lincheck.scenarios=7"));

        assertThat(user.replayable("replay: ./mpolcheck verify --engine lincheck --scheme x --seed 3"))
                .isEqualTo("replay: JAVA_TOOL_OPTIONS='-Dmpolcheck.lincheck.invocations=100 -Dmpolcheck.lincheck.scenarios=7' "
                        + "./mpolcheck verify --classpath 'my schemes.jar' --engine lincheck --scheme x --seed 3");
        assertThat(SETTINGS.replayable("./mpolcheck verify --scheme x")).isEqualTo("./mpolcheck verify --scheme x");
    }

    @Test
    void counterexamples_loseTheirStackFramesButNotTheReport() {
        String lincheck = "Exception stack traces:\n#1: io.mpolcheck.kernel.LifetimeViolation: BUG: KASAN: x\n"
                + "Freed by task t0 during: t0 exit()\n\n\tat io.mpolcheck.kernel.KPolicy.checkAccess(Unknown Source)\n"
                + "\tat java.base/java.util.Optional.map(Unknown Source)\n\t... 3 more\nreplay: ./mpolcheck verify";

        assertThat(io.mpolcheck.report.Counterexamples.withoutStackFrames(lincheck)).isEqualTo("Exceptions (their stack frames: --debug):\n"
                + "#1: io.mpolcheck.kernel.LifetimeViolation: BUG: KASAN: x\nFreed by task t0 during: t0 exit()\n\n"
                + "replay: ./mpolcheck verify");
    }

    @Test
    void outcome_crossesBetweenJvmsUnchanged() {
        for (CheckOutcome c : List.of(MISSED, FOUND)) {
            assertThat(CheckOutcome.decode(c.encode())).contains(c);
        }
        assertThat(CheckOutcome.decode("@mpolcheck-outcome garbage")).isEmpty();
        assertThat(MISSED.row()).contains("get-mempolicy-split-read").contains("18.7s").contains("MISMATCH");
    }
}
