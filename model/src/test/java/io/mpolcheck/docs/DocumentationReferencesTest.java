package io.mpolcheck.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every reference the sources and documents make to the catalogue resolves inside the repository.
 *
 * <p>The catalogue is {@code docs/catalogue.md}; its explicit HTML anchors ({@code <a id="...">})
 * are the targets: {@code entry-8}, {@code entry-9b}, {@code a2}, {@code seed-004}. The test walks
 * every text file of the repository ({@code *.java}, {@code *.md}, {@code *.xml}, {@code *.yml},
 * {@code *.yaml}, {@code *.sh}, the {@code mpolcheck} launcher and any other script starting with
 * {@code #!}; never {@code target/}, {@code .git/} or a binary file) and checks:
 *
 * <ul>
 *   <li>a citation of a catalogue entry, single ({@code 8}, {@code 9b}), a list ({@code 7 and 9},
 *       {@code 1, 8, 12}), a range ({@code 4–10}, with an en dash or a hyphen, expanded to each number)
 *       or an item inside an entry ({@code 18.2}: entry 18, item 2), names anchors that exist; a
 *       reference to part (a), such as {@code catalogue A2}, names {@code a2};</li>
 *   <li>a citation of a seed names an anchor {@code seed-NNN};</li>
 *   <li>every relative Markdown link of every Markdown file points to a file that exists and, for a
 *       link into a Markdown file with a fragment, to an explicit anchor or a GitHub heading slug of
 *       that file;</li>
 *   <li>no file names a path of some machine (see {@link #noFileNamesAMachinePath()}).</li>
 * </ul>
 *
 * A citation may run across lines, comment markers ({@code *}, {@code //}, {@code #}) and Java string
 * concatenation: those characters are read as spaces. A failure lists every offending
 * {@code file:line} with the reference.
 */
class DocumentationReferencesTest {

    private static final String CATALOGUE = "docs/catalogue.md";

    /** One item of a citation: {@code 8}, {@code 9b}, {@code 18.2}. */
    private static final String ITEM = "\\d+[a-z]?(?:\\.\\d+)?(?![\\w])";
    private static final String RANGE_OR_ITEM = ITEM + "(?:\\s*[\u2013-]\\s*" + ITEM + ")?";
    private static final String SEPARATOR = "(?:\\s*,\\s*(?:and\\s+)?|\\s+and\\s+|\\s+or\\s+)";
    private static final Pattern ENTRY_CITATION = Pattern.compile(
            "\\bcatalogue\\s+entr(?:y|ies)\\s+(" + RANGE_OR_ITEM + "(?:" + SEPARATOR + RANGE_OR_ITEM + ")*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTRY_ITEM = Pattern.compile(
            "(\\d+)([a-z]?)(?:\\.\\d+)?(?:\\s*[\u2013-]\\s*(\\d+)([a-z]?)(?:\\.\\d+)?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PART_A_CITATION = Pattern.compile(
            "(?:\\b[Cc]atalogue,?\\s+(?:part\\s+\\(a\\),?\\s+)?|\\bpart\\s+\\(a\\),?\\s+)(A\\d+)\\b");
    private static final Pattern SEED_CITATION = Pattern.compile(
            "\\bseeds?\\s+(0\\d\\d(?:" + SEPARATOR + "0\\d\\d)*)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEED_NUMBER = Pattern.compile("0\\d\\d");
    private static final Pattern ANCHOR = Pattern.compile("<a\\s+(?:id|name)\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INLINE_LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern LINK_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    /** Never spelled out whole, so that this file does not name them itself. */
    private static final List<String> FORBIDDEN_EVERYWHERE = List.of(
            "/" + "work" + "/", ".." + "/shared", "/" + "home" + "/");
    private static final String TEMP_DIR = "/" + "tmp" + "/";

    private static Path root;
    private static Set<String> catalogueAnchors;
    private static List<TextFile> files;

    /** A text file of the repository: its path from the root, its text, where its lines start. */
    private record TextFile(String path, String text, int[] lineStarts) {

        static TextFile of(String path, String text) {
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            return new TextFile(path, text, starts.stream().mapToInt(Integer::intValue).toArray());
        }

        int lineOf(int offset) {
            int lo = 0;
            int hi = lineStarts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (lineStarts[mid] <= offset) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo + 1;
        }

        String where(int offset) {
            return path + ":" + lineOf(offset);
        }

        boolean isMarkdown() {
            return path.endsWith(".md");
        }

        /**
         * The text with line breaks, comment markers and string-concatenation characters made
         * spaces, offsets unchanged: a citation split over lines reads as one.
         */
        String prose() {
            char[] chars = text.toCharArray();
            for (int i = 0; i < chars.length; i++) {
                switch (chars[i]) {
                    case '\n', '\r', '\t', '*', '/', '"', '+', '#', '>' -> chars[i] = ' ';
                    default -> { }
                }
            }
            return new String(chars);
        }
    }

    /** A reference and the anchors it needs. */
    private record Citation(TextFile file, int offset, String text, List<String> anchors) {
    }

    @BeforeAll
    static void scanTheRepository() throws IOException {
        root = findRoot();
        Path catalogue = root.resolve(CATALOGUE);
        assertThat(catalogue).as("the catalogue").isRegularFile();
        catalogueAnchors = explicitAnchors(Files.readString(catalogue));
        files = textFiles(root);
    }

    @Test
    void everyCatalogueCitationNamesAnAnchorOfTheCatalogue() {
        List<Citation> citations = new ArrayList<>();
        for (TextFile file : files) {
            String prose = file.prose();
            Matcher entries = ENTRY_CITATION.matcher(prose);
            while (entries.find()) {
                citations.add(new Citation(file, entries.start(), squeeze(entries.group()),
                        entryAnchors(entries.group(1))));
            }
            Matcher partA = PART_A_CITATION.matcher(prose);
            while (partA.find()) {
                citations.add(new Citation(file, partA.start(), squeeze(partA.group()),
                        List.of(partA.group(1).toLowerCase(Locale.ROOT))));
            }
        }

        assertResolved(citations, "catalogue citations");
        assertThat(citations).as("catalogue citations found (a pattern that finds none checks nothing)")
                .hasSizeGreaterThan(50);
    }

    @Test
    void everySeedCitationNamesASeedOfTheCatalogue() {
        List<Citation> citations = new ArrayList<>();
        for (TextFile file : files) {
            Matcher seeds = SEED_CITATION.matcher(file.prose());
            while (seeds.find()) {
                List<String> anchors = new ArrayList<>();
                Matcher number = SEED_NUMBER.matcher(seeds.group(1));
                while (number.find()) {
                    anchors.add("seed-" + number.group());
                }
                citations.add(new Citation(file, seeds.start(), squeeze(seeds.group()), anchors));
            }
        }

        assertResolved(citations, "seed citations");
        assertThat(citations).as("seed citations found").hasSizeGreaterThan(10);
        assertThat(catalogueAnchors).as("the catalogue describes each seed")
                .contains("seed-000", "seed-001", "seed-002", "seed-003", "seed-004");
    }

    @Test
    void everyRelativeMarkdownLinkResolves() throws IOException {
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int links = 0;
        for (TextFile file : files) {
            if (!file.isMarkdown()) {
                continue;
            }
            Path source = root.resolve(file.path());
            for (LinkTarget link : markdownLinks(file)) {
                if (URL_SCHEME.matcher(link.target()).find()) {
                    continue;
                }
                links++;
                int hash = link.target().indexOf('#');
                String pathPart = hash < 0 ? link.target() : link.target().substring(0, hash);
                String fragment = hash < 0 ? "" : link.target().substring(hash + 1);
                Path target = pathPart.isEmpty()
                        ? source
                        : source.getParent().resolve(URLDecoder.decode(pathPart, StandardCharsets.UTF_8)).normalize();
                String where = file.where(link.offset()) + ": link (" + link.target() + ")";
                if (!target.startsWith(root)) {
                    problems.add(where + " leaves the repository");
                    continue;
                }
                if (!Files.exists(target)) {
                    problems.add(where + " names " + root.relativize(target) + ", which does not exist");
                    continue;
                }
                if (!fragment.isEmpty() && target.toString().endsWith(".md")) {
                    Set<String> anchors = anchorsByFile.computeIfAbsent(target, DocumentationReferencesTest::markdownAnchors);
                    if (!anchors.contains(URLDecoder.decode(fragment, StandardCharsets.UTF_8))) {
                        problems.add(where + " names #" + fragment + ", which is neither an <a id> anchor nor a heading of "
                                + root.relativize(target));
                    }
                }
            }
        }

        System.out.printf("DocumentationReferencesTest: %d relative Markdown links checked%n", links);
        assertThat(problems)
                .withFailMessage(() -> failure(problems, "relative Markdown links that do not resolve"))
                .isEmpty();
        assertThat(links).as("relative Markdown links found").isGreaterThan(5);
    }

    /**
     * No file names a path of one particular machine: the work tree and the shared directory beside
     * it, or a home directory ({@link #FORBIDDEN_EVERYWHERE}), anywhere. The temporary directory
     * ({@link #TEMP_DIR}) is refused in Java and XML files (comments included) and in Markdown prose;
     * it stays allowed in scripts (the launcher falls back to it when {@code TMPDIR} is unset), in
     * YAML and in Markdown code blocks, where a shell example may use it.
     */
    @Test
    void noFileNamesAMachinePath() {
        List<String> problems = new ArrayList<>();
        for (TextFile file : files) {
            List<String> lines = file.text().lines().toList();
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (file.isMarkdown() && isFence(line)) {
                    inFence = !inFence;
                }
                for (String forbidden : FORBIDDEN_EVERYWHERE) {
                    if (line.contains(forbidden)) {
                        problems.add(file.path() + ":" + (i + 1) + ": names " + forbidden + ": " + line.strip());
                    }
                }
                boolean tempDirForbidden = file.path().endsWith(".java") || file.path().endsWith(".xml")
                        || (file.isMarkdown() && !inFence);
                if (tempDirForbidden && line.contains(TEMP_DIR)) {
                    problems.add(file.path() + ":" + (i + 1) + ": names " + TEMP_DIR + ": " + line.strip());
                }
            }
        }

        assertThat(problems).withFailMessage(() -> failure(problems, "machine paths")).isEmpty();
    }

    @Test
    void theCitationGrammar() {
        assertThat(entryAnchors("8")).containsExactly("entry-8");
        assertThat(entryAnchors("9b")).containsExactly("entry-9b");
        assertThat(entryAnchors("18.2")).containsExactly("entry-18");
        assertThat(entryAnchors("17\u201319")).containsExactly("entry-17", "entry-18", "entry-19");
        assertThat(entryAnchors("4-6, 9c and 11a")).containsExactly("entry-4", "entry-5", "entry-6", "entry-9c", "entry-11a");
        assertThat(entryAnchors("9a\u20139c")).containsExactly("entry-9a", "entry-9b", "entry-9c");

        Function<String, Optional<String>> cited = text -> {
            Matcher m = ENTRY_CITATION.matcher(TextFile.of("x", text).prose());
            return m.find() ? Optional.of(text.substring(m.start(1), m.end(1))) : Optional.empty();
        };
        assertThat(cited.apply("(catalogue entry 18, bug 1)")).contains("18");
        assertThat(cited.apply("catalogue entry 5 rule 4")).contains("5");
        assertThat(cited.apply("catalogue entries 4\u201310 and Lee's Figure 3")).contains("4\u201310");
        assertThat(cited.apply(" * from the catalogue\n * entries 14 and\n * 15.")).contains("14 and\n * 15");
        assertThat(cited.apply("\"... catalogue \"\n        + \"entries 7 and 9\")")).contains("7 and 9");
        assertThat(cited.apply("the catalogue interleaving")).isEmpty();

        assertThat(slugs("## Sources: the seeds\n### 1. `mpol-task-policy` (correct)\n## Sources: the seeds\n"))
                .contains("sources-the-seeds", "1-mpol-task-policy-correct", "sources-the-seeds-1");
    }

    /* ---------------- the parts ---------------- */

    private static void assertResolved(List<Citation> citations, String what) {
        List<String> problems = new ArrayList<>();
        for (Citation c : citations) {
            List<String> missing = c.anchors().stream().filter(a -> !catalogueAnchors.contains(a)).toList();
            if (!missing.isEmpty()) {
                problems.add(c.file().where(c.offset()) + ": \"" + c.text() + "\" names "
                        + String.join(", ", missing.stream().map(a -> "#" + a).toList())
                        + ", missing from " + CATALOGUE);
            }
        }
        System.out.printf("DocumentationReferencesTest: %d %s checked in %d files%n", citations.size(), what, files.size());
        assertThat(problems).withFailMessage(() -> failure(problems, what + " that do not resolve")).isEmpty();
    }

    private static String failure(List<String> problems, String what) {
        return problems.size() + " " + what + ":\n  " + String.join("\n  ", problems);
    }

    /** The anchors a cited list names: {@code "17–19"} is entries 17, 18 and 19; {@code "18.2"} is entry 18. */
    static List<String> entryAnchors(String list) {
        Set<String> anchors = new LinkedHashSet<>();
        Matcher m = ENTRY_ITEM.matcher(list);
        while (m.find()) {
            int from = Integer.parseInt(m.group(1));
            String fromLetter = m.group(2).toLowerCase(Locale.ROOT);
            if (m.group(3) == null) {
                anchors.add("entry-" + from + fromLetter);
                continue;
            }
            int to = Integer.parseInt(m.group(3));
            String toLetter = m.group(4).toLowerCase(Locale.ROOT);
            if (fromLetter.isEmpty() && toLetter.isEmpty()) {
                for (int n = from; n <= Math.max(from, to); n++) {
                    anchors.add("entry-" + n);
                }
            } else if (from == to && !fromLetter.isEmpty() && !toLetter.isEmpty()) {
                for (char c = fromLetter.charAt(0); c <= toLetter.charAt(0); c++) {
                    anchors.add("entry-" + from + c);
                }
            } else {
                anchors.add("entry-" + from + fromLetter);
                anchors.add("entry-" + to + toLetter);
            }
        }
        return List.copyOf(anchors);
    }

    private static String squeeze(String citation) {
        return citation.replaceAll("\\s+", " ").strip();
    }

    private record LinkTarget(int offset, String target) {
    }

    /** The link targets of a Markdown file outside code blocks and code spans, with their offsets. */
    private static List<LinkTarget> markdownLinks(TextFile file) {
        List<LinkTarget> links = new ArrayList<>();
        boolean inFence = false;
        int lineStart = 0;
        for (String line : file.text().split("\n", -1)) {
            if (isFence(line)) {
                inFence = !inFence;
            } else if (!inFence) {
                String visible = withoutCodeSpans(line);
                Matcher inline = INLINE_LINK.matcher(visible);
                while (inline.find()) {
                    links.add(new LinkTarget(lineStart + inline.start(), inline.group(1)));
                }
                Matcher definition = LINK_DEFINITION.matcher(visible);
                if (definition.matches()) {
                    links.add(new LinkTarget(lineStart, definition.group(1)));
                }
            }
            lineStart += line.length() + 1;
        }
        return links;
    }

    private static boolean isFence(String line) {
        String s = line.stripLeading();
        return s.startsWith("```") || s.startsWith("~~~");
    }

    private static String withoutCodeSpans(String line) {
        return line.replaceAll("`[^`]*`", " ");
    }

    private static Set<String> markdownAnchors(Path file) {
        try {
            String text = Files.readString(file);
            Set<String> anchors = explicitAnchors(text);
            anchors.addAll(slugs(text));
            return anchors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> explicitAnchors(String text) {
        Set<String> anchors = new LinkedHashSet<>();
        Matcher m = ANCHOR.matcher(text);
        while (m.find()) {
            anchors.add(m.group(1));
        }
        return anchors;
    }

    /** GitHub's heading ids: the heading's text lower-cased, punctuation dropped, spaces to '-', repeats numbered. */
    static Set<String> slugs(String markdown) {
        Set<String> slugs = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : markdown.split("\n")) {
            if (isFence(line)) {
                inFence = !inFence;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (inFence || !heading.matches()) {
                continue;
            }
            String text = heading.group(2)
                    .replaceAll("<[^>]*>", "")
                    .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                    .toLowerCase(Locale.ROOT);
            String slug = text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            slugs.add(n == 0 ? slug : slug + "-" + n);
        }
        return slugs;
    }

    /** Up from the working directory to the directory with {@code docs/} and the reactor listing {@code model}. */
    private static Path findRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(pom)
                    && Files.readString(pom).contains("<module>model</module>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    private static List<TextFile> textFiles(Path root) throws IOException {
        List<TextFile> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return !dir.equals(root) && (name.equals("target") || name.equals(".git"))
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    String path = root.relativize(file).toString().replace('\\', '/');
                    try {
                        readText(file, path).ifPresent(text -> found.add(TextFile.of(path, text)));
                    } catch (NoSuchFileException gone) {
                        // deleted while the tree was walked (an editor's temporary file): nothing to check
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        found.sort((a, b) -> a.path().compareTo(b.path()));
        return found;
    }

    /** The file's text if it is a text file of a kind this test reads; empty for binaries and other kinds. */
    private static Optional<String> readText(Path file, String path) throws IOException {
        String name = file.getFileName().toString();
        boolean byName = name.matches(".*\\.(java|md|xml|yml|yaml|sh)") || name.equals("mpolcheck");
        boolean maybeScript = !name.contains(".") && !path.contains("/resources/");
        if (!byName && !maybeScript) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(file);
        if (!byName && !(bytes.length > 2 && bytes[0] == '#' && bytes[1] == '!')) {
            return Optional.empty();
        }
        for (byte b : bytes) {
            if (b == 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
