package io.mpolcheck.report;

import java.util.List;

/**
 * The one-line commands that replay a finding, made to replay the run that printed them: a
 * checker's reproducer names the scheme, profile, seed (or witness) and schedule, but the run may
 * also have loaded a user's schemes ({@code --classpath}) and changed its budgets with
 * {@code -Dmpolcheck.*} system properties, without which a replay would see other scenarios. The
 * properties travel in {@code JAVA_TOOL_OPTIONS}, which the launcher's JVM reads.
 */
public final class ReplayCommands {
    private static final java.util.regex.Pattern COMMAND =
            java.util.regex.Pattern.compile("\\./mpolcheck (verify|explain) ");

    private ReplayCommands() {
    }

    /** This JVM's {@code -Dmpolcheck.*} system properties as {@code -Dkey=value} words, sorted by key. */
    public static List<String> systemOverrides() {
        return System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("mpolcheck."))
                .sorted().map(k -> "-D" + k + "=" + System.getProperty(k)).toList();
    }

    /**
     * {@code text} with every {@code ./mpolcheck verify} (or {@code explain}) command in it given
     * {@code classpath} (when not blank) and {@code overrides} (when not empty).
     */
    public static String replayable(String text, String classpath, List<String> overrides) {
        String options = classpath != null && !classpath.isBlank() ? "--classpath " + shellWord(classpath) + " " : "";
        String env = overrides.isEmpty() ? "" : "JAVA_TOOL_OPTIONS=" + shellWord(String.join(" ", overrides)) + " ";
        return COMMAND.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                env + "./mpolcheck " + m.group(1) + " " + options));
    }

    /** {@code s} as one POSIX shell word: as is when it is plain, else single-quoted. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
