package io.mpolcheck.property;

import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.OpSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Property (c): the operation text format is lossless and its parser fails only one way.
 *
 * <ul>
 *   <li>For any operation list: {@code print(parse(print(ops))) == print(ops)} and
 *       {@code parse(print(ops)).equals(ops)} — the second catches a printer that drops
 *       information consistently (the first alone would not).</li>
 *   <li>Any line either parses, and then re-prints to a line that parses to the same operation,
 *       or throws {@link OpSyntaxException}; any other exception is a failure.</li>
 * </ul>
 * The printer and parser are parameters so that a lossy printer can be planted. Masks naming
 * nodes at or above {@code NodeMask.PARSE_LIMIT}, which the parser refuses on purpose, are outside
 * the property; {@link OpGenerator} never makes them.
 */
public final class FormatRoundTrip {

    /** Printing of one operation. */
    public static final Function<Op, String> PRINT = OpFormat::print;
    /** Parsing of one line. */
    public static final Function<String, Op> PARSE = OpFormat::parse;

    private FormatRoundTrip() {
    }

    /** The round trip of {@code ops} through {@link OpFormat}. */
    public static Optional<String> check(List<Op> ops) {
        return check(ops, PRINT, PARSE);
    }

    /** The first operation whose text form does not round-trip, or empty. */
    public static Optional<String> check(List<Op> ops, Function<Op, String> print, Function<String, Op> parse) {
        List<String> printed = new ArrayList<>();
        for (Op op : ops) {
            printed.add(print.apply(op));
        }
        for (int i = 0; i < ops.size(); i++) {
            String line = printed.get(i);
            Op back;
            try {
                back = parse.apply(line);
            } catch (RuntimeException e) {
                return Optional.of("operation " + (i + 1) + " " + ops.get(i).getClass().getSimpleName()
                        + " printed as '" + line + "' does not parse: " + e);
            }
            String again = print.apply(back);
            if (!again.equals(line)) {
                return Optional.of("'" + line + "' parses and prints as '" + again + "'");
            }
            if (!back.equals(ops.get(i))) {
                return Optional.of("operation " + (i + 1) + " " + describe(ops.get(i)) + " printed as '" + line
                        + "' parses back as " + describe(back));
            }
        }
        return Optional.empty();
    }

    /** {@code line} parses and round-trips, or is rejected with {@link OpSyntaxException} only. */
    public static Optional<String> checkLine(String line) {
        Op op;
        try {
            op = OpFormat.parse(line);
        } catch (OpSyntaxException expected) {
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("parsing '" + escape(line) + "' threw " + e + " instead of OpSyntaxException");
        }
        return check(List.of(op)).map(s -> "the accepted line '" + escape(line) + "': " + s);
    }

    /** The record form (field by field), which unlike {@code toString()} does not go through the printer. */
    private static String describe(Op op) {
        StringBuilder sb = new StringBuilder(op.getClass().getSimpleName()).append('[');
        var components = op.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            try {
                sb.append(i > 0 ? ", " : "").append(components[i].getName()).append('=')
                        .append(components[i].getAccessor().invoke(op));
            } catch (ReflectiveOperationException e) {
                sb.append('?');
            }
        }
        return sb.append(']').toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return sb.toString();
    }
}
