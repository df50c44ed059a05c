import Foundation
import Testing

@testable import DropoutCore
@testable import LessonScript

/// The built-ins of `Builtins+Extras.swift` and `backward(y, show=false)`.
@Suite struct ExtrasTests {
    /// SELU from its definition, independently of the composed implementation.
    static func seluReference(_ x: Double) -> Double {
        x > 0 ? Builtins.seluScale * x : Builtins.seluScale * Builtins.seluAlpha * (Foundation.exp(x) - 1)
    }

    @Test func seluFollowsItsDefinition() throws {
        let xs = [-30, -3, -1, -0.25, 0, 1e-9, 0.5, 2, 700]
        let code = "selu([" + xs.map { "\($0)" }.joined(separator: ", ") + "])"
        let y = try tensor(code)
        #expect(y.shape == [xs.count])
        for (value, x) in zip(y.scalars, xs) {
            #expect(abs(value - ExtrasTests.seluReference(x)) <= 1e-13 * max(1, abs(value)), "selu(\(x))")
        }
    }

    @Test func seluSaturatesAtMinusAlphaPrime() throws {
        // lambda * alpha is the value alpha dropout gives a dropped unit, up to sign.
        #expect(abs(Builtins.seluScale * Builtins.seluAlpha - Dropout.alphaPrime) < 1e-15)
        #expect(try tensor("selu(-1000)") == Tensor(-Dropout.alphaPrime))
    }

    @Test func seluGradientIsFiniteAndMatchesCenteredDifferences() throws {
        // exp of a large x would overflow; the composed gradient must not turn that into NaN.
        let gradient = try tensor(
            "x = [-1000., -2, -0.3, 0.4, 3, 1000]; backward(sum(selu(x)), show=false); grad(x)")
        let expected = [-1000, -2, -0.3, 0.4, 3, 1000].map { x in
            x > 0 ? Builtins.seluScale : Builtins.seluScale * Builtins.seluAlpha * Foundation.exp(x)
        }
        for (g, e) in zip(gradient.scalars, expected) { #expect(g.isFinite && abs(g - e) < 1e-12) }
        let error = try tensor(
            "seed(3); x = randn(4, 3); w = randn(4, 3); gradcheck(sum(selu(x) * w), wrt=[x])")
        #expect(error.scalars[0] < 1e-7)
    }

    @Test func seluKeepsAStandardNormalAtMeanZeroAndVarianceOne() throws {
        // The constants are chosen so that z ~ N(0, 1) gives E[selu(z)] = 0, E[selu(z)^2] = 1.
        // Simpson's rule over [-12, 12] on the language's selu.
        let n = 24_000
        let z = try tensor("linspace(-12, 12, \(n + 1))")
        let s = try tensor("selu(linspace(-12, 12, \(n + 1)))")
        let h = 24.0 / Double(n)
        var first = 0.0
        var second = 0.0
        for i in 0...n {
            let weight = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
            let density = Foundation.exp(-z.scalars[i] * z.scalars[i] / 2) / (2 * Double.pi).squareRoot()
            first += weight * density * s.scalars[i]
            second += weight * density * s.scalars[i] * s.scalars[i]
        }
        #expect(abs(first * h / 3) < 1e-6)
        #expect(abs(second * h / 3 - 1) < 1e-6)
    }

    @Test func detachKeepsTheValueAndStopsTheGradient() throws {
        #expect(try tensor("x = [1., 2.]; y = detach(x * 3); y") == Tensor([3, 6]))
        // Through the detached copy nothing flows back to x: d/dx sum(y * x) = y, not 2 * 3x.
        #expect(
            try tensor("x = [1., 2.]; y = detach(x * 3); backward(sum(y * x)); grad(x)") == Tensor([3, 6]))
        #expect(try tensor("x = [1., 2.]; y = x * 3; backward(sum(y * x)); grad(x)") == Tensor([6, 12]))
    }

    /// The number of nodes the last backward visited after `steps` gradient steps.
    func recordsAfter(_ steps: Int, detached: Bool) throws -> Int {
        var evaluator = Evaluator()
        let update = detached ? "w = detach(w - 0.1 * grad(w))" : "w = w - 0.1 * grad(w)"
        try evaluator.run(
            """
            w = [1., -2.]
            for t in range(\(steps)):
                backward(sum((w - 3) ** 2), show=false)
                \(update)
            backward(sum((w - 3) ** 2), show=false)
            """)
        return evaluator.environment.lastGradients?.records.count ?? 0
    }

    @Test func detachKeepsTheGraphOfATrainingLoopFromGrowing() throws {
        #expect(try recordsAfter(1, detached: true) == recordsAfter(20, detached: true))
        #expect(try recordsAfter(20, detached: false) > recordsAfter(1, detached: false))
        // Both loops compute the same weights.
        let plain = try tensor(
            "w = [1., -2.]\nfor t in range(5):\n    backward(sum((w - 3) ** 2), show=false)\n    w = w - 0.1 * grad(w)\nw"
        )
        let cut = try tensor(
            "w = [1., -2.]\nfor t in range(5):\n    backward(sum((w - 3) ** 2), show=false)\n    w = detach(w - 0.1 * grad(w))\nw"
        )
        #expect(plain == cut)
        // Five steps of w <- w - 0.2 (w - 3) from 1 and -2.
        let expected = [1.0, -2].map { 3 + ($0 - 3) * pow(0.8, 5) }
        for (a, e) in zip(cut.scalars, expected) { #expect(abs(a - e) < 1e-12) }
    }

    @Test func backwardShowFalsePrintsNothingButFillsGradients() throws {
        let quiet = try run("x = [1., 2.]; backward(sum(x * x), show=false); grad(x)")
        #expect(quiet.output.isEmpty)
        guard case .tensor(let gradient)? = quiet.value else {
            Issue.record("no gradient")
            return
        }
        #expect(gradient.value == Tensor([2, 4]))
        let loud = try run("x = [1., 2.]; backward(sum(x * x)); backward(sum(x * x), show=true)")
        #expect(loud.output.count == 2)
        #expect(loud.output[0].hasPrefix("backward from "))
        expectError(
            "x = [1., 2.]; backward(sum(x), show=2)", "backward: show must be true or false", line: 1,
            column: 37)
    }

    @Test func argminAndArgmaxFollowNumpy() throws {
        #expect(try tensor("argmax([1, 5, 2, 5])") == Tensor(1))
        #expect(try tensor("argmin([3, -1, -1, 0])") == Tensor(1))
        #expect(try tensor("argmax([[1, 9], [9, 2]])") == Tensor(1))
        #expect(try tensor("argmin([[3, 1, 2], [0, 4, -5]], axis=1)") == Tensor([1, 2]))
        #expect(try tensor("argmax([[3, 1, 2], [0, 4, -5]], axis=0)") == Tensor([0, 1, 0]))
        #expect(try tensor("argmax([[3, 1, 2], [0, 4, -5]], axis=-1)") == Tensor([0, 1]))
        #expect(
            try tensor("argmin(reshape(arange(24), 2, 3, 4) * -1, axis=1)")
                == Tensor(rows: [[2, 2, 2, 2], [2, 2, 2, 2]]))
        #expect(try tensor("argmax(7)") == Tensor(0))
        #expect(try tensor("argmax(log([1, 0 - 1, 2]))") == Tensor(1))  // NaN comes first, as numpy
        expectError("argmax(zeros(0))", "argmax: x is empty", line: 1, column: 8)
        expectError(
            "argmin([1, 2], axis=1)", "argmin: axis 1 is out of range for shape [2]", line: 1, column: 21)
    }

    @Test func samplesStackFreshDrawsInNumpyOrder() throws {
        #expect(try tensor("seed(0); samples(rand(3), n=2)") == tensor("seed(0); reshape(rand(6), 2, 3)"))
        // The generator goes on where the samples stopped.
        #expect(
            try tensor("seed(0); S = samples(rand(3), n=2); rand(2)") == tensor("seed(0); rand(6); rand(2)"))
        #expect(try tensor("seed(5); samples(randn(), n=4)") == tensor("seed(5); randn(4)"))
        #expect(try tensor("samples(2 * 3, n=3)") == Tensor([6, 6, 6]))
        let masks = try tensor("seed(1); samples(dropout(ones(2, 2), p=0.5), n=3)")
        #expect(masks.shape == [3, 2, 2])
        #expect(try masks == tensor("seed(1); reshape(rand(12) < 0.5, 3, 2, 2) * 2"))
        // Two draw sites per run: each run draws both before the next run starts, as the loop does.
        let loop = """
            seed(3)
            L = zeros(5, 2)
            for i in range(5): L[i] = rand(2) * randn()
            L
            """
        #expect(try tensor("seed(3); samples(rand(2) * randn(), n=5)") == tensor(loop))
        #expect(
            try tensor("seed(3); S = samples(rand(2) * randn(), n=5); rand(3)") == tensor(loop + "\nrand(3)"))
        let mcLoop =
            "seed(4)\nL = zeros(7, 3)\nfor i in range(7): L[i] = dropout(ones(3), p=0.5) + randn(3)\nmean(L, axis=0)"
        let estimate = try tensor("seed(4); mc(dropout(ones(3), p=0.5) + randn(3), samples=7)")
        for (a, b) in zip(estimate.scalars, try tensor(mcLoop).scalars) { #expect(abs(a - b) < 1e-12) }
        let mean = try tensor("seed(2); mean(samples(dropout(full(3, 4), p=0.25), n=20000))")
        #expect(abs(mean.scalars[0] - 3) < 0.05)
        expectError("samples(rand(2), n=0)", "samples: n must be in [1, 1000000], got 0", line: 1, column: 20)
        expectError(
            "mc(samples(rand(2), n=2))",
            "samples: cannot run inside expect, variance, outcomes, mc, samples or gradcheck", line: 1,
            column: 4)
        expectError(
            "samples(zeros(2, 2, 2, 2), n=2)",
            "samples: expr has 4 axes; the stacked result would have more than 4",
            line: 1, column: 1)
    }

    @Test func chainRuleNamesAParenthesisedExpressionOnce() throws {
        let (_, output) = try run("x = [1., 2.]; y = sum((x + 1) * (x - 1)); backward(y)")
        let text = output.joined(separator: "\n")
        #expect(text.contains("dy/d(x - 1) = [2 3]"))
        #expect(text.contains("dy/d(x + 1) = [0 1]"))
        #expect(text.contains("dy/d((x + 1) * (x - 1)) = [1 1]"))
        let (_, unnamed) = try run("u = 1.; backward((2 * u - 3) ** 2)")
        #expect(
            unnamed.first?.split(separator: "\n").map(String.init) == [
                "backward from (2 * u - 3) ** 2:",
                "  d((2 * u - 3) ** 2)/d((2 * u - 3) ** 2) = 1",
                "  d((2 * u - 3) ** 2)/d(2 * u - 3) = -2",
                "  d((2 * u - 3) ** 2)/d(2 * u) = -2",
                "  d((2 * u - 3) ** 2)/du = -4",
            ])
        #expect(Node.isParenthesised("(a + b)"))
        #expect(Node.isParenthesised("((a) * (b))"))
        #expect(!Node.isParenthesised("(a) * (b)"))
        #expect(!Node.isParenthesised("a + b"))
        #expect(!Node.isParenthesised("(a + b"))
    }

    @Test func plotPlacesPointsAtTheGivenXValues() throws {
        // Unevenly spaced x: the point at x = 20 sits a third of the way along, not half.
        let (_, output) = try run("plot([1, 4, 9], x=[10, 20, 40])")
        let lines = output.joined(separator: "\n").split(separator: "\n").map(String.init)
        let axis = try #require(lines.first { $0.contains("10") && $0.contains("40") })
        #expect(axis.split(separator: " ").map(String.init) == ["10", "20", "30", "40"])
        let columns = lines.filter { $0.contains("│") }.compactMap { line in
            line.firstIndex(of: "*").map { line.distance(from: line.startIndex, to: $0) }
        }.sorted()
        #expect(columns.count == 3)
        let column = columns[1]
        let start = axis.distance(from: axis.startIndex, to: axis.firstIndex(of: "1")!)
        let end = axis.distance(from: axis.startIndex, to: axis.range(of: "40")!.upperBound) - 1
        #expect(abs(Double(column - start) / Double(end - start) - 1.0 / 3) < 0.05)
        expectError(
            "plot([1, 2, 3], x=[0, 1])", "plot: x must hold one increasing finite value per point (3)",
            line: 1,
            column: 19)
        expectError(
            "plot([1, 2], x=[1, 1])", "plot: x must hold one increasing finite value per point (2)", line: 1,
            column: 16)
        expectError(
            "plot([1, 2], kind=\"bar\", x=[0, 1])", "plot: x is for line charts; name bars with labels=",
            line: 1,
            column: 28)
    }
}
