package io.mpolcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.scheme.SchemeRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code ./mpolcheck ...} command the documentation shows — in the README, {@code docs/},
 * the teaching chapters and the example project's README, in code blocks and inline — is a command
 * line this build accepts: each is parsed by the CLI's own declaration (a renamed or removed option,
 * an unknown command or a bad value fails here), every scheme id it names is registered, and the
 * commands that take a second or so ({@code list}, {@code selfcheck}, {@code help}, {@code explain},
 * {@code verify --engine schedule --witness} of named schemes) are run and must end as documented
 * (exit 0, or 1 where the text shows a finding that differs from its declaration). The longer ones
 * (a whole {@code verify}, a certification, {@code compare}, the {@code thorough} profile) are
 * parsed, not run.
 *
 * <p>A command with a placeholder ({@code ID}, {@code FILE}, {@code N}, {@code K/N}, {@code LINE},
 * {@code ...}, a choice {@code a|b}, optional syntax in brackets) is a synopsis, not a command line:
 * it is skipped. The example project's own schemes are not checked against the registry.
 */
class DocumentedCommandsTest {
    private static final Pattern BLOCK_LINE = Pattern.compile("^\\s*(?:\\$ )?((?:\\w+=\\S+ )*\\./mpolcheck\\b.*)$");
    private static final Pattern INLINE = Pattern.compile("`((?:\\w+=\\S+ )*\\./mpolcheck [^`]*)`");
    /** A word that stands for a value or for optional syntax: {@code ID}, {@code K/N}, {@code ...}, {@code a|b}, {@code [--seed}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z_/]*\\]?|.*\\.\\.\\..*|.*\\|.*|\\[.*|.*\\]");
    private static final Set<String> EXAMPLE_SCHEMES = Set.of("example-counted-lookup", "example-plain-lookup",
            "my-scheme");

    /** A documented command: where it is, and its words after {@code ./mpolcheck}. */
    record Documented(String where, List<String> args) {
    }

    @Test
    void everyDocumentedCommand_parses_andNamesRegisteredSchemes() throws IOException {
        List<Documented> commands = documented();
        assertThat(commands).as("commands found in the docs").hasSizeGreaterThan(30);
        List<String> problems = new ArrayList<>();
        for (Documented d : commands) {
            if (d.args().stream().anyMatch(a -> PLACEHOLDER.matcher(a).matches())) {
                continue;
            }
            try {
                Cli.commandLine(quiet(), quiet()).parseArgs(d.args().toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                problems.add(d.where() + ": " + String.join(" ", d.args()) + "\n    " + e.getMessage());
            }
            schemesNamed(d.args()).stream()
                    .filter(id -> !EXAMPLE_SCHEMES.contains(id) && SchemeRegistry.load().byId(id).isEmpty())
                    .forEach(id -> problems.add(d.where() + ": no scheme '" + id + "'"));
        }
        assertThat(problems).as("documented commands this build refuses").isEmpty();
    }

    @Test
    void theQuickDocumentedCommands_runAsDocumented() throws IOException {
        List<String> problems = new ArrayList<>();
        int ran = 0;
        for (Documented d : documented()) {
            if (!quick(d.args())) {
                continue;
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(d.args().toArray(String[]::new), quiet(),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            ran++;
            if (code != Main.OK && !(code == Main.FAILED && d.args().get(0).equals("verify"))) {
                problems.add(d.where() + ": exit " + code + ": " + String.join(" ", d.args()) + "\n    "
                        + err.toString(StandardCharsets.UTF_8).strip());
            }
        }
        assertThat(ran).as("quick commands run").isGreaterThanOrEqualTo(5);
        assertThat(problems).isEmpty();
    }

    /** A command of seconds: nothing that checks every scheme, compares engines or uses Lincheck. */
    private static boolean quick(List<String> args) {
        if (args.isEmpty() || args.stream().anyMatch(a -> PLACEHOLDER.matcher(a).matches() || a.startsWith(">")
                || a.contains("--output") || a.contains("--html") || a.contains("--classpath") || a.equals("-cp")
                || a.contains("thorough"))) {
            return false;
        }
        String command = args.get(0);
        return switch (command) {
            case "list", "selfcheck", "help" -> true;
            case "explain" -> !schemesNamed(args).isEmpty();
            // a witness takes well under a second; a correct scheme's certification takes seconds each,
            // and the chapters show twenty of them: those are parsed only
            case "verify" -> args.contains("schedule") && args.contains("--witness") && !schemesNamed(args).isEmpty()
                    && schemesNamed(args).stream().noneMatch(EXAMPLE_SCHEMES::contains);
            default -> false;
        };
    }

    private static List<String> schemesNamed(List<String> args) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--scheme") && i + 1 < args.size()) {
                ids.addAll(List.of(args.get(i + 1).split(",")));
            } else if (a.startsWith("--scheme=")) {
                ids.addAll(List.of(a.substring("--scheme=".length()).split(",")));
            }
        }
        return ids;
    }

    /** Every command in the documentation, with its file and line. */
    static List<Documented> documented() throws IOException {
        Path root = root();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md"),
                root.resolve("examples/user-scheme/README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Documented> out = new ArrayList<>();
        for (Path f : files) {
            if (!Files.exists(f)) {
                continue;
            }
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            boolean inBlock = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    inBlock = !inBlock;
                    continue;
                }
                String where = root.relativize(f) + ":" + (i + 1);
                Matcher m = inBlock ? BLOCK_LINE.matcher(line) : INLINE.matcher(line);
                while (inBlock ? m.matches() : m.find()) {
                    words(m.group(1)).ifPresent(args -> out.add(new Documented(where, args)));
                    if (inBlock) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** The words after {@code ./mpolcheck}: without env assignments, a trailing comment or a redirection. */
    private static java.util.Optional<List<String>> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : (command + " ").toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (c == '#' && w.length() == 0) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (w.length() > 0 || any) {
                    words.add(w.toString());
                    w.setLength(0);
                    any = false;
                }
            } else {
                w.append(c);
            }
        }
        int start = words.indexOf("./mpolcheck");
        if (start < 0) {
            return java.util.Optional.empty();
        }
        List<String> args = new ArrayList<>();
        for (String word : words.subList(start + 1, words.size())) {
            if (word.startsWith(">") || word.equals("|") || word.startsWith("<(") || word.equals("&&")) {
                break;
            }
            args.add(word);
        }
        return java.util.Optional.of(args);
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("docs"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no docs/ above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    private static PrintStream quiet() {
        return new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    }
}
