package io.mpolcheck.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpolcheck.model.MapKind;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.UserNodes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link OpFormat}: the one-line, strace-shaped text of every operation. Printing and parsing are
 * inverse ({@code parse(print(op)) == op}), a trailing {@code = result} is ignored, and every
 * syntax error names the line and what was expected.
 */
class OpFormatTest {

    /* --------------- Printing --------------- */

    @Test
    void print_eachOperation_readsLikeAnStraceLine() {
        assertThat(OpFormat.print(new Op.SetMempolicy(0, 3 | 0x8000, UserNodes.of(NodeMask.of(0, 1, 2)))))
                .isEqualTo("t0 set_mempolicy(MPOL_INTERLEAVE|MPOL_F_STATIC_NODES, {0-2}, 65)");
        assertThat(OpFormat.print(new Op.GetMempolicy(0, true, 65, 0x2000, 2)))
                .isEqualTo("t0 get_mempolicy(&mode, &nmask, 65, 0x2000, MPOL_F_ADDR)");
        assertThat(OpFormat.print(new Op.GetMempolicy(1, false, 0, 0, 0)))
                .isEqualTo("t1 get_mempolicy(&mode, NULL, 0, 0x0, 0)");
        assertThat(OpFormat.print(new Op.Mbind(1, 0x2000, 0x3000, 2, UserNodes.of(NodeMask.of(1)), 1)))
                .isEqualTo("t1 mbind(0x2000, 0x3000, MPOL_BIND, {1}, 65, MPOL_MF_STRICT)");
        assertThat(OpFormat.print(new Op.Mbind(0, 0x2000, 0x1000, 0, UserNodes.NONE, 0)))
                .isEqualTo("t0 mbind(0x2000, 0x1000, MPOL_DEFAULT, NULL, 0, 0)");
        assertThat(OpFormat.print(new Op.Mmap(0, 0x2000, 0x4000, MapKind.HUGETLB))).isEqualTo("t0 mmap(0x2000, 0x4000, hugetlb)");
        assertThat(OpFormat.print(new Op.Munmap(0, 0x2000, 0x1000))).isEqualTo("t0 munmap(0x2000, 0x1000)");
        assertThat(OpFormat.print(new Op.Fork(0))).isEqualTo("t0 fork()");
        assertThat(OpFormat.print(new Op.Exit(2))).isEqualTo("t2 exit()");
        assertThat(OpFormat.print(new Op.Migrate(0, 3))).isEqualTo("t0 migrate(3)");
        assertThat(OpFormat.print(new Op.NumaMaps(2, 0))).isEqualTo("t2 numa_maps(t0)");
        assertThat(OpFormat.print(new Op.AllocPage(0, OptionalLong.of(0x2000)))).isEqualTo("t0 alloc_page(0x2000)");
        assertThat(OpFormat.print(new Op.AllocPage(0, OptionalLong.empty()))).isEqualTo("t0 alloc_page()");
    }

    @Test
    void print_bitsWithoutAName_areNumbers() {
        assertThat(OpFormat.print(new Op.SetMempolicy(0, 9, UserNodes.of(NodeMask.of(0), 3))))
                .isEqualTo("t0 set_mempolicy(9, {0}, 3)");
        assertThat(OpFormat.print(new Op.GetMempolicy(0, false, 0, 0, 1 | 8)))
                .isEqualTo("t0 get_mempolicy(&mode, NULL, 0, 0x0, MPOL_F_NODE|0x8)");
        assertThat(OpFormat.print(new Op.Mbind(0, 0x2000, 0x1000, 2, UserNodes.of(NodeMask.of(0)), 4 | 8)))
                .isEqualTo("t0 mbind(0x2000, 0x1000, MPOL_BIND, {0}, 65, MPOL_MF_MOVE_ALL|0x8)");
    }

    @Test
    void toString_isThePrintedForm() {
        Op op = new Op.Munmap(1, 0x3000, 0x1000);
        assertThat(op).hasToString(OpFormat.print(op));
    }

    @Test
    void printAll_writesOneLinePerOperation() {
        assertThat(OpFormat.printAll(List.of(new Op.Fork(0), new Op.Exit(3)))).isEqualTo("t0 fork()\nt3 exit()\n");
    }

    /* --------------- Round trip --------------- */

    @Test
    void parse_ofPrint_givesTheSameOperation_forOrdinaryAndOddArguments() {
        List<Op> ops = List.of(
                new Op.SetMempolicy(0, 2, UserNodes.of(NodeMask.of(0, 2, 3))),
                new Op.SetMempolicy(1, -1, new UserNodes(Optional.empty(), -1L)),
                new Op.SetMempolicy(2, 0x80000002, UserNodes.of(NodeMask.EMPTY, 1)),
                new Op.GetMempolicy(0, true, Long.MIN_VALUE, -1L, -1),
                new Op.Mbind(0, 0xfffffffffffff000L, -1L, 5 | 0x2000, UserNodes.of(NodeMask.of(64, 100), 32770), -8),
                new Op.Mmap(1, 0, 0, MapKind.ANON),
                new Op.Munmap(0, -1L, 1),
                new Op.Migrate(0, -1),
                new Op.NumaMaps(0, 63),
                new Op.AllocPage(5, OptionalLong.of(0)),
                new Op.Fork(999),
                new Op.Exit(1000),
                new Op.NumaMaps(-1, Integer.MAX_VALUE));
        for (Op op : ops) {
            String text = OpFormat.print(op);
            assertThat(OpFormat.parse(text)).as(text).isEqualTo(op);
            assertThat(OpFormat.print(OpFormat.parse(text))).isEqualTo(text);
        }
    }

    /* --------------- Parsing --------------- */

    @Test
    void parse_acceptsDecimalAndHexAndExtraSpaces() {
        assertThat(OpFormat.parse("  t0   mmap( 8192 , 0X1000 , anon )  ")).isEqualTo(new Op.Mmap(0, 0x2000, 0x1000, MapKind.ANON));
        assertThat(OpFormat.parse("t0 mbind(0x2000, 4096, 2, { 0 - 1 , 3 }, 65, 0x1)"))
                .isEqualTo(new Op.Mbind(0, 0x2000, 0x1000, 2, UserNodes.of(NodeMask.of(0, 1, 3)), 1));
    }

    @Test
    void parse_ignoresATrailingResult() {
        assertThat(OpFormat.parse("t0 set_mempolicy(7, {0}, 65) = -1 EINVAL (Invalid argument)"))
                .isEqualTo(new Op.SetMempolicy(0, 7, UserNodes.of(NodeMask.of(0))));
        assertThat(OpFormat.parse("t0 get_mempolicy(&mode, &nmask, 65, 0x0, 0) = 0 [mode=MPOL_BIND, nmask={0-1}]"))
                .isEqualTo(new Op.GetMempolicy(0, true, 65, 0, 0));
    }

    @Test
    void parseAll_skipsBlankLinesAndComments() {
        List<Op> ops = OpFormat.parseAll("""
                # a scenario
                t0 mmap(0x2000, 0x2000, anon) = 0x2000

                   # indented comment
                t0 alloc_page(0x2000)
                """);
        assertThat(ops).containsExactly(new Op.Mmap(0, 0x2000, 0x2000, MapKind.ANON),
                new Op.AllocPage(0, OptionalLong.of(0x2000)));
    }

    @Test
    void parseAll_errorNamesTheLineNumber() {
        assertThatThrownBy(() -> OpFormat.parseAll("t0 fork()\n\nt0 frok()"))
                .isInstanceOf(OpSyntaxException.class)
                .hasMessageStartingWith("line 3: unknown operation 'frok'")
                .satisfies(e -> assertThat(((OpSyntaxException) e).lineNumber()).isEqualTo(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "fork(); expected 'tN call(...)'",
        "x0 fork(); expected 'tN call(...)'",
        "tx fork(); expected a task like 't0'",
        "t99999999999 fork(); expected a task like 't0'",
        "t0 fork; expected 'name(arguments)'",
        "t0 fork() extra; unexpected text after ')'",
        "t0 frobnicate(); unknown operation 'frobnicate'",
        "t0 fork(1); fork takes 0 arguments, got 1",
        "t0 munmap(0x1000); munmap takes 2 arguments, got 1; expected munmap(ADDR, LEN)",
        "t0 set_mempolicy(MPOL_BOGUS, NULL, 0); unknown mode 'MPOL_BOGUS'",
        "t0 set_mempolicy(MPOL_BIND|, NULL, 0); empty mode",
        "t0 set_mempolicy(MPOL_BIND, 0-1, 65); expected a node mask like '{0-1,3}'",
        "t0 set_mempolicy(MPOL_BIND, {1-0}, 65); runs backwards",
        "t0 set_mempolicy(MPOL_BIND, {0, 65); unbalanced braces",
        "t0 set_mempolicy(MPOL_BIND, {0}, lots); expected a number",
        "t0 get_mempolicy(mode, NULL, 0, 0x0, 0); first argument is always '&mode'",
        "t0 get_mempolicy(&mode, nmask, 0, 0x0, 0); expected '&nmask' or 'NULL'",
        "t0 get_mempolicy(&mode, NULL, 0, 0x0, MPOL_F_BOGUS); unknown get_mempolicy flag 'MPOL_F_BOGUS'",
        "t0 mbind(0x0, 0x1000, MPOL_BIND, {0}, 65, MPOL_MF_LAZY); unknown mbind flag 'MPOL_MF_LAZY'",
        "t0 mmap(0x2000, 0x1000, shmem); unknown mapping kind 'shmem'",
        "t0 migrate(three); expected a node number",
        "t0 numa_maps(0); expected a task like 't0'",
        "t0 alloc_page(0x1000, 0x2000); alloc_page takes an address or nothing",
        // malformed lines the parser once took (found by mutating valid lines): each number is
        // ASCII, decimal without a leading zero (C would read it as octal) or 0x hex, with no '+'
        "t0 alloc_page(02000); expected a number (decimal without a leading zero, or 0x hex), got '02000'",
        "t0 mmap(0x+000, 0x4000, anon); got '0x+000'",
        "t1 pidfd_set_mempolicy(t0, MPOL_BIND, {1}, +5, 0); got '+5'",
        "t0 munmap(0x2000, 0x1\u0663000); got '0x1\u0663000'",
        "t0 set_mempolicy(MPOL_BIND, {0-02}, 65); '02' is not a node number",
        "t0 set_mempolicy(MPOL_BIND, {+1}, 65); '+1' is not a node number",
        "t0 migrate(03); expected a node number, got '03'",
        "t-0 fork(); expected a task like 't0', got 't-0'",
        "t01 fork(); expected a task like 't0', got 't01'",
        "t2 numa_maps(t00); expected a task like 't0', got 't00'",
        "t2 exit()=; '=' with no result after it"})
    void parse_badLine_isRejectedSayingWhatWasExpected(String line, String message) {
        assertThatThrownBy(() -> OpFormat.parse(line))
                .isInstanceOf(OpSyntaxException.class)
                .hasMessageContaining(message)
                .hasMessageContaining(line.strip());
    }

    @Test
    void parse_singleLineError_hasNoLineNumber() {
        assertThatThrownBy(() -> OpFormat.parse("t0 frok()"))
                .isInstanceOf(OpSyntaxException.class)
                .hasMessageStartingWith("unknown operation 'frok'")
                .satisfies(e -> assertThat(((OpSyntaxException) e).lineNumber()).isZero());
    }
}
