import Rendering
import Testing

@testable import LessonScript

/// Every error names the problem in the user's terms and points at its place.
@Suite struct ErrorTests {
    @Test func runtimeErrorsAreLocated() {
        expectError(
            "x = [1, 2]\ny = dropout(x, p=1.5)", "dropout: p must be in [0, 1], got 1.5", line: 2, column: 5)
        expectError(
            "a = [[1, 2], [3, 4]]\na @ [1, 2, 3]", "@: shapes [2, 2] and [3] do not align", line: 2, column: 1
        )
        expectError(
            "y = dropoot([1])", "unknown function 'dropoot'; did you mean 'dropout'?", line: 1, column: 5)
        expectError("xs = 1\nxx + 1", "unknown name 'xx'; did you mean 'xs'?", line: 2, column: 1)
        expectError(
            "[1, [2, 3]]", "ragged list: element 2 has shape [2] but element 1 has shape []", line: 1,
            column: 5)
        expectError("zeros(2, 3) + ones(4)", "+: cannot broadcast shapes [2, 3] and [4]", line: 1, column: 1)
        expectError("dropout([1], q=0.5)", "dropout: unknown argument 'q'", line: 1, column: 14)
        expectError(
            "dropout()",
            "dropout: missing argument 'x'; usage: dropout(x, p=0.5, mode=\"upscale_in_train\", training=<current mode>, axis=none, mask=none)",
            line: 1, column: 1)
        expectError(
            "dropout([1], mode=\"up\")",
            "dropout: mode must be 'upscale_in_train' or 'downscale_in_infer', got 'up'", line: 1, column: 1)
        expectError("x = [1, 2]\nx[5]", "index: 5 is out of range for axis 0 with size 2", line: 2, column: 1)
        expectError(
            "backward([1, 2])", "backward: needs a scalar, got a tensor of shape [2]; try backward(sum(...))",
            line: 1, column: 1)
        expectError("grad([1])", "grad: no gradients yet; run backward(y) first", line: 1, column: 1)
        expectError(
            "expect(rand(3))",
            "expect: rand(3) draws continuous values; exact enumeration covers Bernoulli and binomial draws only (use mc)",
            line: 1, column: 8)
        expectError(
            "expect(dropout(ones(25)))",
            "expect: the computation draws 25 Bernoulli values, 2^25 outcomes; exact enumeration stops at 24 draws (use mc)",
            line: 1, column: 1)
        expectError(
            "zeros(10000, 10000)",
            "zeros: a tensor of shape [10000, 10000] (100000000 elements) exceeds the limit of 67108864 elements",
            line: 1, column: 7
        )
        expectError("seed(-1)", "seed: seed must be in [0, 2**32), got -1", line: 1, column: 6)
        expectError("x = 1\nx(2)", "'x' is a variable, not a function", line: 2, column: 1)
        expectError(
            "dropout = 3", "'dropout' is a built-in function; choose another name", line: 1, column: 1)
        expectError("a, b = (1, 2, 3)", "cannot unpack 3 values into 2 names", line: 1, column: 8)
        expectError("[1, 2].foo", "a tensor has no attribute 'foo'", line: 1, column: 1)
    }

    @Test func parseErrorsAreLocated() {
        expectError("x = (1 + 2", "expected ')' after expression", line: 1, column: 11)
        expectError("1 < 2 < 3", "comparisons cannot be chained; use parentheses", line: 1, column: 7)
    }

    @Test func errorsRenderWithTheSourceLineAndACaret() {
        let source = "x = [1, 2]\ny = dropout(x, p=1.5)"
        do {
            _ = try run(source)
        } catch let error as ScriptError {
            let text = DiagnosticRenderer().render(error, source: source)
            #expect(text.contains("y = dropout(x, p=1.5)"))
            #expect(text.contains("^^^^^^^^^^^^^^^^^"))
            #expect(text.contains("2:5"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func stateSurvivesAnError() throws {
        var evaluator = Evaluator()
        try evaluator.run("x = [1, 2]")
        #expect(throws: ScriptError.self) { try evaluator.run("y = x @ [1, 2, 3]") }
        try evaluator.run("y = x * 2")
        #expect(evaluator.environment.variables["y"]?.tensor == Tensor([2, 4]))
    }

    @Test func interruptStopsALongLoop() {
        var evaluator = Evaluator()
        evaluator.interrupt = { true }
        do {
            try evaluator.run("for t in range(1000000): x = t * 2 + t")
            Issue.record("expected an interruption")
        } catch let error as ScriptError {
            #expect(error.message == "interrupted")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func loopIterationsAreLimited() {
        var evaluator = Evaluator()
        evaluator.iterationLimit = 1000
        do {
            try evaluator.run("for a in range(10):\n    for b in range(101): c = 1")
            Issue.record("expected the iteration limit")
        } catch let error as ScriptError {
            #expect(error.message == "loop: more than 1000 iterations in one statement")
        } catch {
            Issue.record("\(error)")
        }
    }
}
