import Testing

@testable import LessonScript

/// The token kinds of `source`, without the trailing end-of-input token.
private func kinds(_ source: String) -> [Token.Kind] {
    Array(Lexer.tokenize(source).map(\.kind).dropLast())
}

@Suite struct LexerTests {
    @Test func simpleAssignment() {
        #expect(
            kinds("y = dropout(x, p=0.5)") == [
                .name("y"), .symbol(.equal), .name("dropout"), .symbol(.leftParen), .name("x"),
                .symbol(.comma), .name("p"), .symbol(.equal), .number(0.5), .symbol(.rightParen), .newline,
            ])
    }

    @Test(arguments: [
        ("2", 2.0), ("0.5", 0.5), ("1e-3", 0.001), (".5", 0.5), ("1.", 1.0), ("1E+2", 100.0),
        ("1.e3", 1000.0), ("007", 7.0), ("2.5e-1", 0.25), ("1e999", Double.infinity),
    ])
    func numbers(source: String, value: Double) {
        #expect(kinds(source) == [.number(value), .newline])
    }

    @Test func stringsDecodeEscapes() {
        #expect(kinds(#""a\nb\t\\ \" \'""#) == [.string("a\nb\t\\ \" '"), .newline])
        #expect(kinds(#"'it\'s' "\r\0""#) == [.string("it's"), .string("\r\0"), .newline])
        #expect(kinds("'double \" inside'") == [.string("double \" inside"), .newline])
    }

    @Test func keywordsAndLiterals() {
        #expect(
            kinds("for in true True false False none None fortune") == [
                .forKeyword, .inKeyword, .boolean(true), .boolean(true), .boolean(false), .boolean(false),
                .noneLiteral, .noneLiteral, .name("fortune"), .newline,
            ])
    }

    @Test func everySymbol() {
        let source = Token.Symbol.allCases.map(\.rawValue).joined(separator: " ")
        #expect(kinds(source) == Token.Symbol.allCases.map { .symbol($0) } + [.newline])
    }

    @Test func longestOperatorWins() {
        #expect(
            kinds("a**-b//c<=d") == [
                .name("a"), .symbol(.doubleStar), .symbol(.minus), .name("b"), .symbol(.doubleSlash),
                .name("c"),
                .symbol(.lessEqual), .name("d"), .newline,
            ])
    }

    @Test func rangesCountUnicodeScalars() {
        let tokens = Lexer.tokenize("αβ = \"日本\" + x")
        #expect(
            tokens[0].range == SourceRange(start: .init(line: 1, column: 1), end: .init(line: 1, column: 3)))
        #expect(tokens[1].range.start == SourceLocation(line: 1, column: 4))
        #expect(
            tokens[2].range == SourceRange(start: .init(line: 1, column: 6), end: .init(line: 1, column: 10)))
        #expect(tokens[2].text == "\"日本\"")
        #expect(tokens[4].range.start == SourceLocation(line: 1, column: 13))
    }

    @Test func indentationMakesBlocks() {
        let source = """
            for a in x:
                for b in y:
                    z = 1
                w = 2
            v = 3
            """
        #expect(
            kinds(source) == [
                .forKeyword, .name("a"), .inKeyword, .name("x"), .symbol(.colon), .newline,
                .indent, .forKeyword, .name("b"), .inKeyword, .name("y"), .symbol(.colon), .newline,
                .indent, .name("z"), .symbol(.equal), .number(1), .newline,
                .dedent, .name("w"), .symbol(.equal), .number(2), .newline,
                .dedent, .name("v"), .symbol(.equal), .number(3), .newline,
            ])
    }

    @Test func blocksStillOpenAtTheEndAreClosed() {
        #expect(
            kinds("for a in x:\n\tb") == [
                .forKeyword, .name("a"), .inKeyword, .name("x"), .symbol(.colon), .newline,
                .indent, .name("b"), .newline, .dedent,
            ])
    }

    @Test func blankAndCommentLinesAreSkipped() {
        let source = "# header\n\nx = 1  # trailing\n   \n      # indented comment\ny = 2\n"
        #expect(
            kinds(source) == [
                .name("x"), .symbol(.equal), .number(1), .newline, .name("y"), .symbol(.equal), .number(2),
                .newline,
            ])
    }

    @Test func newlinesInsideBracketsAreIgnored() {
        let source = "x = [[1, 2],\n     [3, 4]]\nf(a,\n  p=1)"
        #expect(!kinds(source).contains(.indent))
        #expect(kinds(source).filter { $0 == .newline }.count == 2)
    }

    @Test func backslashJoinsLines() {
        #expect(
            kinds("x = 1 + \\\n    2") == [
                .name("x"), .symbol(.equal), .number(1), .symbol(.plus), .number(2), .newline,
            ])
    }

    @Test func carriageReturnsEndLines() {
        let tokens = Lexer.tokenize("a = 1\r\nb = 2\rc")
        #expect(tokens.filter { $0.kind == .newline }.count == 3)
        #expect(tokens[4].range.start == SourceLocation(line: 2, column: 1))
        #expect(tokens[8].range.start == SourceLocation(line: 3, column: 1))
    }

    @Test func endOfInputSitsAfterTheText() {
        let tokens = Lexer.tokenize("x\n")
        #expect(tokens.last?.kind == .endOfInput)
        #expect(tokens.last?.range.start == SourceLocation(line: 2, column: 1))
        #expect(Lexer.tokenize("").map(\.kind) == [.endOfInput])
    }

    @Test(arguments: [
        ("y = $x", "unexpected character '$'", 1, 5),
        ("s = \"abc", "unterminated string", 1, 5),
        ("s = 'abc\nt = 1", "unterminated string", 1, 5),
        ("s = 'a\\qb'", "unknown escape sequence '\\q'", 1, 7),
        ("x = 2x", "invalid number '2x'", 1, 5),
        ("x = 1e", "invalid number '1e'", 1, 5),
        ("x = 1.2.3", "invalid number '1.2.3'", 1, 5),
        ("x = 1_000", "invalid number '1_000'", 1, 5),
        ("x = 1 \\ 2", "expected a line break after '\\'", 1, 7),
        ("x = a ! b", "unexpected character '!'", 1, 7),
        ("x = {}", "unexpected character '{'", 1, 5),
        (
            "x = \u{201C}a\u{201D}", "unexpected character '\u{201C}' (U+201C); use straight quotes \" or '",
            1, 5
        ),
        ("x = 1\u{A0}+ 2", "unexpected character U+00A0", 1, 6),
        ("x = 1 \u{2192} 2", "unexpected character '\u{2192}' (U+2192)", 1, 7),
        ("for a in x:\n \ty", "indentation mixes tabs and spaces", 2, 1),
        ("for a in x:\n    y\n  z", "unindent does not match any outer indentation level", 3, 1),
        ("for a in x:\n\ty\n        z", "inconsistent use of tabs and spaces in indentation", 3, 1),
        ("for a in x:\n    y\n\tz", "inconsistent use of tabs and spaces in indentation", 3, 1),
    ])
    func invalidTokens(source: String, message: String, line: Int, column: Int) {
        let invalid = Lexer.tokenize(source).first { if case .invalid = $0.kind { true } else { false } }
        #expect(invalid?.kind == .invalid(message))
        #expect(invalid?.range.start == SourceLocation(line: line, column: column))
    }

    @Test func lexerReportsItsEndState() {
        var lexer = Lexer("for a in x:\n    f(1,\n")
        _ = lexer.tokenize()
        #expect(lexer.openBracketCount == 1)
        #expect(lexer.openBlockCount == 1)
        #expect(!lexer.hasErrors)
        #expect(!lexer.endsWithContinuation)
        var continued = Lexer("x = 1 + \\")
        _ = continued.tokenize()
        #expect(continued.endsWithContinuation)
    }

    @Test func rangeTextSlicesTheSource() {
        let source = "x = 1\nαβ = f(a,\r\n  b)  # done\n"
        let range = SourceRange(start: .init(line: 2, column: 1), end: .init(line: 3, column: 5))
        #expect(range.text(in: source) == "αβ = f(a,\r\n  b)")
        #expect(
            SourceRange(start: .init(line: 1, column: 3), end: .init(line: 1, column: 99)).text(in: source)
                == "= 1")
        #expect(
            SourceRange(start: .init(line: 9, column: 1), end: .init(line: 9, column: 5)).text(in: source)
                == "")
    }
}
