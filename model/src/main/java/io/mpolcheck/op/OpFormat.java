package io.mpolcheck.op;

import io.mpolcheck.model.GetFlag;
import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.MbindFlag;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.ModeFlag;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.UserNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one-line text form of operations, shaped like an {@code strace} line with the issuing task
 * in front:
 *
 * <pre>
 * t0 set_mempolicy(MPOL_INTERLEAVE|MPOL_F_STATIC_NODES, {0-2}, 65)
 * t0 get_mempolicy(&amp;mode, &amp;nmask, 65, 0x2000, MPOL_F_ADDR)
 * t1 mbind(0x2000, 0x3000, MPOL_BIND, {1}, 65, MPOL_MF_STRICT)
 * t0 mmap(0x2000, 0x4000, hugetlb)
 * t0 munmap(0x2000, 0x1000)
 * t0 fork()
 * t2 exit()
 * t0 migrate(3)
 * t2 numa_maps(t0)
 * t0 alloc_page(0x2000)
 * t0 alloc_page()
 * t0 shmget(IPC_PRIVATE, 0x4000, IPC_CREAT|0600)
 * t1 shmat(0, 0xa000, 0)
 * t1 shmdt(0xa000)
 * t0 shmctl(0, IPC_RMID, NULL)
 * t1 cpuset_rebind(t0)
 * t0 failslab()
 * t1 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, 65, 0)
 * t0 return_to_user()
 * t1 rcu_grace_period()
 * </pre>
 *
 * Node masks are {@code {list}} in the kernel's {@code %*pbl} form or {@code NULL}; addresses and
 * lengths are printed in hex and read in hex or decimal; modes and flags are symbolic names joined
 * by {@code |}, with numbers for bits that have no name. {@code print(parse(print(op)))} equals
 * {@code print(op)} and {@code parse(print(op))} equals {@code op} for every operation whose node
 * masks name only nodes below {@link NodeMask#PARSE_LIMIT}. When
 * parsing, a trailing {@code = result} (as in a printed trace) is ignored, as are blank lines and
 * lines starting with {@code #}.
 *
 * <p>Numbers are ASCII: {@code 0x} (or {@code 0X}) and hex digits, or decimal digits with an
 * optional minus and no leading zero (C would read {@code 0200} as octal, so it is refused rather
 * than read as two hundred); no {@code +} sign and no {@code -0}. Tasks are {@code t} and such a
 * decimal number. Space around arguments is free.
 */
public final class OpFormat {

    private OpFormat() {
    }

    /* --------------- Printing --------------- */

    /** The one-line form of {@code op}. */
    public static String print(Op op) {
        return "t" + op.task() + " " + call(op);
    }

    /** One line per operation, each ending in a newline. */
    public static String printAll(List<? extends Op> ops) {
        StringBuilder sb = new StringBuilder();
        for (Op op : ops) {
            sb.append(print(op)).append('\n');
        }
        return sb.toString();
    }

    private static String call(Op op) {
        if (op instanceof Op.SetMempolicy s) {
            return "set_mempolicy(" + Result.modeWord(s.mode()) + ", " + nodes(s.nodes()) + ")";
        } else if (op instanceof Op.GetMempolicy g) {
            return "get_mempolicy(&mode, " + (g.wantNodes() ? "&nmask" : "NULL") + ", "
                    + Long.toUnsignedString(g.maxnode()) + ", " + hex(g.addr()) + ", " + getFlags(g.flags()) + ")";
        } else if (op instanceof Op.Mbind m) {
            return "mbind(" + hex(m.start()) + ", " + hex(m.len()) + ", " + Result.modeWord(m.mode()) + ", "
                    + nodes(m.nodes()) + ", " + mbindFlags(m.flags()) + ")";
        } else if (op instanceof Op.Mmap m) {
            return "mmap(" + hex(m.addr()) + ", " + hex(m.len()) + ", " + m.kind().token() + ")";
        } else if (op instanceof Op.Munmap m) {
            return "munmap(" + hex(m.addr()) + ", " + hex(m.len()) + ")";
        } else if (op instanceof Op.Fork) {
            return "fork()";
        } else if (op instanceof Op.Exit) {
            return "exit()";
        } else if (op instanceof Op.Migrate m) {
            return "migrate(" + m.node() + ")";
        } else if (op instanceof Op.NumaMaps n) {
            return "numa_maps(t" + n.target() + ")";
        } else if (op instanceof Op.AllocPage a) {
            return "alloc_page(" + (a.addr().isPresent() ? hex(a.addr().getAsLong()) : "") + ")";
        } else if (op instanceof Op.Shmget g) {
            return "shmget(IPC_PRIVATE, " + hex(g.size()) + ", IPC_CREAT|0600)";
        } else if (op instanceof Op.Shmat a) {
            return "shmat(" + a.shmid() + ", " + hex(a.addr()) + ", 0)";
        } else if (op instanceof Op.Shmdt d) {
            return "shmdt(" + hex(d.addr()) + ")";
        } else if (op instanceof Op.ShmRmid r) {
            return "shmctl(" + r.shmid() + ", IPC_RMID, NULL)";
        } else if (op instanceof Op.CpusetRebind c) {
            return "cpuset_rebind(t" + c.target() + ")";
        } else if (op instanceof Op.Failslab) {
            return "failslab()";
        } else if (op instanceof Op.PidfdSetMempolicy p) {
            return "pidfd_set_mempolicy(t" + p.target() + ", " + Result.modeWord(p.mode()) + ", " + nodes(p.nodes())
                    + ", " + p.flags() + ")";
        } else if (op instanceof Op.ReturnToUser) {
            return "return_to_user()";
        } else if (op instanceof Op.RcuGracePeriod) {
            return "rcu_grace_period()";
        }
        throw new IllegalStateException("unprintable operation " + op);
    }

    private static String nodes(UserNodes n) {
        return n.mask().map(m -> "{" + m + "}").orElse("NULL") + ", " + Long.toUnsignedString(n.maxnode());
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String getFlags(int raw) {
        List<String> names = new ArrayList<>();
        int rest = raw;
        for (GetFlag f : GetFlag.values()) {
            if (f.in(raw)) {
                names.add(f.name());
                rest &= ~f.bit();
            }
        }
        return joinFlags(names, rest);
    }

    private static String mbindFlags(int raw) {
        List<String> names = new ArrayList<>();
        int rest = raw;
        for (MbindFlag f : MbindFlag.values()) {
            if (f.in(raw)) {
                names.add(f.name());
                rest &= ~f.bit();
            }
        }
        return joinFlags(names, rest);
    }

    private static String joinFlags(List<String> names, int rest) {
        if (rest != 0) {
            names.add("0x" + Integer.toHexString(rest));
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }

    /* --------------- Parsing --------------- */

    /** Parses one line; throws {@link OpSyntaxException} naming what is wrong. */
    public static Op parse(String line) {
        return parse(line, 0);
    }

    /** Parses every operation line of {@code text}, skipping blank lines and {@code #} comments. */
    public static List<Op> parseAll(String text) {
        List<Op> ops = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                ops.add(parse(l, i + 1));
            }
        }
        return ops;
    }

    private static Op parse(String line, int lineNo) {
        return new Parser(line, lineNo).op();
    }

    /** A decimal number: ASCII digits, a minus unless zero, no leading zero (C reads {@code 0200} as octal). */
    private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("0|-?[1-9][0-9]*");
    private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final java.util.regex.Pattern TASK = java.util.regex.Pattern.compile("t(0|-?[1-9][0-9]{0,9})");

    private static boolean isNumber(String s) {
        return DECIMAL.matcher(s).matches() || HEX.matcher(s).matches();
    }

    /** A parser for one line; every failure names the line and the expected form. */
    private static final class Parser {
        private final String line;
        private final int lineNo;

        Parser(String line, int lineNo) {
            this.line = line.strip();
            this.lineNo = lineNo;
        }

        Op op() {
            int space = line.indexOf(' ');
            if (!line.startsWith("t") || space < 0) {
                throw fail("expected 'tN call(...)', e.g. 't0 fork()'");
            }
            int task = taskNumber(line.substring(0, space));
            String call = line.substring(space + 1).strip();
            int open = call.indexOf('(');
            int close = open < 0 ? -1 : matchingParen(call, open);
            if (open < 0 || close < open) {
                throw fail("expected 'name(arguments)' after the task, got '" + call + "'");
            }
            String tail = call.substring(close + 1).strip();
            if (!tail.isEmpty() && !tail.startsWith("=")) {
                throw fail("unexpected text after ')': '" + tail + "'");
            }
            if (tail.startsWith("=") && tail.substring(1).isBlank()) {
                throw fail("'=' with no result after it");
            }
            String name = call.substring(0, open).strip();
            List<String> args = splitArgs(call.substring(open + 1, close));
            return build(task, name, args);
        }

        private Op build(int task, String name, List<String> a) {
            switch (name) {
                case "set_mempolicy":
                    arity(name, a, 3, "set_mempolicy(MODE, {nodes}|NULL, MAXNODE)");
                    return new Op.SetMempolicy(task, modeWord(a.get(0)), userNodes(a.get(1), a.get(2)));
                case "get_mempolicy":
                    arity(name, a, 5, "get_mempolicy(&mode, &nmask|NULL, MAXNODE, ADDR, FLAGS)");
                    if (!a.get(0).equals("&mode")) {
                        throw fail("get_mempolicy's first argument is always '&mode', got '" + a.get(0) + "'");
                    }
                    return new Op.GetMempolicy(task, pointer(a.get(1)), unsigned(a.get(2)), unsigned(a.get(3)),
                            flags(a.get(4), "get_mempolicy flag", GetFlag.values()));
                case "mbind":
                    arity(name, a, 6, "mbind(ADDR, LEN, MODE, {nodes}|NULL, MAXNODE, FLAGS)");
                    return new Op.Mbind(task, unsigned(a.get(0)), unsigned(a.get(1)), modeWord(a.get(2)),
                            userNodes(a.get(3), a.get(4)), flags(a.get(5), "mbind flag", MbindFlag.values()));
                case "mmap":
                    arity(name, a, 3, "mmap(ADDR, LEN, anon|hugetlb)");
                    MapKind kind = MapKind.ofToken(a.get(2));
                    if (kind == null || kind == MapKind.SHM) {
                        throw fail("unknown mapping kind '" + a.get(2) + "' (known: anon, hugetlb; shm segments are "
                                + "attached with shmat)");
                    }
                    return new Op.Mmap(task, unsigned(a.get(0)), unsigned(a.get(1)), kind);
                case "munmap":
                    arity(name, a, 2, "munmap(ADDR, LEN)");
                    return new Op.Munmap(task, unsigned(a.get(0)), unsigned(a.get(1)));
                case "fork":
                    arity(name, a, 0, "fork()");
                    return new Op.Fork(task);
                case "exit":
                    arity(name, a, 0, "exit()");
                    return new Op.Exit(task);
                case "migrate":
                    arity(name, a, 1, "migrate(NODE)");
                    return new Op.Migrate(task, smallInt(a.get(0), "node"));
                case "numa_maps":
                    arity(name, a, 1, "numa_maps(tN)");
                    return new Op.NumaMaps(task, taskNumber(a.get(0)));
                case "alloc_page":
                    if (a.size() > 1) {
                        throw fail("alloc_page takes an address or nothing: 'alloc_page(ADDR)' or 'alloc_page()'");
                    }
                    return new Op.AllocPage(task, a.isEmpty() ? OptionalLong.empty() : OptionalLong.of(unsigned(a.get(0))));
                case "shmget":
                    arity(name, a, 3, "shmget(IPC_PRIVATE, SIZE, IPC_CREAT|0600)");
                    literal(a.get(0), "IPC_PRIVATE", "only private segments are modelled");
                    literal(a.get(2), "IPC_CREAT|0600", "only IPC_CREAT|0600 is modelled");
                    return new Op.Shmget(task, unsigned(a.get(1)));
                case "shmat":
                    arity(name, a, 3, "shmat(SHMID, ADDR, 0)");
                    literal(a.get(2), "0", "no shmat flags are modelled");
                    return new Op.Shmat(task, smallInt(a.get(0), "shmid"), unsigned(a.get(1)));
                case "shmdt":
                    arity(name, a, 1, "shmdt(ADDR)");
                    return new Op.Shmdt(task, unsigned(a.get(0)));
                case "shmctl":
                    arity(name, a, 3, "shmctl(SHMID, IPC_RMID, NULL)");
                    literal(a.get(1), "IPC_RMID", "only IPC_RMID is modelled");
                    literal(a.get(2), "NULL", "IPC_RMID takes no buffer");
                    return new Op.ShmRmid(task, smallInt(a.get(0), "shmid"));
                case "cpuset_rebind":
                    arity(name, a, 1, "cpuset_rebind(tN)");
                    return new Op.CpusetRebind(task, taskNumber(a.get(0)));
                case "failslab":
                    arity(name, a, 0, "failslab()");
                    return new Op.Failslab(task);
                case "pidfd_set_mempolicy":
                    arity(name, a, 5, "pidfd_set_mempolicy(tN, MODE, {nodes}|NULL, MAXNODE, FLAGS)");
                    return new Op.PidfdSetMempolicy(task, taskNumber(a.get(0)), modeWord(a.get(1)),
                            userNodes(a.get(2), a.get(3)), smallInt(a.get(4), "flags"));
                case "return_to_user":
                    arity(name, a, 0, "return_to_user()");
                    return new Op.ReturnToUser(task);
                case "rcu_grace_period":
                    arity(name, a, 0, "rcu_grace_period()");
                    return new Op.RcuGracePeriod(task);
                default:
                    throw fail("unknown operation '" + name + "' (known: set_mempolicy, get_mempolicy, mbind, mmap, "
                            + "munmap, fork, exit, migrate, numa_maps, alloc_page, shmget, shmat, shmdt, shmctl, "
                            + "cpuset_rebind, failslab, pidfd_set_mempolicy, return_to_user, rcu_grace_period)");
            }
        }

        /** The index of the ')' closing the '(' at {@code open}, or -1; a trailing "= result" may hold parentheses. */
        private static int matchingParen(String s, int open) {
            int depth = 0;
            for (int i = open; i < s.length(); i++) {
                if (s.charAt(i) == '(') {
                    depth++;
                } else if (s.charAt(i) == ')' && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        private void literal(String arg, String expected, String why) {
            if (!arg.equals(expected)) {
                throw fail("expected '" + expected + "', got '" + arg + "' (" + why + ")");
            }
        }

        private void arity(String name, List<String> args, int n, String form) {
            if (args.size() != n) {
                throw fail(name + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", got " + args.size()
                        + "; expected " + form);
            }
        }

        private List<String> splitArgs(String inside) {
            List<String> out = new ArrayList<>();
            if (inside.isBlank()) {
                return out;
            }
            int depth = 0;
            int start = 0;
            for (int i = 0; i < inside.length(); i++) {
                char c = inside.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    out.add(inside.substring(start, i).strip());
                    start = i + 1;
                }
            }
            if (depth != 0) {
                throw fail("unbalanced braces in '" + inside + "'");
            }
            out.add(inside.substring(start).strip());
            return out;
        }

        private int taskNumber(String s) {
            try {
                if (TASK.matcher(s).matches()) {
                    return Integer.parseInt(s.substring(1));
                }
            } catch (NumberFormatException e) {
                // out of int range: reported below
            }
            throw fail("expected a task like 't0', got '" + s + "'");
        }

        private UserNodes userNodes(String mask, String maxnode) {
            long max = unsigned(maxnode);
            if (mask.equals("NULL")) {
                return new UserNodes(Optional.empty(), max);
            }
            if (!mask.startsWith("{") || !mask.endsWith("}")) {
                throw fail("expected a node mask like '{0-1,3}', '{}' or 'NULL', got '" + mask + "'");
            }
            try {
                return new UserNodes(Optional.of(NodeMask.parseList(mask.substring(1, mask.length() - 1))), max);
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
        }

        private boolean pointer(String s) {
            return switch (s) {
                case "&nmask" -> true;
                case "NULL" -> false;
                default -> throw fail("expected '&nmask' or 'NULL', got '" + s + "'");
            };
        }

        private int modeWord(String s) {
            int raw = 0;
            for (String tok : tokens(s, "mode")) {
                Optional<Integer> named = modeSymbol(tok);
                raw |= named.orElseGet(() -> signedInt(tok, "mode"));
            }
            return raw;
        }

        private Optional<Integer> modeSymbol(String tok) {
            for (Mode m : Mode.values()) {
                if (m.name().equals(tok)) {
                    return Optional.of(m.number());
                }
            }
            for (ModeFlag f : ModeFlag.values()) {
                if (f.name().equals(tok)) {
                    return Optional.of(f.bit());
                }
            }
            return Optional.empty();
        }

        private <E extends Enum<E>> int flags(String s, String what, E[] known) {
            int raw = 0;
            for (String tok : tokens(s, what)) {
                int bit = -1;
                for (E e : known) {
                    if (e.name().equals(tok)) {
                        bit = e instanceof GetFlag g ? g.bit() : ((MbindFlag) e).bit();
                    }
                }
                raw |= bit >= 0 ? bit : signedInt(tok, what);
            }
            return raw;
        }

        private List<String> tokens(String s, String what) {
            List<String> out = new ArrayList<>();
            for (String t : s.split("\\|", -1)) {
                if (t.isBlank()) {
                    throw fail("empty " + what + " in '" + s + "'");
                }
                out.add(t.strip());
            }
            return out;
        }

        private int signedInt(String tok, String what) {
            if (!isNumber(tok)) {
                throw fail("unknown " + what + " '" + tok + "'");
            }
            try {
                if (tok.startsWith("0x") || tok.startsWith("0X")) {
                    return Integer.parseUnsignedInt(tok.substring(2), 16);
                }
                return Integer.parseInt(tok);
            } catch (NumberFormatException e) {
                throw fail("unknown " + what + " '" + tok + "'");
            }
        }

        private int smallInt(String s, String what) {
            if (!DECIMAL.matcher(s).matches()) {
                throw fail("expected a " + what + " number, got '" + s + "'");
            }
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw fail("expected a " + what + " number, got '" + s + "'");
            }
        }

        private long unsigned(String s) {
            if (!isNumber(s)) {
                throw fail("expected a number (decimal without a leading zero, or 0x hex), got '" + s + "'");
            }
            try {
                if (s.startsWith("0x") || s.startsWith("0X")) {
                    return Long.parseUnsignedLong(s.substring(2), 16);
                }
                if (s.startsWith("-")) {
                    return Long.parseLong(s);
                }
                return Long.parseUnsignedLong(s);
            } catch (NumberFormatException e) {
                throw fail("expected a number (decimal or 0x hex), got '" + s + "'");
            }
        }

        private OpSyntaxException fail(String message) {
            return new OpSyntaxException(lineNo, message + " in '" + line + "'");
        }
    }
}
