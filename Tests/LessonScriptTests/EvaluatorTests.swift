import Notebook
import Rendering
import Testing

@testable import LessonScript

/// Runs code in a fresh evaluator and returns the last statement's value and what was printed.
func run(_ code: String, trace: Bool = false) throws -> (value: Value?, output: [String]) {
    var evaluator = Evaluator()
    var output = [String]()
    let renderer = EventRenderer(settings: DisplaySettings(showsTrace: trace))
    evaluator.onEvent = { event in
        if let text = renderer.render(event) { output.append(text) }
    }
    let results = try evaluator.run(code)
    return (results.last?.value, output)
}

func tensor(_ code: String) throws -> Tensor {
    let value = try run(code).value
    guard case .tensor(let node)? = value else {
        Issue.record("not a tensor: \(String(describing: value))")
        return Tensor(0)
    }
    return node.value
}

func expectError(
    _ code: String, _ message: String, line: Int, column: Int,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    do {
        _ = try run(code)
        Issue.record("expected an error for \(code)", sourceLocation: sourceLocation)
    } catch let error as ScriptError {
        #expect(error.message == message, sourceLocation: sourceLocation)
        #expect(error.range.start.line == line, sourceLocation: sourceLocation)
        #expect(error.range.start.column == column, sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct EvaluatorTests {
    @Test func arithmeticFollowsPythonPrecedence() throws {
        #expect(try tensor("-2 ** 2") == Tensor(-4))
        #expect(try tensor("2 ** -1") == Tensor(0.5))
        #expect(try tensor("1 + 2 * 3") == Tensor(7))
        #expect(try tensor("[[1, 2], [3, 4]] @ [1, 1] + 1") == Tensor([4, 8]))
        #expect(try tensor("(7 // 2) + 7 % 3") == Tensor(4))
        #expect(try tensor("[1, 2, 3] < 2") == Tensor([1, 0, 0]))
    }

    @Test func variablesTuplesAndLoops() throws {
        #expect(try tensor("a, b = (1, 2); a + b") == Tensor(3))
        #expect(try tensor("s = 0\nfor t in range(4):\n    s = s + t\ns") == Tensor(6))
        #expect(try tensor("s = 0\nfor t in range(3): s = s + t\ns") == Tensor(3))
        #expect(try tensor("x = zeros(2, 2); x[0, 1] = 5; x") == Tensor(rows: [[0, 5], [0, 0]]))
        #expect(try tensor("x = reshape(arange(6), 2, 3); x.T[2]") == Tensor([2, 5]))
        #expect(try tensor("x = ones(2, 3); len(x.shape) + x.size") == Tensor(8))
        #expect(try tensor("x = reshape(arange(12), 3, 4); x[1:, ::2]") == Tensor(rows: [[4, 6], [8, 10]]))
    }

    @Test func shapesAreAcceptedAsIntegersOrOneShape() throws {
        #expect(try tensor("zeros(2, 3)").shape == [2, 3])
        #expect(try tensor("zeros([2, 3])").shape == [2, 3])
        #expect(try tensor("x = ones(4, 2); zeros(x.shape)").shape == [4, 2])
        #expect(try tensor("full(7, 2)") == Tensor([7, 7]))
    }

    @Test func randomnessMatchesTheNumpyGenerator() throws {
        var generator = NumpyGenerator(seed: 100)
        let expected = (0..<6).map { _ in generator.nextDouble() }
        #expect(try tensor("seed(100); rand(2, 3)").scalars == expected)
        let mask = try tensor("seed(100); bernoulli(0.5, 6)")
        #expect(mask.scalars == expected.map { $0 < 0.5 ? 1 : 0 })
    }

    @Test func dropoutUsesTheCurrentMode() throws {
        #expect(try tensor("eval(); dropout([1, 2, 3], p=0.5)") == Tensor([1, 2, 3]))
        #expect(try tensor("eval(); dropout([2, 4], p=0.5, mode=\"downscale_in_infer\")") == Tensor([1, 2]))
        #expect(try tensor("train(); dropout([2, 4], p=0.5, mask=[1, 0])") == Tensor([4, 0]))
        #expect(
            try tensor("dropout(ones(2, 3), p=0.5, axis=0, mask=[[1], [0]])")
                == Tensor(rows: [[2, 2, 2], [0, 0, 0]]))
    }

    @Test func expectationsAreExact() throws {
        #expect(try tensor("expect(dropout([1, 2, 3], p=0.25))") == Tensor([1, 2, 3]))
        let variance = try tensor("variance(dropout([1, 2, 3], p=0.25))")
        for (v, x) in zip(variance.scalars, [1.0, 2, 3]) { #expect(abs(v - x * x * 0.25 / 0.75) < 1e-12) }
        let listed = try run("v, p = outcomes(dropout([1, 2], p=0.5)); sum(p)").value
        guard case .tensor(let total)? = listed else { return }
        #expect(total.value == Tensor(1))
    }

    @Test func traceShowsTheInnerStepsOfDropout() throws {
        let (_, output) = try run(
            "x = reshape(arange(1, 13), 4, 3); seed(100); y = dropout(x, p=0.5)", trace: true)
        let lines = output.joined(separator: "\n").split(separator: "\n").map(String.init)
        // A 4 x 3 tensor fits the width, so the trace shows it whole, aligned under its first row.
        #expect(lines.count == 10)
        #expect(lines[0] == "u     = rand(4, 3)        [[0.543 0.278 0.425]")
        #expect(lines[1] == "                           [0.845 0.005 0.122]")
        #expect(lines[4] == "mask  = u < q (q = 0.5)   □ ■ ■ / □ ■ ■ / □ □ ■ / □ □ ■")
        #expect(lines[5] == "scale = 1 / q = 2")
        #expect(lines[6].hasPrefix("y     = x * mask * scale  [["))
    }

    @Test func explainAndCheckPrint() throws {
        let (_, output) = try run(
            "x = reshape(arange(1, 13), 4, 3)\ny = dropout(x, mask=zeros(4, 3) + [1, 0, 1])\nexplain(y[2, 1])\ncheck(y[0, 0], 2)\ncheck(y[0, 0], 3)"
        )
        #expect(output[0] == "y[2, 1] = x[2, 1] * mask[2, 1] / q = 8 * 0 / 0.5 = 0")
        #expect(output[1].hasPrefix("✓ check passed"))
        #expect(output[2].hasPrefix("✗ check failed: 1 of 1 elements differ"))
    }

    @Test func backwardAndGrad() throws {
        #expect(
            try tensor("x = [1.0, -2, 3]; y = sum(relu(x) * x); backward(y); grad(x)") == Tensor([2, 0, 6]))
        let error = try tensor(
            "x = randn(3, 3); W = randn(3, 2); gradcheck(sum(tanh(dropout(x, p=0.3) @ W)), wrt=[x, W])")
        #expect(error.scalars[0] < 1e-7)
        let fresh = try tensor(
            "x = randn(4, 4) + 10; gradcheck(sum(dropout(x, p=0.5) * x), wrt=[x], replay=false)")
        #expect(fresh.scalars[0] > 0.01)
    }

    @Test func backwardWithShowFalsePrintsNothingButFillsGradients() throws {
        let code = "x = [1.0, -2, 3]; y = sum(relu(x) * x)"
        let (_, shown) = try run(code + "; backward(y)")
        #expect(shown.count == 1 && shown[0].hasPrefix("backward from y:"))
        let (value, quiet) = try run(code + "; backward(y, show=false); grad(x)")
        #expect(quiet.isEmpty)
        guard case .tensor(let node)? = value else {
            Issue.record("not a tensor")
            return
        }
        #expect(node.value == Tensor([2, 0, 6]))
        expectError(
            code + "; backward(y, show=2)", "backward: show must be true or false", line: 1, column: 58)
    }

    @Test func monteCarloAgreesWithTheExactMean() throws {
        let mean = try tensor("seed(0); mc(dropout(full(3, 12), p=0.5), samples=200000)")
        for m in mean.scalars { #expect(abs(m - 3) < 0.05) }
    }
}

@Suite struct ShowBuiltinTests {
    @Test func traceCanBeSilencedAndRestored() throws {
        let quiet = try run(
            "x = [1, 2, 3, 4]\ntrace(false)\nfor t in range(3): y = dropout(x)\ny", trace: true
        ).output
        #expect(quiet.count == 0)
        let loud = try run("x = [1, 2, 3, 4]\ntrace(false)\ntrace(true)\ny = dropout(x)", trace: true).output
        #expect(loud.count == 1)
    }

    @Test func barChartsTakeStringLabels() throws {
        let output = try run("plot([1, 2], kind=\"bar\", labels=[\"keep\", \"drop\"])").output.joined()
        #expect(output.contains("keep"))
        #expect(output.contains("drop"))
    }
}
