import Rendering
import Testing

@testable import LessonScript

/// Vigna's SplitMix64: a tiny deterministic generator, so every fuzz run sees the same inputs.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }
}

/// Pieces of the language and of its mistakes, so random text reaches deep into the parser.
private let fragments = [
    "for ", " in ", ":", "\n", "    ", "\t", " ", "(", ")", "[", "]", ",", "=", "==", "<", "**", "-", "+",
    "*", "@",
    "//", ".", "'", "\"", "\\", "#", ";", "x", "y1", "f", "1", "2.5", "1e-3", ".5", "e", "T", "true", "None",
    "p=",
    "日本", "\r", "\r\n", "$", "\u{301}", "\u{201C}", "\\n", "\n\n", "\n    ", "\n\t",
    "def ", "def f(", "return ", "return", "lambda ", "lambda: ", "lambda x: ", "):",
]

/// Runs every entry point on `source` and checks the invariants that must hold for any input.
private func checkInvariants(_ source: String) {
    let result = Parser.parseAll(source)
    for error in result.errors {
        if !error.range.isWithin(source) || error.message.isEmpty {
            Issue.record("bad error \(error) for \(source.debugDescription)")
        }
        let rendered = DiagnosticRenderer(color: true).render(error, source: source)
        if !rendered.contains(error.message) {
            Issue.record("rendering lost the message for \(source.debugDescription)")
        }
    }
    _ = Parser.needsMoreInput(source)
    _ = try? Parser.parseExpression(source)
    guard result.errors.isEmpty else { return }
    // Whatever parses must print to text that parses back to the same tree.
    let printed = result.statements.map(\.description).joined(separator: "\n")
    do {
        let reparsed = try Parser.parse(printed)
        if reparsed.map(\.withoutRanges) != result.statements.map(\.withoutRanges) {
            Issue.record("round trip changed \(source.debugDescription) -> \(printed.debugDescription)")
        }
    } catch {
        Issue.record("printed form \(printed.debugDescription) of \(source.debugDescription) fails: \(error)")
    }
}

@Suite struct ParserFuzzTests {
    @Test func randomTextNeverCrashes() {
        var random = SplitMix64(state: 0xD40_0057)
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.below(60) {
                if random.below(3) == 0 {
                    bytes.append(UInt8(random.below(256)))
                } else {
                    bytes += Array(random.pick(fragments).utf8)
                }
            }
            checkInvariants(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func mutatedProgramsNeverCrash() {
        var random = SplitMix64(state: 42)
        for program in samplePrograms {
            for _ in 0..<150 {
                var scalars = Array(program.unicodeScalars)
                for _ in 0..<(1 + random.below(4)) {
                    let position = random.below(scalars.count + 1)
                    switch random.below(4) {
                    case 0:
                        scalars.insert(contentsOf: random.pick(fragments).unicodeScalars, at: position)
                    case 1 where position < scalars.count:
                        scalars.remove(at: position)
                    case 2 where position < scalars.count:
                        let end = min(scalars.count, position + random.below(8))
                        scalars.insert(
                            contentsOf: scalars[position..<end], at: random.below(scalars.count + 1))
                    default:
                        if position < scalars.count, let scalar = Unicode.Scalar(UInt32(random.below(0x80))) {
                            scalars[position] = scalar
                        }
                    }
                }
                var mutated = ""
                mutated.unicodeScalars.append(contentsOf: scalars)
                checkInvariants(mutated)
            }
        }
    }

    @Test func randomTreesPrintAndParseBack() throws {
        var generator = TreeGenerator(random: SplitMix64(state: 7))
        for _ in 0..<2_000 {
            let statements = (0..<(1 + generator.random.below(3))).map { _ in generator.statement(depth: 2) }
            let printed = statements.map(\.description).joined(separator: "\n")
            let reparsed = try Parser.parse(printed)
            #expect(reparsed.map(\.withoutRanges) == statements, "\(printed)")
        }
    }
}

/// Builds random trees of the shapes the parser produces, with every range `.zero`.
private struct TreeGenerator {
    var random: SplitMix64
    /// Whether the statement being made is inside a definition, where `return` may appear.
    var inFunction = false

    mutating func statement(depth: Int) -> Statement {
        if inFunction && random.below(5) == 0 {
            return Statement(.return(random.below(3) == 0 ? nil : expression(depth: 2)), range: .zero)
        }
        if depth > 0 && random.below(6) == 0 {
            let parameters = parameterList()
            let wasInFunction = inFunction
            inFunction = true
            let body = (0..<(1 + random.below(3))).map { _ in statement(depth: depth - 1) }
            inFunction = wasInFunction
            let definition = FunctionDefinition(
                name: name(), nameRange: .zero, parameters: parameters, body: body)
            return Statement(.definition(definition), range: .zero)
        }
        switch random.below(depth > 0 ? 4 : 3) {
        case 0:
            return Statement(.expression(expression(depth: 3)), range: .zero)
        case 1:
            let targets = (0..<random.pick([1, 1, 2, 3])).map { _ in target() }
            return Statement(.assignment(targets, expression(depth: 3)), range: .zero)
        case 2:
            return Statement(.assignment([target()], expression(depth: 3)), range: .zero)
        default:
            let body = (0..<(1 + random.below(3))).map { _ in statement(depth: depth - 1) }
            let loop = Statement.Kind.forLoop(
                variable: name(), variableRange: .zero, sequence: expression(depth: 2), body: body)
            return Statement(loop, range: .zero)
        }
    }

    mutating func target() -> AssignmentTarget {
        random.below(3) == 0
            ? .subscript(leaf(.name(name())), items(depth: 1), .zero) : .name(name(), .zero)
    }

    mutating func expression(depth: Int) -> Expression {
        guard depth > 0 else {
            return leafExpression()
        }
        switch random.below(12) {
        case 0...4:
            return leafExpression()
        case 5:
            return leaf(.list(list(depth: depth)))
        case 6:
            return leaf(.tuple(list(depth: depth)))
        case 7:
            return leaf(.unary(random.pick(UnaryOperator.allCases), expression(depth: depth - 1)))
        case 8, 9:
            let op = random.pick(BinaryOperator.allCases)
            return leaf(.binary(op, expression(depth: depth - 1), expression(depth: depth - 1)))
        case 10:
            var arguments = (0..<random.below(3)).map { _ in
                Argument(value: expression(depth: depth - 1), range: .zero)
            }
            for label in ["p", "axis"] where random.below(2) == 0 {
                arguments.append(Argument(label: label, value: expression(depth: depth - 1), range: .zero))
            }
            return leaf(.call(expression(depth: depth - 1), arguments))
        default:
            switch random.below(5) {
            case 0: return leaf(.lambda(parameterList(), expression(depth: depth - 1)))
            case 1, 2: return leaf(.index(expression(depth: depth - 1), items(depth: depth - 1)))
            default: return leaf(.attribute(expression(depth: depth - 1), random.pick(["T", "shape"])))
            }
        }
    }

    /// Distinct parameter names; once one has a default, the rest do too.
    mutating func parameterList() -> [ParameterDeclaration] {
        var parameters = [ParameterDeclaration]()
        var defaults = false
        for name in ["a", "b", "p"] where random.below(2) == 0 {
            defaults = defaults || random.below(2) == 0
            parameters.append(
                ParameterDeclaration(
                    name: name, defaultValue: defaults ? expression(depth: 1) : nil, range: .zero))
        }
        return parameters
    }

    mutating func leafExpression() -> Expression {
        switch random.below(5) {
        case 0:
            let numbers = [
                0, 1, 2, 0.5, 1e-3, 1e20, 123.25, .infinity, .leastNonzeroMagnitude, 1e16,
                9_007_199_254_740_992,
            ]
            return leaf(.number(random.below(2) == 0 ? random.pick(numbers) : Double(random.below(1000))))
        case 1:
            return leaf(
                .string(
                    random.pick([
                        "", "a", "it's", "\"q\"", "tab\there", "line\nbreak", "back\\slash", "日本", "\r\0",
                    ])))
        case 2:
            return leaf(random.below(3) == 0 ? .none : .boolean(random.below(2) == 0))
        default:
            return leaf(.name(name()))
        }
    }

    mutating func list(depth: Int) -> [Expression] {
        (0..<random.below(4)).map { _ in expression(depth: depth - 1) }
    }

    mutating func items(depth: Int) -> [IndexItem] {
        (0..<(1 + random.below(3))).map { _ in
            guard random.below(2) == 0 else {
                return .single(expression(depth: depth))
            }
            return .slice(
                start: optionalExpression(depth: depth), stop: optionalExpression(depth: depth),
                step: optionalExpression(depth: depth), range: .zero)
        }
    }

    mutating func optionalExpression(depth: Int) -> Expression? {
        random.below(2) == 0 ? nil : expression(depth: depth)
    }

    mutating func name() -> String {
        random.pick(["x", "y", "W", "h_1", "αβ", "_t", "dropout"])
    }

    func leaf(_ kind: Expression.Kind) -> Expression {
        Expression(kind, range: .zero)
    }
}
