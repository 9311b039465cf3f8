package io.mpolcheck.cli;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code verify}'s machine-readable reports ({@code --format json|junit-xml}): the same outcomes
 * as the table, with every field, the finding and the command that replays it.
 *
 * <p>JUnit XML is what CI servers read (Jenkins, GitLab, GitHub's test reporters): one
 * {@code <testsuite>} per engine, one {@code <testcase>} per scheme ({@code classname} is
 * {@code mpolcheck.<engine>}); a verdict other than the declared one is a {@code <failure>}, a
 * checker that gave none an {@code <error>}; an expected finding passes and carries its
 * counterexample in {@code <system-out>}. It is written with the JDK's StAX writer. JSON is
 * written by hand (escaping by Commons Lang): the project has no JSON library among its
 * dependencies, and the document is flat. Each outcome also carries its {@code record}: the line
 * ({@link CheckOutcome#encode()}, base64 fields) by which worker JVMs hand outcomes over, which is
 * what {@code mpolcheck merge} reads back ({@link #records}), so that merging needs no JSON parser.
 */
final class Report {
    private Report() {
    }

    /** The report of one {@code verify} run as JSON. */
    @SuppressWarnings("deprecation") // StringEscapeUtils.escapeJson: commons-text is not a dependency here
    static String json(List<CheckOutcome> outcomes, VerifyCommand.Settings settings, VerifyCommand.Shard shard,
            int exitCode) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"tool\": \"mpolcheck\",\n  \"command\": \"verify\",\n");
        sb.append("  \"profile\": ").append(str(settings.profile())).append(",\n");
        sb.append("  \"seed\": ").append(settings.witness() ? "null" : settings.seed()).append(",\n");
        sb.append("  \"witness\": ").append(settings.witness()).append(",\n");
        sb.append("  \"shard\": ").append(str(shard.toString())).append(",\n");
        sb.append("  \"exitCode\": ").append(exitCode).append(",\n");
        sb.append("  \"checks\": ").append(outcomes.size()).append(",\n");
        sb.append("  \"asExpected\": ").append(outcomes.stream().filter(CheckOutcome::asExpected).count()).append(",\n");
        sb.append("  \"outcomes\": [");
        for (int i = 0; i < outcomes.size(); i++) {
            CheckOutcome c = outcomes.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {");
            sb.append("\"scheme\": ").append(str(c.scheme()));
            sb.append(", \"engine\": ").append(str(c.engine()));
            sb.append(", \"expected\": ").append(str(c.expected()));
            sb.append(", \"actual\": ").append(str(c.actual()));
            sb.append(", \"asExpected\": ").append(c.asExpected());
            sb.append(", \"seconds\": ").append(c.seconds() < 0 ? "null" : String.format(Locale.ROOT, "%.3f", c.seconds()));
            sb.append(", \"seed\": ").append(c.onWitness() ? "null" : Long.toString(c.seed()));
            sb.append(", \"scope\": ").append(str(c.scope()));
            sb.append(", \"replay\": ").append(str(c.replay()));
            sb.append(", \"finding\": ").append(c.finding().isEmpty() ? "null" : str(c.finding().strip()));
            sb.append(", \"checkerError\": ").append(c.checkerError().isEmpty() ? "null" : str(c.checkerError()));
            sb.append(", \"record\": ").append(str(c.encode()));
            sb.append("}");
        }
        sb.append(outcomes.isEmpty() ? "]\n" : "\n  ]\n").append("}\n");
        return sb.toString();
    }

    /** A JSON string; Commons Lang escapes {@code /} as {@code \\/}, legal but noisy in paths, so that one is undone. */
    @SuppressWarnings("deprecation")
    private static String str(String s) {
        return "\"" + org.apache.commons.lang3.StringEscapeUtils.escapeJson(s).replace("\\/", "/") + "\"";
    }

    private static final java.util.regex.Pattern RECORD = java.util.regex.Pattern.compile(
            "\"record\": \"(" + java.util.regex.Pattern.quote(CheckOutcome.PREFIX) + "[A-Za-z0-9+/=. -]*)\"");
    private static final java.util.regex.Pattern SHARD = java.util.regex.Pattern.compile("\"shard\": \"(\\d+)/(\\d+)\"");

    /** The outcomes in a JSON report written by {@link #json}; empty if there are none. */
    static List<CheckOutcome> records(String json) {
        List<CheckOutcome> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = RECORD.matcher(json);
        while (m.find()) {
            CheckOutcome.decode(m.group(1)).ifPresent(out::add);
        }
        return out;
    }

    /** The shard a JSON report covers ({@code {k, n}}), or empty if it names none. */
    static java.util.Optional<int[]> shard(String json) {
        java.util.regex.Matcher m = SHARD.matcher(json);
        return m.find() ? java.util.Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))})
                : java.util.Optional.empty();
    }

    /** The report of one {@code verify} run as JUnit XML. */
    static String junitXml(List<CheckOutcome> outcomes, VerifyCommand.Settings settings) {
        Map<String, List<CheckOutcome>> byEngine = new TreeMap<>();
        for (CheckOutcome c : outcomes) {
            byEngine.computeIfAbsent(c.engine(), e -> new java.util.ArrayList<>()).add(c);
        }
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "mpolcheck verify");
            counts(x, outcomes);
            for (Map.Entry<String, List<CheckOutcome>> suite : byEngine.entrySet()) {
                suite(x, suite.getKey(), suite.getValue(), settings);
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit XML report", e);
        }
        return text + "\n";
    }

    private static void suite(XMLStreamWriter x, String engine, List<CheckOutcome> cases, VerifyCommand.Settings settings)
            throws XMLStreamException {
        x.writeCharacters("\n  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", "mpolcheck." + engine);
        counts(x, cases);
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        property(x, "profile", settings.profile());
        property(x, "seed", settings.witness() ? "witness" : Long.toString(settings.seed()));
        x.writeCharacters("\n    ");
        x.writeEndElement();
        for (CheckOutcome c : cases) {
            testcase(x, c);
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
    }

    private static void testcase(XMLStreamWriter x, CheckOutcome c) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", "mpolcheck." + c.engine());
        x.writeAttribute("name", c.scheme());
        x.writeAttribute("time", seconds(c));
        if (!c.checkerError().isEmpty()) {
            problem(x, "error", "CHECKER_ERROR", "no verdict: " + firstLine(c.checkerError()), c.checkerError());
        } else if (!c.asExpected()) {
            problem(x, "failure", "MISMATCH", "expected " + c.expected() + ", got " + c.actual() + " (replay: " + c.replay()
                    + ")", c.finding().strip());
        } else if (!c.finding().isEmpty()) {
            x.writeStartElement("system-out");
            x.writeCharacters(c.finding().strip());
            x.writeEndElement();
        }
        x.writeEndElement();
    }

    private static void problem(XMLStreamWriter x, String element, String type, String message, String body)
            throws XMLStreamException {
        x.writeStartElement(element);
        x.writeAttribute("type", type);
        x.writeAttribute("message", message);
        x.writeCharacters(body);
        x.writeEndElement();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", value);
    }

    private static void counts(XMLStreamWriter x, List<CheckOutcome> cases) throws XMLStreamException {
        x.writeAttribute("tests", Integer.toString(cases.size()));
        x.writeAttribute("failures", Long.toString(cases.stream()
                .filter(c -> !c.asExpected() && c.checkerError().isEmpty()).count()));
        x.writeAttribute("errors", Long.toString(cases.stream().filter(c -> !c.checkerError().isEmpty()).count()));
        x.writeAttribute("time", String.format(Locale.ROOT, "%.3f",
                cases.stream().mapToDouble(c -> Math.max(0, c.seconds())).sum()));
    }

    private static String seconds(CheckOutcome c) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, c.seconds()));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
