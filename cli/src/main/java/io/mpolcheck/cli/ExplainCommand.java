package io.mpolcheck.cli;

import io.mpolcheck.report.ReplayCommands;
import io.mpolcheck.report.Verdict;
import io.mpolcheck.schedule.ScheduleBudget;
import io.mpolcheck.schedule.ScheduleChecker;
import io.mpolcheck.scheme.SchemeProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code mpolcheck explain --scheme ID [--seed N | --schedule LINE] [--html FILE]}: one finding of
 * the schedule engine as a per-task {@link Timeline} — on the scheme's witness unless {@code --seed}
 * names a generated scenario (a scheme without a witness starts from seed 1), or the one execution
 * {@code --schedule} replays. The schedule engine is used because its steps are the kernel
 * primitives themselves; Lincheck's trace of the same bug is what {@code verify --engine lincheck}
 * prints. Exit 0 when there is a finding to show, 1 when the search found nothing.
 */
final class ExplainCommand {
    private ExplainCommand() {
    }

    static int run(String id, Long seed, String schedule, String profile, String classpath, Path html,
            PrintStream out, PrintStream err) {
        SchemeProvider scheme = VerifyCommand.select(UserSchemes.registry(classpath), id).get(0);
        ScheduleBudget budget = VerifyCommand.budget(() -> ScheduleBudget.profile(profile == null ? "quick" : profile));
        OptionalLong from = seed != null ? OptionalLong.of(seed)
                : scheme.info().witness().isPresent() ? OptionalLong.empty() : OptionalLong.of(VerifyCommand.DEFAULT_SEED);
        if (schedule != null && seed == null && scheme.info().witness().isEmpty()) {
            throw new UsageException("--schedule replays one execution: " + id + " declares no witness, so it needs --seed");
        }
        Path page = html == null ? null : VerifyCommand.writable("--html", html.toString());
        ScheduleChecker.Traced traced;
        try {
            traced = ScheduleChecker.trace(scheme, budget, from, schedule);
        } catch (IllegalArgumentException e) {
            throw new UsageException((schedule != null ? "--schedule: " : "") + e.getMessage());
        }
        Verdict v = traced.verdict();
        String where = from.isEmpty() ? "on its witness" : "from scenario seed " + v.seed();
        if (v.actual().isEmpty()) {
            out.println(id + ": nothing found " + where + " (schedule engine, profile " + budget.name()
                    + "); nothing to explain");
            return Main.FAILED;
        }
        Timeline timeline = new Timeline(v, traced.scenario(), traced.schedule().points(), traced.foundAt());
        String title = id + ": " + Verdict.label(v.actual()) + " " + where + " (expected " + Verdict.label(v.expected())
                + ")";
        List<String> commands = commands(v, id, classpath, budget.name(), from, schedule);
        out.println(title);
        commands.forEach(c -> out.println("  " + c));
        out.println();
        out.print(timeline.text());
        out.println();
        out.println(timeline.report());
        if (page != null) {
            VerifyCommand.write("--html", page, timeline.html(title, commands, budget.world()));
            err.println("mpolcheck: timeline written to " + page);
        }
        return Main.OK;
    }

    /** The commands that show this finding again: in verify's words and in explain's. */
    private static List<String> commands(Verdict v, String id, String classpath, String profile, OptionalLong from,
            String schedule) {
        String replay = ReplayCommands.replayable(v.reproducer(), classpath, ReplayCommands.systemOverrides());
        String line = replay.substring(replay.indexOf("--schedule ") + "--schedule ".length());
        String explain = "./mpolcheck explain --scheme " + id + " --profile " + profile
                + (from.isPresent() ? " --seed " + v.seed() : "") + " --schedule " + (schedule != null ? schedule : line);
        List<String> out = new ArrayList<>();
        out.add("replay: " + replay);
        out.add("explain: " + ReplayCommands.replayable(explain, classpath, ReplayCommands.systemOverrides()));
        return out;
    }
}
