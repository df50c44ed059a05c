import DropoutCore
import Notebook
import Testing

@testable import LessonScript
@testable import Rendering

/// One syntax error: the script, and the message and location the parser must report.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    var source: String
    var message: String
    var line: Int
    var column: Int
    var notes: [String] = []

    var testDescription: String { source.debugDescription }
}

@Suite struct ParserErrorTests {
    @Test(arguments: [
        ErrorCase(source: "y = $x", message: "unexpected character '$'", line: 1, column: 5),
        ErrorCase(source: "s = \"abc", message: "unterminated string", line: 1, column: 5),
        ErrorCase(source: "s = 'a\\qb'", message: "unknown escape sequence '\\q'", line: 1, column: 7),
        ErrorCase(source: "x = 2x", message: "invalid number '2x'", line: 1, column: 5),
        ErrorCase(source: "x = 1 \\ 2", message: "expected a line break after '\\'", line: 1, column: 7),
        ErrorCase(source: "f(x y)", message: "expected ')' after arguments", line: 1, column: 5),
        ErrorCase(
            source: "f(x", message: "expected ')' after arguments", line: 1, column: 4,
            notes: ["'(' opened at 1:2 is not closed"]),
        ErrorCase(
            source: "f(x,\n  y", message: "expected ')' after arguments", line: 2, column: 4,
            notes: ["'(' opened at 1:2 is not closed"]),
        ErrorCase(
            source: "f(p=0.5, x)", message: "positional argument after keyword argument", line: 1, column: 10),
        ErrorCase(source: "f(p=1, p=2)", message: "duplicate keyword argument 'p'", line: 1, column: 8),
        ErrorCase(
            source: "f(1=2)", message: "a keyword argument needs a name before '='", line: 1, column: 4),
        ErrorCase(
            source: "a < b < c", message: "comparisons cannot be chained; use parentheses", line: 1, column: 7
        ),
        ErrorCase(source: "x = ", message: "expected an expression", line: 1, column: 4),
        ErrorCase(source: "x = )", message: "expected an expression", line: 1, column: 5),
        ErrorCase(source: "x = (1 +\n", message: "expected an expression", line: 1, column: 9),
        ErrorCase(source: "f(x) = 1", message: "cannot assign to a call", line: 1, column: 1),
        ErrorCase(source: "x.T = 1", message: "cannot assign to an attribute", line: 1, column: 1),
        ErrorCase(source: "1 = x", message: "cannot assign to a number", line: 1, column: 1),
        ErrorCase(source: "'a' = x", message: "cannot assign to a string", line: 1, column: 1),
        ErrorCase(source: "True = 1", message: "cannot assign to 'true'", line: 1, column: 1),
        ErrorCase(source: "false = 1", message: "cannot assign to 'false'", line: 1, column: 1),
        ErrorCase(source: "none = 1", message: "cannot assign to 'none'", line: 1, column: 1),
        ErrorCase(source: "a + b = 1", message: "cannot assign to an expression", line: 1, column: 1),
        ErrorCase(source: "-a = 1", message: "cannot assign to an expression", line: 1, column: 1),
        ErrorCase(source: "a < b = 1", message: "cannot assign to a comparison", line: 1, column: 1),
        ErrorCase(
            source: "(a, (b, c)) = x", message: "nested destructuring is not supported", line: 1, column: 5),
        ErrorCase(
            source: "a, [b, c] = x", message: "nested destructuring is not supported", line: 1, column: 4),
        ErrorCase(
            source: "(a,) = x", message: "destructuring needs at least two targets", line: 1, column: 1),
        ErrorCase(source: "() = x", message: "cannot assign to an empty tuple", line: 1, column: 1),
        ErrorCase(source: "a, f(b) = x", message: "cannot assign to a call", line: 1, column: 4),
        ErrorCase(
            source: "x[0][1] = 5", message: "subscript assignment needs a variable name before '['", line: 1,
            column: 1),
        ErrorCase(
            source: "a = b = 1", message: "chained assignment is not supported; assign one name at a time",
            line: 1,
            column: 7),
        ErrorCase(
            source: "x += 1", message: "augmented assignment '+=' is not supported", line: 1, column: 3),
        ErrorCase(
            source: "x **= 2", message: "augmented assignment '**=' is not supported", line: 1, column: 3),
        ErrorCase(
            source: "for in x:", message: "expected a loop variable name after 'for'", line: 1, column: 5),
        ErrorCase(
            source: "for a, b in x:", message: "the loop variable must be a single name", line: 1, column: 6),
        ErrorCase(source: "for a x:", message: "expected 'in' after the loop variable", line: 1, column: 7),
        ErrorCase(source: "for a in x", message: "expected ':' after the loop sequence", line: 1, column: 11),
        ErrorCase(
            source: "for a in x:\ny = 1", message: "expected an indented block after 'for ... :'", line: 2,
            column: 1),
        ErrorCase(
            source: "for a in x:", message: "expected an indented block after 'for ... :'", line: 1,
            column: 12),
        ErrorCase(
            source: "for a in x:\n\n", message: "expected an indented block after 'for ... :'", line: 1,
            column: 12),
        ErrorCase(
            source: "for a in x: for b in y: z = 1",
            message: "a nested 'for' loop must start on its own indented line", line: 1, column: 13),
        ErrorCase(
            source: "x = 1; for a in b: y", message: "a 'for' loop must start on its own line", line: 1,
            column: 8),
        ErrorCase(source: "  x = 1", message: "unexpected indent", line: 1, column: 3),
        ErrorCase(source: "x = 1\n    y = 2", message: "unexpected indent", line: 2, column: 5),
        ErrorCase(source: "for a in x: y = 1\n    z", message: "unexpected indent", line: 2, column: 5),
        ErrorCase(
            source: "for a in x:\n    y = 1\n  z = 2",
            message: "unindent does not match any outer indentation level",
            line: 3, column: 1),
        ErrorCase(
            source: "for a in x:\n\ty = 1\n        z = 2",
            message: "inconsistent use of tabs and spaces in indentation",
            line: 3, column: 1),
        ErrorCase(
            source: "for a in x:\n \ty = 1", message: "indentation mixes tabs and spaces", line: 2, column: 1),
        ErrorCase(
            source: "x = [1, 2", message: "expected ']' after list elements", line: 1, column: 10,
            notes: ["'[' opened at 1:5 is not closed"]),
        ErrorCase(
            source: "a = [1, 2\nb = 3", message: "expected ']' after list elements", line: 2, column: 1,
            notes: ["'[' opened at 1:5 is not closed"]),
        ErrorCase(
            source: "x[1", message: "expected ']' after index", line: 1, column: 4,
            notes: ["'[' opened at 1:2 is not closed"]),
        ErrorCase(source: "x[]", message: "expected an index", line: 1, column: 3),
        ErrorCase(source: "(1 2)", message: "expected ')' after expression", line: 1, column: 4),
        ErrorCase(source: "(1, 2 3)", message: "expected ')' after tuple elements", line: 1, column: 7),
        ErrorCase(source: "x.", message: "expected an attribute name after '.'", line: 1, column: 3),
        ErrorCase(source: "x.1", message: "expected end of statement, found '.1'", line: 1, column: 2),
        ErrorCase(source: "x = 1 2", message: "expected end of statement, found '2'", line: 1, column: 7),
        ErrorCase(
            source: "x = 'a' 'b'", message: "expected end of statement, found a string", line: 1, column: 9),
        ErrorCase(source: "x = not y", message: "'not' is not supported in dropstep", line: 1, column: 5),
        ErrorCase(source: "if x: y", message: "'if' is not supported in dropstep", line: 1, column: 1),
        ErrorCase(
            source: "x = a if b else c", message: "'if' is not supported in dropstep", line: 1, column: 7),
    ])
    func reportsLocatedError(_ error: ErrorCase) {
        let result = Parser.parseAll(error.source)
        #expect(result.errors.first?.message == error.message)
        #expect(result.errors.first?.range.start == SourceLocation(line: error.line, column: error.column))
        #expect(result.errors.first?.notes ?? [] == error.notes)
        #expect(throws: ScriptError.self) { try Parser.parse(error.source) }
    }

    @Test func deepParenthesesAreAnErrorNotACrash() {
        let result = Parser.parseAll(String(repeating: "(", count: 100_000))
        #expect(result.errors.map(\.message) == ["expression nested too deeply"])
        #expect(result.errors.first?.range.start == SourceLocation(line: 1, column: 201))
    }

    @Test(arguments: [
        String(repeating: "[", count: 100_000),
        String(repeating: "-", count: 100_000) + "x",
        "x" + String(repeating: ".T", count: 100_000),
        "x" + String(repeating: "[0]", count: 100_000),
        "1" + String(repeating: " + 1", count: 100_000),
        "2" + String(repeating: " ** 2", count: 100_000),
        String(repeating: "f(", count: 100_000),
        String(repeating: "(a, ", count: 100_000),
        "y = " + String(repeating: "-(", count: 50_000) + "x" + String(repeating: ")", count: 50_000),
        (0..<1_000).map { String(repeating: " ", count: $0) + "for a in b:" }.joined(separator: "\n") + "\n"
            + String(repeating: " ", count: 1_000) + "x",
    ])
    func deepInputIsAnErrorNotACrash(source: String) {
        let result = Parser.parseAll(source)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.hasSuffix("nested too deeply") == true)
        #expect((try? Parser.parseExpression(source)) == nil)
    }

    @Test func nestingBelowTheLimitParses() throws {
        let depth = Parser.maximumDepth - 1
        let source = String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth)
        #expect(try Parser.parseExpression(source).kind == .name("x"))
        let lists = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let expression = try Parser.parseExpression(lists)
        #expect(expression.description == lists)
        #expect(expression.isStructurallyEqual(to: try Parser.parseExpression(expression.description)))
    }

    @Test func manyIndentedLinesAreReportedOnce() {
        let source = (0..<2_000).map { String(repeating: " ", count: $0) + "x" }.joined(separator: "\n")
        let result = Parser.parseAll(source)
        #expect(result.errors.map(\.message) == ["unexpected indent"])
        #expect(result.statements.count == 1)
    }
}

@Suite struct DiagnosticRendererTests {
    @Test func rendersTheErrorUnderItsSource() {
        let error = ScriptError(
            "unknown function 'dropoot'; did you mean 'dropout'?", at: sourceRange(2, 5, 2, 12))
        let text = DiagnosticRenderer().render(error, source: "x = ones(3)\ny = dropoot(x)\n")
        #expect(
            text == """
                error: unknown function 'dropoot'; did you mean 'dropout'?
                 --> 2:5
                  |
                2 | y = dropoot(x)
                  |     ^^^^^^^
                """)
    }

    @Test func namesTheFileAndShiftsLineNumbers() {
        let error = ScriptError(
            "expected an expression", at: sourceRange(2, 5, 2, 5), notes: ["'(' opened at 1:2 is not closed"])
        let text = DiagnosticRenderer(fileName: "lessons/01.md", lineOffset: 12).render(
            error, source: "a\ny = \n")
        let expected = [
            "error: expected an expression", "  --> lessons/01.md:14:5", "   |", "14 | y = ", "   |     ^",
            "   = note: '(' opened at 1:2 is not closed",
        ]
        #expect(text == expected.joined(separator: "\n"))
    }

    @Test func colorMarksTheLabelAndCarets() {
        let error = ScriptError("unexpected character '$'", at: sourceRange(1, 5, 1, 6))
        let text = DiagnosticRenderer(color: true).render(error, source: "y = $x")
        let red = "\u{1B}[1;31m"
        let reset = "\u{1B}[0m"
        #expect(
            text
                == "\(red)error\(reset): unexpected character '$'\n --> 1:5\n  |\n1 | y = $x\n  |     \(red)^\(reset)"
        )
    }

    @Test func caretsLineUpUnderWideCharacters() {
        let error = ScriptError("unexpected character '$'", at: sourceRange(1, 13, 1, 14))
        let text = DiagnosticRenderer().render(error, source: "print(\"日本\", $)")
        #expect(text.hasSuffix("1 | print(\"日本\", $)\n  | " + String(repeating: " ", count: 14) + "^"))
        let wide = ScriptError("unknown name '変数'", at: sourceRange(1, 1, 1, 3))
        #expect(DiagnosticRenderer().render(wide, source: "変数 + 1").hasSuffix("\n  | ^^^^"))
    }

    @Test func tabsAndControlCharactersAreShownSafely() {
        let error = ScriptError("unexpected character '$'", at: sourceRange(1, 6, 1, 7))
        let text = DiagnosticRenderer().render(error, source: "\tx = $\u{1B}")
        #expect(text.hasSuffix("1 |     x = $\u{FFFD}\n  | " + String(repeating: " ", count: 8) + "^"))
    }

    @Test func caretsAreClampedToTheLine() {
        let source = "x = (1 +\ny"
        let pastEnd = ScriptError("expected an expression", at: sourceRange(1, 40, 1, 50))
        #expect(DiagnosticRenderer().render(pastEnd, source: source).hasSuffix("1 | x = (1 +\n  |         ^"))
        let multiline = ScriptError("bad", at: sourceRange(1, 5, 2, 2))
        #expect(
            DiagnosticRenderer().render(multiline, source: source).hasSuffix("1 | x = (1 +\n  |     ^^^^"))
        let missingLine = ScriptError("bad", at: sourceRange(7, 3, 7, 3))
        #expect(
            DiagnosticRenderer().render(missingLine, source: source).hasSuffix(" --> 7:3\n  |\n7 |\n  | ^"))
    }

    @Test func wideGutterForLongScripts() {
        let source = String(repeating: "a\n", count: 11) + "b = $"
        let text = DiagnosticRenderer().render(
            ScriptError("unexpected character '$'", at: sourceRange(12, 5, 12, 6)), source: source)
        #expect(text == "error: unexpected character '$'\n  --> 12:5\n   |\n12 | b = $\n   |     ^")
    }

    @Test func parserErrorsRenderEndToEnd() {
        let source = "h = relu(x @ W + b\nloss = sum(h)"
        let error = Parser.parseAll(source).errors[0]
        #expect(
            DiagnosticRenderer().render(error, source: source) == """
                error: expected ')' after arguments
                 --> 2:1
                  |
                2 | loss = sum(h)
                  | ^^^^
                  = note: '(' opened at 1:9 is not closed
                """)
    }

    @Test(arguments: [
        ("abc", 3), ("日本", 4), ("e\u{301}", 1), ("한국", 4), ("😀", 2), ("", 0), ("ａ", 2), ("a\u{200B}b", 2),
    ])
    func displayWidths(text: String, width: Int) {
        #expect(displayWidth(of: text) == width)
    }
}

@Suite struct SuggestionTests {
    static let builtins = [
        "dropout", "relu", "sigmoid", "softmax", "mean", "max", "min", "sum", "seed", "zeros",
    ]

    @Test(arguments: [
        ("dropoot", "dropout"), ("Relu", "relu"), ("rleu", "relu"), ("sigmod", "sigmoid"),
        ("softmx", "softmax"),
        ("sed", "seed"), ("zeroes", "zeros"), ("mena", "mean"),
    ])
    func suggestsNearMisses(name: String, expected: String) {
        #expect(closestMatch(to: name, among: SuggestionTests.builtins) == expected)
    }

    @Test(arguments: ["x", "banana", "dropconnect", "", "q"])
    func staysQuietWhenNothingIsClose(name: String) {
        #expect(closestMatch(to: name, among: SuggestionTests.builtins) == nil)
    }

    @Test func tiesGoToTheAlphabeticallyFirst() {
        #expect(closestMatch(to: "mxa", among: ["min", "max", "mea"]) == "max")
        #expect(closestMatch(to: "ab", among: ["ac", "aa"]) == "aa")
        #expect(closestMatch(to: "ab", among: ["aa", "ac"]) == "aa")
    }

    @Test func editDistanceCountsSwapsOnce() {
        #expect(editDistance(Array("abcd"), Array("abdc")) == 1)
        #expect(editDistance(Array("kitten"), Array("sitting")) == 3)
        #expect(editDistance(Array(""), Array("abc")) == 3)
        #expect(editDistance(Array("ca"), Array("abc")) == 3)
    }
}
