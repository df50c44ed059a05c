import Foundation
import Testing

@testable import LessonScript

/// `def`, `return` and `lambda`: syntax, scopes, calls, and expectations through functions.
@Suite struct FunctionTests {
    // MARK: Syntax

    @Test func definitionsAndLambdasPrintAndParseBack() throws {
        let programs = [
            "def layer(x, p=0.5):\n    return relu(dropout(x, p=p) @ W)",
            "def f(): return",
            "def f(a, b=[1, 2], c=lambda: 1,): return a, b",
            "def outer(x):\n    def inner(y):\n        return y * x\n    for t in range(2):\n        x = inner(x)\n    return x",
            "def f(x):\n    \"A docstring.\"\n    s = x; return s",
            "g = lambda: 3; h = lambda x, p=0.5: x * p; k = lambda f=lambda: 1: f()",
            "y = (lambda x: x + 1)(2) * 3; z = -(lambda: 1)(); w = [lambda x: x, lambda: 2]",
            "m = x[lambda: 1]; n = f(g=lambda x: x < 2, h=lambda: lambda: 0); o = (lambda: 1) < 2",
        ]
        for program in programs {
            let statements = try Parser.parse(program)
            let printed = statements.map(\.description).joined(separator: "\n")
            let reparsed = try Parser.parse(printed)
            #expect(reparsed.map(\.withoutRanges) == statements.map(\.withoutRanges), "\(printed)")
        }
        let definition = try Parser.parse("def layer(x, p=0.5):\n    return relu(dropout(x, p=p) @ W)")[0]
        #expect(definition.description == "def layer(x, p=0.5):\n    return relu(dropout(x, p=p) @ W)")
        #expect(definition.range.end == SourceLocation(line: 2, column: 37))
        let lambda = try Parser.parseExpression("lambda x, p=0.5: x * p")
        #expect(tree(lambda) == "(lambda [x p=0.5] (* x p))")
        // A lambda reaches as far right as it can, so as an operand it keeps its parentheses.
        #expect(try Parser.parseExpression("(lambda: 1) + 2").description == "(lambda: 1) + 2")
        #expect(try Parser.parseExpression("lambda: 1 + 2").description == "lambda: 1 + 2")
    }

    @Test func syntaxErrorsNameTheProblem() {
        let cases: [(String, String, Int, Int)] = [
            ("return 3", "'return' outside a function", 1, 1),
            ("for t in range(2):\n    return t", "'return' outside a function", 2, 5),
            (
                "def f(x, y=1, z): return 1",
                "a parameter without a default cannot follow one with a default", 1, 15
            ),
            ("def f(x, x): return 1", "duplicate parameter 'x'", 1, 10),
            ("def f(*args): return 1", "'*' and '**' parameters are not supported", 1, 7),
            ("def (x): return 1", "expected a function name after 'def'", 1, 5),
            ("def f x: return 1", "expected '(' after the function name", 1, 7),
            ("def f(x) return 1", "expected ':' after the parameters", 1, 10),
            ("def f(x):\nf(1)", "expected an indented block after 'def ... :'", 2, 1),
            ("def f(x): def g(): return 1", "a nested 'def' must start on its own indented line", 1, 11),
            ("x = 1; def f(): return 1", "a 'def' must start on its own line", 1, 8),
            ("lambda x 1", "expected ':' after the lambda's parameters", 1, 10),
            ("lambda x: x = 3", "cannot assign to a lambda", 1, 1),
        ]
        for (source, message, line, column) in cases {
            let errors = Parser.parseAll(source).errors
            #expect(errors.first?.message == message, "\(source)")
            #expect(errors.first?.range.start == SourceLocation(line: line, column: column), "\(source)")
        }
        #expect(Parser.needsMoreInput("def layer(x, p=0.5):"))
        #expect(Parser.needsMoreInput("def layer(x, p=0.5):\n    return relu(dropout(x, p=p) @ W)"))
        #expect(!Parser.needsMoreInput("def layer(x, p=0.5):\n    return relu(dropout(x, p=p) @ W)\n"))
    }

    // MARK: Scopes and calls

    @Test func callsBindPositionalKeywordAndDefaultArguments() throws {
        let define = "def f(a, b=10, c=100):\n    return a + b * 2 + c * 3\n"
        #expect(try tensor(define + "f(1)") == Tensor(321))
        #expect(try tensor(define + "f(1, 2)") == Tensor(305))
        #expect(try tensor(define + "f(1, c=0)") == Tensor(21))
        #expect(try tensor(define + "f(c=1, a=2, b=0)") == Tensor(5))
        // Defaults are evaluated once, when the function is defined, as in Python.
        #expect(try tensor("k = 2\ndef g(x, m=k): return x * m\nk = 5\ng(3)") == Tensor(6))
        #expect(try tensor("g = lambda x, m=3: x * m\ng(2) + g(2, m=1)") == Tensor(8))
        #expect(try tensor("(lambda: 7)()") == Tensor(7))
        #expect(try tensor("def nothing(x):\n    y = x\nz = nothing(1)\n1") == Tensor(1))
        expectError(define + "f(1, 2, 3, 4)", "f: takes at most 3 positional arguments", line: 3, column: 12)
        expectError(
            define + "f(b=1)", "f: missing argument 'a'; usage: f(a, b=10, c=100)", line: 3, column: 1)
        expectError(define + "f(1, d=1)", "f: unknown argument 'd'", line: 3, column: 6)
        expectError(define + "f(1, a=1)", "f: argument 'a' given twice", line: 3, column: 6)
        expectError(
            "def relu(x): return x", "'relu' is a built-in function; choose another name", line: 1, column: 5)
        expectError(
            "def f(sum): return sum", "'sum' is a built-in function; choose another name", line: 1, column: 7)
    }

    @Test func localsShadowReadOuterVariablesAndDoNotLeak() throws {
        // Outer variables are read when the function runs; locals shadow them and stay inside.
        #expect(try tensor("a = 1\ndef f(x):\n    a = x * 10\n    return a\nf(2) + a") == Tensor(21))
        #expect(try tensor("W = 2\ndef f(x): return x * W\nW = 3\nf(1)") == Tensor(3))
        #expect(
            try tensor("def f(x):\n    for t in range(3):\n        x = x + t\n    return x\nf(0)")
                == Tensor(3))
        expectError(
            "def f(x):\n    inner = x\n    return inner\nf(1)\ninner", "unknown name 'inner'", line: 5,
            column: 1)
        expectError("def f(x):\n    t = x\n    return t\nf(1)\nx", "unknown name 'x'", line: 5, column: 1)
        // A name the body assigns is local for the whole call, as in Python.
        expectError(
            "a = 1\ndef f():\n    b = a\n    a = 2\n    return b\nf()",
            "local variable 'a' is read before it is assigned in f", line: 3, column: 9)
        expectError(
            "S = zeros(3)\ndef f(x):\n    S[0] = x\nf(1)",
            "cannot assign into 'S' inside f: it is not a local variable (functions read outer variables but do not change them; copy it first, e.g. S = S * 1)",
            line: 3, column: 5)
        // The caller's variable keeps its value whatever the function does with its parameter.
        #expect(try tensor("v = [1, 2]\ndef f(x):\n    x = x * 0\n    return x\nf(v)\nv") == Tensor([1, 2]))
    }

    @Test func closuresRecursionAndFunctionsAsValues() throws {
        #expect(
            try tensor("def scale(k):\n    return lambda x: x * k\ntriple = scale(3)\ntriple(5)")
                == Tensor(15))
        #expect(try tensor("def twice(f, x): return f(f(x))\ntwice(lambda x: x + 1, 0)") == Tensor(2))
        #expect(try tensor("def twice(f, x): return f(f(x))\ntwice(abs, -4)") == Tensor(4))
        // A function defined inside a call finds itself by name; the tuple index stops it.
        let countdown = """
            def run(n):
                def down(k):
                    return (lambda: 0, lambda: 1 + down(k - 1))[k > 0]()
                return down(n)
            run(4)
            """
        #expect(try tensor(countdown) == Tensor(4))
        guard case .function(let value)? = try run("def f(x, p=0.5): return x\nf").value else {
            Issue.record("a function is a value")
            return
        }
        #expect(value.description == "<function f(x, p=0.5)>")
        #expect(value.signature.description == "f(x, p=0.5)")
        guard case .function(let lambda)? = try run("lambda x: 2 * x").value else { return }
        #expect(lambda.description == "<lambda x: 2 * x>")
        guard case .function(let builtin)? = try run("relu").value else { return }
        #expect(builtin.description == "<built-in function relu(x)>")
        expectError(
            "f = relu\nf + 1", "+: expected a tensor, got the function relu; call it as relu(...)", line: 2,
            column: 1)
        expectError("x = 1\nx(2)", "'x' is a variable, not a function", line: 2, column: 1)
        expectError("(1, 2)(3)", "cannot call a tuple of 2", line: 1, column: 1)
        expectError(
            "def layr(x): return x\nlayer(1)", "unknown function 'layer'; did you mean 'layr'?", line: 2,
            column: 1)
    }

    @Test func builtInsAndUserFunctionsShareOneSignatureFromWhichHelpIsDerived() throws {
        let expected = [
            "dropout":
                "dropout(x, p=0.5, mode=\"upscale_in_train\", training=<current mode>, axis=none, mask=none)",
            "zeros": "zeros(shape...)", "print": "print(x, ...)", "sum": "sum(x, axis=none, keepdims=false)",
            "trace": "trace(on=true, depth=none)", "expect": "expect(expr, mean=\"arithmetic\")",
        ]
        for (name, usage) in expected { #expect(Builtins.table[name]?.usage == usage) }
        for builtin in Builtins.table.values {
            // Every parameter a call can bind appears in the help, in order.
            let usage = builtin.signature.description
            #expect(usage.hasPrefix(builtin.name + "("))
            var rest = Substring(usage)
            for parameter in builtin.parameters {
                guard let found = rest.range(of: parameter.name) else {
                    Issue.record("\(builtin.name): \(parameter.name) missing from \(usage)")
                    break
                }
                rest = rest[found.upperBound...]
            }
        }
        var evaluator = Evaluator()
        try evaluator.run("def layer(x, p=0.5, mode=\"a\"): return x")
        guard case .function(let layer)? = evaluator.environment.variables["layer"] else { return }
        #expect(layer.signature.parameters.map(\.name) == ["x", "p", "mode"])
        #expect(layer.signature.parameters.map(\.isOptional) == [false, true, true])
        #expect(layer.usage == "layer(x, p=0.5, mode=\"a\")")
    }

    @Test func recursionStopsAtTheCallDepthLimitWithALocatedError() throws {
        do {
            var evaluator = Evaluator()
            try evaluator.run("def f(n):\n    return f(n - 1)\nf(3)")
            Issue.record("expected the call depth limit")
        } catch {
            #expect(error.message == "calls nested more than 100 deep; does f call itself without end?")
            #expect(error.range.start == SourceLocation(line: 2, column: 12))
            #expect(error.source?.text.hasPrefix("def f(n):") == true)
            #expect(error.notes == ["in f(n), called as f(n - 1)"])
        }
        var shallow = Evaluator()
        shallow.callDepthLimit = 3
        #expect(throws: ScriptError.self) {
            try shallow.run(
                "def a(x): return b(x)\ndef b(x): return c(x)\ndef c(x): return d(x)\ndef d(x): return x\na(1)"
            )
        }
        #expect(
            try shallow.run("def a(x): return b(x)\ndef b(x): return c(x)\ndef c(x): return x\na(1)").last?
                .value?.tensor == Tensor(1))
    }

    @Test func deepNestingInsideRecursionStopsBeforeTheStackRunsOut() throws {
        // 190 parentheses per call: the stack would run out long before 100 calls.
        let nested = String(repeating: "(", count: 190) + "f(k - 1)" + String(repeating: " + 1)", count: 190)
        do {
            var evaluator = Evaluator()
            try evaluator.run("def f(k):\n    return \(nested)\nf(3)")
            Issue.record("expected the stack guard")
        } catch {
            #expect(
                error.message
                    == "computation nested too deeply for the stack (does a function call itself without end?)"
            )
            #expect(error.range.start.line == 2)
        }
    }

    @Test func loopLimitsAndInterruptsReachInsideFunctions() throws {
        var evaluator = Evaluator()
        evaluator.iterationLimit = 1000
        do {
            try evaluator.run("def spin(n):\n    for t in range(n):\n        s = t\n    return n\nspin(5000)")
            Issue.record("expected the loop limit")
        } catch {
            #expect(error.message == "loop: more than 1000 iterations in one statement")
            #expect(error.range.start.line == 2)
        }
        var stopped = Evaluator()
        try stopped.run("def f(x):\n    return x")
        stopped.interrupt = { true }
        do {
            try stopped.run("f(1)")
            Issue.record("expected an interruption")
        } catch {
            #expect(error.message == "interrupted")
        }
    }

    @Test func errorsInsideAFunctionCarryTheTextThatDefinedIt() throws {
        var evaluator = Evaluator()
        let definition = "W = ones(3, 3)\n# One layer.\ndef layer(x):\n    h = x * 2\n    return h @ W\n"
        _ = try evaluator.run(definition)
        do {
            _ = try evaluator.execute(try Parser.parse("layer([1, 2])")[0], in: SourceFile("layer([1, 2])"))
            Issue.record("expected a shape error")
        } catch {
            #expect(error.message == "@: shapes [2] and [3, 3] do not align")
            #expect(error.range.start == SourceLocation(line: 5, column: 12))
            #expect(error.source?.text == definition)
            #expect(error.notes == ["in layer(x), called as layer([1, 2])"])
        }
        guard case .function(.function(let layer))? = evaluator.environment.variables["layer"] else {
            Issue.record("layer is defined")
            return
        }
        #expect(layer.help == "One layer.")
        _ = try evaluator.run("def g(x):\n    \"Doubles x.\"\n    return 2 * x")
        guard case .function(.function(let g))? = evaluator.environment.variables["g"] else { return }
        #expect(g.help == "Doubles x.")
    }

    // MARK: Traces

    @Test func aTraceInsideACallNamesTheFunctionsVariablesAndCanBeFolded() throws {
        let code =
            "v = [1., 2, 3]\ndef layer(x, p=0.5):\n    return dropout(x, p=p) * 1\nseed(0)\ny = layer(layer(v))"
        var events = [TraceEvent]()
        var evaluator = Evaluator()
        evaluator.onEvent = { events.append($0) }
        try evaluator.run(code)
        let calls = events.compactMap { event -> CallTrace? in
            if case .call(let call) = event { return call }
            return nil
        }
        #expect(calls.map(\.call) == ["layer(v)", "layer(layer(v))"])
        #expect(calls.allSatisfy { !$0.isFolded })
        for call in calls {
            guard case .record(let node)? = call.events.first else {
                Issue.record("the call holds dropout's record")
                continue
            }
            #expect(node.steps.last?.formula == "x * mask * scale")
        }
        events = []
        evaluator.onEvent = { events.append($0) }
        try evaluator.run("trace(depth=0)\nseed(0)\ny = layer(layer(v))")
        let folded = events.compactMap { event -> CallTrace? in
            if case .call(let call) = event { return call }
            return nil
        }
        #expect(folded.map(\.isFolded) == [true, true])
        #expect(folded.allSatisfy { $0.events.isEmpty && $0.hiddenSteps == 1 })
        // Folded, the chain rule sees the calls' results but nothing inside them.
        try evaluator.run("seed(0)\nz = sum(layer(layer(v)))")
        guard case .tensor(let z)? = evaluator.environment.variables["z"] else { return }
        #expect(
            z.topologicalOrder().compactMap(\.label).sorted() == ["layer(layer(v))", "layer(v)", "v", "z"])
        // The chain rule through folded calls keeps to the learner's own names.
        try evaluator.run("trace(depth=none)\nseed(0)\ny = sum(layer(layer(v)))")
        guard case .tensor(let y)? = evaluator.environment.variables["y"] else { return }
        let labels = y.topologicalOrder().compactMap(\.label)
        #expect(labels.contains("x") && labels.contains("layer(v)") && labels.contains("y"))
    }

    // MARK: Expectations and gradients through calls

    /// A function with two draw sites, one inside a loop through time.
    static let twoSites = """
        v = [0.5, -1]
        def cell(x, p=0.25):
            s = x
            for t in range(2):
                s = tanh(dropout(s, p=p) + 1)
            return s * bernoulli(0.6)
        """

    /// The same computation in Swift, for one outcome of its five Bernoulli draws.
    static func twoSites(_ masks: [Double]) -> [Double] {
        var s = [0.5, -1]
        for t in 0..<2 {
            s = (0..<2).map { tanh(s[$0] * masks[2 * t + $0] / 0.75 + 1) }
        }
        return s.map { $0 * masks[4] }
    }

    @Test func expectOfAFunctionWithTwoDrawSitesAndALoopIsExact() throws {
        var mean = [0.0, 0]
        var square = [0.0, 0]
        for outcome in 0..<32 {
            let masks = (0..<5).map { Double((outcome >> $0) & 1) }
            let probability =
                (0..<4).reduce(1.0) { $0 * (masks[$1] == 1 ? 0.75 : 0.25) } * (masks[4] == 1 ? 0.6 : 0.4)
            let value = Self.twoSites(masks)
            for e in 0..<2 {
                mean[e] += probability * value[e]
                square[e] += probability * value[e] * value[e]
            }
        }
        let (expected, output) = try run(Self.twoSites + "\nexpect(cell(v))", trace: true)
        #expect(output.last == "expect: 5 Bernoulli draws, 32 outcomes enumerated exactly")
        let variance = try tensor(Self.twoSites + "\nvariance(cell(v))")
        for e in 0..<2 {
            #expect(abs((expected?.tensor?.scalars[e] ?? .nan) - mean[e]) < 1e-12)
            #expect(abs(variance.scalars[e] - (square[e] - mean[e] * mean[e])) < 1e-12)
        }
        // Keywords and nested calls inside expect are enumerated the same way.
        let nested = try tensor(
            Self.twoSites + "\ndef twice(x): return cell(x, p=0.25) + 0 * cell(x, p=0.5)\nexpect(twice(v))")
        #expect(abs(nested.scalars[0] - mean[0]) < 1e-12)
    }

    @Test func batchedMonteCarloThroughAFunctionEqualsOneWorldAtATime() throws {
        var evaluator = Evaluator()
        try evaluator.run(
            Self.twoSites + "\nW = [[1, -2], [0.5, 1]]\ndef net(x): return cell(cell(x) @ W) + randn(2)")
        let expression = try Parser.parseExpression("net(v)")
        let worlds = 16
        var numpy = NumpySource(generator: NumpyGenerator(seed: 11))
        numpy.worlds = worlds
        var recorder: any RandomSource = RecordingSource(numpy)
        let batched = try evaluator.evaluateTensor(expression, with: &recorder)
        let draws = (recorder as! RecordingSource).recorded
        #expect(batched.worlds == worlds)
        #expect(draws.count == 7)
        var total = [0.0, 0]
        for world in 0..<worlds {
            let own = draws.map { Draw(request: $0.request, values: $0.values.world(world)) }
            var replay: any RandomSource = ReplaySource(own)
            let single = try evaluator.evaluateTensor(expression, with: &replay)
            #expect(single.worlds == nil)
            #expect(single.scalars == batched.world(world).scalars)
            for e in 0..<2 { total[e] += single.scalars[e] }
        }
        // mc draws as numpy's loop does, run after run, so its mean is the mean of the runs of
        // `for i in range(16): net(v)` after the same seed, though it evaluates them batched.
        var mcEvaluator = evaluator
        let estimate = try mcEvaluator.run("seed(11)\nmc(net(v), samples=16)").last?.value?.tensor
        var loopEvaluator = evaluator
        let looped = try loopEvaluator.run(
            "seed(11)\ns = zeros(2)\nfor i in range(16):\n    s = s + net(v)\ns / 16"
        ).last?.value?.tensor
        for e in 0..<2 {
            #expect(abs((estimate?.scalars[e] ?? .nan) - (looped?.scalars[e] ?? .infinity)) < 1e-12)
        }
    }

    @Test func gradientsThroughCallsMatchNumericDifferences() throws {
        let setup = """
            v = [1., -2, 0.5]
            W = [[0.3, -0.2, 0.1], [0.4, 0.5, -0.6], [-0.7, 0.2, 0.9]]
            def layer(x, p=0.5):
                return tanh(dropout(x, p=p) @ W)
            """
        var evaluator = Evaluator()
        try evaluator.run(setup + "\nseed(3)\nloss = sum(layer(layer(v)) ** 2)\nbackward(loss, show=false)")
        let gradient = try #require(try evaluator.run("grad(W)").last?.value?.tensor)
        let h = 1e-6
        for i in 0..<3 {
            for j in 0..<3 {
                func loss(_ delta: Double) throws -> Double {
                    var copy = evaluator
                    let nudge =
                        "E = zeros(3, 3); E[\(i), \(j)] = \(delta)\nW = W + E\nseed(3)\nsum(layer(layer(v)) ** 2)"
                    return try copy.run(nudge).last?.value?.tensor?.scalars[0] ?? .nan
                }
                let numeric = (try loss(h) - loss(-h)) / (2 * h)
                #expect(abs(numeric - gradient.scalars[i * 3 + j]) < 1e-6, "dW[\(i), \(j)]")
            }
        }
        let check = try tensor(setup + "\nseed(5)\ngradcheck(sum(layer(layer(v))), wrt=[W, v])")
        #expect(check.scalars[0] < 1e-6)
        // A loss computed earlier through calls is re-run forward from the nudged weights.
        let earlier = try tensor(setup + "\nseed(5)\nloss = sum(layer(layer(v)))\ngradcheck(loss, wrt=[W])")
        #expect(earlier.scalars[0] < 1e-6)
    }

    @Test func explainFollowsAnElementThroughACall() throws {
        let (_, output) = try run(
            "W = [[1, 2], [3, 4]]\ndef f(x): return x @ W\ny = f([1, 1])\nexplain(y[1], depth=2)")
        let text = output.joined(separator: "\n")
        #expect(text.contains("y[1] = x[0] * W[0, 1] + x[1] * W[1, 1]"))
    }
}
