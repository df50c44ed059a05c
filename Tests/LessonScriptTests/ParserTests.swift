import Testing

@testable import LessonScript

/// A fully parenthesised prefix form of an expression, so tests can see its grouping.
func tree(_ expression: Expression) -> String {
    func item(_ item: IndexItem) -> String {
        switch item {
        case .single(let expression):
            tree(expression)
        case .slice(let start, let stop, let step, _):
            [start, stop, step].map { $0.map(tree) ?? "_" }.joined(separator: ":")
        }
    }
    switch expression.kind {
    case .unary(let op, let operand):
        return "(\(op.symbol) \(tree(operand)))"
    case .binary(let op, let left, let right):
        return "(\(op.symbol) \(tree(left)) \(tree(right)))"
    case .call(let callee, let arguments):
        let parts = arguments.map { argument in (argument.label.map { "\($0)=" } ?? "") + tree(argument.value)
        }
        return "(call \(([tree(callee)] + parts).joined(separator: " ")))"
    case .index(let base, let items):
        return "(index \(([tree(base)] + items.map(item)).joined(separator: " ")))"
    case .attribute(let base, let name):
        return "(. \(tree(base)) \(name))"
    case .list(let elements):
        return "[" + elements.map(tree).joined(separator: " ") + "]"
    case .tuple(let elements):
        return "(tuple" + elements.map { " " + tree($0) }.joined() + ")"
    case .lambda(let parameters, let body):
        return "(lambda [" + parameters.map(\.description).joined(separator: " ") + "] \(tree(body)))"
    case .number, .string, .boolean, .none, .name:
        return expression.description
    }
}

/// Programs that use every construct, for round trips and fuzzing.
let samplePrograms = [
    "x = [[1, 2, 3], [4, 5, 6]]",
    "seed(100); u = rand(2, 3)\nmask = u < 0.5",
    "y = x * mask / (1 - 0.5)",
    "h = relu(x @ W + b)\nloss = sum(h * h)\nbackward(loss)\ngrad(x)",
    "h, c = lstm_cell(xt, h, c, Wx, Wh, b)",
    "(a, b) = (b, a)\n[p, q] = f()",
    "for t in range(3):\n    h = tanh(xs[t] @ Wx + h @ Wh)",
    "for t in range(3): h = h + 1; y = h",
    "for i in range(2):\n    for j in range(2):\n        m[i, j] = i * 2 + j\n    total = total + 1\nprint(m)",
    "y = dropout(x, p=0.5, mode=\"upscale_in_train\", training=true, axis=none, mask=none,)",
    "z = x[:, 0] + x[0, 1:3] - x[::2] * x[-1] + x[1:] - x[:2] + x[1::2] + x[:-1:1]",
    "s = x.shape; t = x.T.T; e = (1).T",
    "a = -2 ** 2; b = 2 ** -1; c = (-2) ** 2; d = 2 ** 3 ** 2; e = (2 ** 3) ** 2",
    "a = x // 2 % 3; b = a == b; c = a != b; d = a <= b; e = a >= b; f = a > b",
    "a = (a < b) < c\nb = a < (b < c)",
    "t = (); u = (1,); v = (1, 2); w = 1, 2; n = none; s = 'it\\'s \"q\"\\n\\t\\\\'",
    "nums = [2, 0.5, 1e-3, .5, 1., 1e300, 123456789012345678, 1e999, 0]",
    "f(x)(y)[0].z(w=1)",
    "x = a - (b - c) - d / (e * f) + +g - --h",
    "x = [\n    1,\n    2,\n]\ny = 1 + \\\n    2",
    "x[0, 1] = 5\nx[1:2, :] = [[0]]",
    "print(\"日本語\", 'αβγ')  # comment",
    "check(expect(dropout(ones(4), p=0.25)), ones(4))",
    "mc(mean(dropout(x)), samples=10000)",
    "r = True; s = False; t = None",
    "def layer(x, p=0.5):\n    return relu(dropout(x, p=p) @ W)\ny = layer(layer(v), p=0.2)",
    "def f(a, b=1,):\n    \"doc\"\n    for t in range(2):\n        a = a + b\n        return a\n    return",
    "def outer(x):\n    def inner(y): return y * x\n    return inner(x)",
    "g = lambda: 1; h = lambda x, p=0.5: x * p; (lambda x: x)(2); k = [lambda: lambda: 0]",
]

@Suite struct ParserTests {
    @Test(arguments: [
        ("-2**2", "(- (** 2 2))"),
        ("2**-1", "(** 2 (- 1))"),
        ("2**3**2", "(** 2 (** 3 2))"),
        ("(-2)**2", "(** (- 2) 2)"),
        ("-2 ** -2", "(- (** 2 (- 2)))"),
        ("a @ b + c", "(+ (@ a b) c)"),
        ("a + b @ c", "(+ a (@ b c))"),
        ("x[0, 1:3].T", "(. (index x 0 1:3:_) T)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a / b * c", "(* (/ a b) c)"),
        ("a // b % c @ d", "(@ (% (// a b) c) d)"),
        ("a < b + 1", "(< a (+ b 1))"),
        ("a + b < c * d", "(< (+ a b) (* c d))"),
        ("-x.T", "(- (. x T))"),
        ("-a * b", "(* (- a) b)"),
        ("a * -b", "(* a (- b))"),
        ("--a", "(- (- a))"),
        ("+x", "(+ x)"),
        ("1 + 2 * 3 ** 2", "(+ 1 (* 2 (** 3 2)))"),
        ("2 ** x[0]", "(** 2 (index x 0))"),
        ("f(x)(y)[0]", "(index (call (call f x) y) 0)"),
        ("f(x, p=0.5)", "(call f x p=0.5)"),
        ("f()", "(call f)"),
        ("x[:, 0]", "(index x _:_:_ 0)"),
        ("x[::2]", "(index x _:_:2)"),
        ("x[-1]", "(index x (- 1))"),
        ("x[1:]", "(index x 1:_:_)"),
        ("x.shape[0]", "(index (. x shape) 0)"),
        ("[[1, 2], [3, 4]]", "[[1 2] [3 4]]"),
        ("[]", "[]"),
        ("(a,)", "(tuple a)"),
        ("()", "(tuple)"),
        ("(a, b)", "(tuple a b)"),
        ("a, b", "(tuple a b)"),
        ("((a))", "a"),
        ("1e-3 + .5 + 1.", "(+ (+ 0.001 0.5) 1)"),
        ("x == y", "(== x y)"),
        ("(a < b) < c", "(< (< a b) c)"),
    ])
    func precedence(source: String, expected: String) throws {
        #expect(tree(try Parser.parseExpression(source)) == expected)
    }

    @Test(arguments: [
        ("x = (1 + 2) * 3", "x = (1 + 2) * 3"),
        ("y = ((a))", "y = a"),
        ("-(2**2)", "-2 ** 2"),
        ("(-2)**2", "(-2) ** 2"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("(a ** b) ** c", "(a ** b) ** c"),
        ("(1).T + x.T", "(1).T + x.T"),
        ("x = a, b", "x = (a, b)"),
        ("x = 1,", "x = (1,)"),
        ("(a, b) = 1e-3, 1e20", "a, b = (0.001, 1e+20)"),
        ("s = 'a\"b'", "s = \"a\\\"b\""),
        ("f(x,p = 0.5,)", "f(x, p=0.5)"),
        ("x[ : , 0 ]", "x[:, 0]"),
        ("x[::]", "x[:]"),
        ("for t in a, b: y = t", "for t in (a, b):\n    y = t"),
        ("r = True; n = None", "r = true\nn = none"),
    ])
    func printing(source: String, expected: String) throws {
        let printed = try Parser.parse(source).map(\.description).joined(separator: "\n")
        #expect(printed == expected)
    }

    @Test(arguments: samplePrograms)
    func roundTrip(source: String) throws {
        let statements = try Parser.parse(source)
        let printed = statements.map(\.description).joined(separator: "\n")
        let reparsed = try Parser.parse(printed)
        #expect(reparsed.map(\.withoutRanges) == statements.map(\.withoutRanges), "\(printed)")
        #expect(reparsed.map(\.description).joined(separator: "\n") == printed)
    }

    @Test func statementsAndTheirRanges() throws {
        let source =
            "seed(1); u = rand(2)  # draw\nh, c = f(x,\n   y)\nfor t in range(3):\n    h = h + 1\n\n    x[t, 0] = h\nz"
        let statements = try Parser.parse(source)
        #expect(statements.count == 5)
        #expect(
            statements.map { $0.range.text(in: source) } == [
                "seed(1)", "u = rand(2)", "h, c = f(x,\n   y)",
                "for t in range(3):\n    h = h + 1\n\n    x[t, 0] = h", "z",
            ])
        guard case .assignment(let targets, _) = statements[2].kind else {
            Issue.record("expected an assignment")
            return
        }
        #expect(targets.map(\.description) == ["h", "c"])
        #expect(targets[1].range.text(in: source) == "c")
        guard case .forLoop(let variable, let variableRange, let sequence, let body) = statements[3].kind
        else {
            Issue.record("expected a loop")
            return
        }
        #expect(variable == "t")
        #expect(variableRange.text(in: source) == "t")
        #expect(sequence.range.text(in: source) == "range(3)")
        #expect(body.count == 2)
        guard case .assignment(let subscripted, _) = body[1].kind,
            case .subscript(let base, let items, let range) = subscripted[0]
        else {
            Issue.record("expected a subscript assignment")
            return
        }
        #expect(base.kind == .name("x"))
        #expect(items.count == 2)
        #expect(range.text(in: source) == "x[t, 0]")
    }

    @Test func expressionRangesIncludeBrackets() throws {
        let source = "(a + b) * [1, 2][0]"
        let expression = try Parser.parseExpression(source)
        guard case .binary(_, let left, let right) = expression.kind else {
            Issue.record("expected a product")
            return
        }
        #expect(left.range.text(in: source) == "(a + b)")
        #expect(right.range.text(in: source) == "[1, 2][0]")
        #expect(expression.range.text(in: source) == source)
        let call = try Parser.parseExpression("f(x, p=0.5)")
        guard case .call(_, let arguments) = call.kind else {
            Issue.record("expected a call")
            return
        }
        #expect(arguments.map { $0.range.start.column } == [3, 6])
        #expect(arguments[1].range.end.column == 11)
    }

    @Test func emptyAndCommentOnlyScripts() throws {
        #expect(try Parser.parse("").isEmpty)
        #expect(try Parser.parse("\n\n  # nothing\n\n").isEmpty)
        #expect(try Parser.parse("x = 1;\n").count == 1)
    }

    @Test func parseExpressionAcceptsSurroundingSpace() throws {
        #expect(tree(try Parser.parseExpression("  y[3, 1]  # answer\n")) == "(index y 3 1)")
        #expect(throws: ScriptError("expected end of expression, found '='", at: sourceRange(1, 3, 1, 4))) {
            try Parser.parseExpression("x = 3")
        }
        #expect(throws: ScriptError("expected an expression", at: sourceRange(1, 1, 1, 1))) {
            try Parser.parseExpression("")
        }
    }

    @Test func parseAllReportsEveryError() {
        let source = "x = $\ny = 1\nz = 1 2\nfor a in b:\n    c = )\n    d = 1\nw = 2"
        let result = Parser.parseAll(source)
        #expect(
            result.errors.map(\.message) == [
                "unexpected character '$'", "expected end of statement, found '2'", "expected an expression",
            ])
        #expect(
            result.errors.map(\.range.start) == [
                .init(line: 1, column: 5), .init(line: 3, column: 7), .init(line: 5, column: 9),
            ])
        #expect(result.statements.map(\.description) == ["y = 1", "for a in b:\n    d = 1", "w = 2"])
        #expect(throws: result.errors[0]) { try Parser.parse(source) }
    }

    @Test func recoveryAfterAMissingBlockKeepsTheNextStatement() {
        let result = Parser.parseAll("for a in b:\nx = 1\n  y = 2\nz = 3")
        #expect(
            result.errors.map(\.message) == [
                "expected an indented block after 'for ... :'", "unexpected indent",
            ])
        #expect(result.statements.map(\.description) == ["for a in b:", "x = 1", "z = 3"])
    }

    @Test(arguments: [
        ("", false), ("x = 1", false), ("# just a comment", false),
        ("f(1,", true), ("f(1,\n", true), ("x = [1,\n 2", true), ("x = [1,\n 2]", false),
        ("x = (1 +  # comment", true), ("x = 1 + \\", true),
        ("for t in range(3):", true), ("for t in range(3):  # loop", true),
        ("for t in range(3):\n    h = h + 1", true), ("for t in range(3):\n    h = h + 1\n", false),
        ("for t in range(3):\n    h = h + 1\n   ", false), ("for t in range(3): h = h + 1", false),
        ("for a in x:\n    for b in y:\n        z = 1\n    w = 2", true),
        ("for a in x:\n    y = 1\nz = 2", false),
        ("x = $", false), ("f($", false), ("s = 'abc", false),
    ])
    func needsMoreInput(source: String, expected: Bool) {
        #expect(Parser.needsMoreInput(source) == expected)
    }
}

/// A range from `startLine:startColumn` to `endLine:endColumn`.
func sourceRange(_ startLine: Int, _ startColumn: Int, _ endLine: Int, _ endColumn: Int) -> SourceRange {
    SourceRange(
        start: SourceLocation(line: startLine, column: startColumn),
        end: SourceLocation(line: endLine, column: endColumn))
}
