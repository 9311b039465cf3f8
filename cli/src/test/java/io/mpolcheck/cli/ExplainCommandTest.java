package io.mpolcheck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code mpolcheck explain}: the timeline of a finding in the terminal (a column per thread, a row
 * per step, the violating step marked, replayable) and as a self-contained page, whose structure is
 * read back with the JDK's XML parser (the page is XHTML: a browser and an XML parser read the same
 * document).
 */
class ExplainCommandTest {
    private static final String SCHEME = "numa-maps-remote-task-policy-2007";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWitness_isATimelineWithAColumnPerThread_andTheBadStepMarked() {
        assertThat(run("explain", "--scheme", SCHEME)).isZero();

        assertThat(out()).startsWith(SCHEME + ": USE_AFTER_FREE on its witness (expected USE_AFTER_FREE)")
                .contains("thread 0: t0").contains("thread 1: t2")
                .contains("[lock] mmap_read_lock").contains("[put] mpol_put(mpol#1)")
                .contains("<== found in this call, after step 10: BUG: KASAN: slab-use-after-free on mpol#1")
                .contains("Freed by task t0 during: t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65)")
                .doesNotContain("\tat ");
        List<String> marked = out().lines().filter(l -> l.contains("<== found in this call")).toList();
        assertThat(marked).hasSize(1);
        assertThat(marked.get(0)).as("the mark is on t2's read, made after t0's put (step 10)")
                .contains("[access] read policy(mpol#1)").startsWith("    9 ");
    }

    @Test
    void thePrintedExplainLine_showsTheSameTimelineAgain() {
        assertThat(run("explain", "--scheme", SCHEME)).isZero();
        String first = out();
        String again = first.lines().filter(l -> l.strip().startsWith("explain: ")).findFirst().orElseThrow().strip()
                .substring("explain: ./mpolcheck ".length());
        out.reset();

        assertThat(run(again.split(" "))).isZero();
        assertThat(timelineOf(out())).isEqualTo(timelineOf(first));
    }

    @Test
    void thePage_holdsTheTimelineTheReportAndTheModelsStates(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("timeline.html");
        assertThat(run("explain", "--scheme", SCHEME, "--html", page.toString())).isZero();

        Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(page.toFile());
        Element root = html.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("html");
        assertThat(html.getElementsByTagName("script").getLength()).as("no script").isZero();
        assertThat(html.getElementsByTagName("link").getLength()).as("nothing fetched").isZero();
        Element table = byId(html, "table", "timeline");
        assertThat(texts(table.getElementsByTagName("th"))).containsExactly("step", "thread 0: t0", "thread 1: t2");
        NodeList rows = ((Element) table.getElementsByTagName("tbody").item(0)).getElementsByTagName("tr");
        long stepsInText = out().lines().filter(l -> l.matches("\\s+\\d+ .*")).count();
        assertThat(rows.getLength()).as("one row per step, as in the terminal").isEqualTo((int) stepsInText);
        List<Element> violations = new ArrayList<>();
        for (int i = 0; i < rows.getLength(); i++) {
            Element row = (Element) rows.item(i);
            assertThat(row.getElementsByTagName("td").getLength()).isEqualTo(3);
            if (row.getAttribute("class").equals("violation")) {
                violations.add(row);
            }
        }
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).getTextContent()).contains("read policy(mpol#1)", "slab-use-after-free");
        assertThat(byId(html, "pre", "report").getTextContent()).startsWith("BUG: KASAN: slab-use-after-free on mpol#1")
                .contains("Read by task t2");
        assertThat(byId(html, "h3", "state-0").getTextContent()).isEqualTo("after the set-up");
        assertThat(byId(html, "h3", "state-1").getTextContent())
                .isEqualTo("after t0 set_mempolicy(MPOL_INTERLEAVE, {0-1}, 65) = 0");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("timeline written to " + page.toAbsolutePath());
    }

    @Test
    void aCorrectScheme_hasNothingToExplain_exitOne() {
        assertThat(run("explain", "--scheme", "mmap-lock-2008", "--profile", "ci")).isOne();
        assertThat(out()).contains("mmap-lock-2008: nothing found from scenario seed 1").contains("nothing to explain");
    }

    @Test
    void badInput_isOneLine_exitTwo(@TempDir Path dir) {
        assertThat(run("explain")).isEqualTo(2);
        assertThat(run("explain", "--scheme", "no-such-scheme")).isEqualTo(2);
        assertThat(run("explain", "--scheme", SCHEME, "--schedule", "7x3")).isEqualTo(2);
        assertThat(run("explain", "--scheme", SCHEME, "--html", dir.resolve("no/such/dir/t.html").toString()))
                .isEqualTo(2);
        assertThat(run("explain", "--scheme", "mmap-lock-2008", "--schedule", "0x2")).isEqualTo(2);
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(5).allSatisfy(l -> assertThat(l).startsWith("mpolcheck: ").doesNotContain("\tat "));
    }

    private static String timelineOf(String text) {
        return text.substring(text.indexOf("set-up, before the threads start:"));
    }

    private static Element byId(Document html, String tag, String id) {
        NodeList all = html.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("id").equals(id)) {
                return e;
            }
        }
        throw new AssertionError("no <" + tag + " id=\"" + id + "\">");
    }

    private static List<String> texts(NodeList nodes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }
}
