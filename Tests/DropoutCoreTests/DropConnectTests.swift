import Foundation
import Testing

@testable import DropoutCore

/// The fixture `scripts/make_fixtures.py` writes from numpy (`dropconnect.json`).
private struct DropConnectFixture: Decodable {
    struct TensorValue: Decodable {
        var shape: [Int]
        var data: [Double]
        var tensor: Tensor { Tensor(shape: Shape(shape), scalars: data) }
    }

    struct Forward: Decodable {
        var name: String
        var seed: UInt32
        var p: Double
        var v, w, mask, y, g, dw, dv: TensorValue
        var b: TensorValue?
        var biasMask: TensorValue?
        var dropsBias: Bool
    }

    struct Moments: Decodable {
        var name: String
        var p: Double
        var v, w, mean, variance: TensorValue
        var b: TensorValue?
        var dropsBias: Bool
    }

    struct Enumeration: Decodable {
        var name: String
        var p: Double
        var v, w, mean, variance, reluMean: TensorValue
        var bits: Int
    }

    struct Infer: Decodable {
        var name: String
        var seed: UInt32
        var p: Double
        var activation: String
        var samples: Int
        var v, w, y, firstSamples, closedForm: TensorValue
        var numpyMeanAgrees: Bool?
    }

    struct Normal: Decodable {
        var x, cdf, pdf: Double
    }

    var numpyVersion: String
    var forward: [Forward]
    var moments: [Moments]
    var enumeration: [Enumeration]
    var infer: [Infer]
    var normal: [Normal]

    static let shared: DropConnectFixture = {
        let url = Bundle.module.url(
            forResource: "dropconnect", withExtension: "json", subdirectory: "Fixtures")!
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(DropConnectFixture.self, from: Data(contentsOf: url))
    }()
}

@Suite struct DropConnectTests {
    private typealias Fixture = DropConnectFixture

    private func forward(_ c: Fixture.Forward, random: inout any RandomSource) throws -> (Node, Node, Node) {
        let v = Node.constant(c.v.tensor, label: "v")
        let w = Node.constant(c.w.tensor, label: "W")
        let b = c.b.map { Node.constant($0.tensor, label: "b") }
        let y = try DropConnect.forward(
            v, w, bias: b, DropConnectSettings(dropProbability: c.p, dropsBias: c.dropsBias), random: &random)
        return (y, v, w)
    }

    @Test func forwardDrawsNumpysMasksAndMatchesItsOutput() throws {
        for c in Fixture.shared.forward {
            var random: any RandomSource = NumpySource(seed: c.seed)
            let (y, _, _) = try forward(c, random: &random)
            #expect(y.draws.first?.values == c.mask.tensor, "\(c.name)")
            #expect(
                y.draws.first?.request == .bernoulli(keep: 1 - c.p, shape: Shape(c.mask.shape)), "\(c.name)")
            if let biasMask = c.biasMask {
                #expect(y.draws.count == 2 && y.draws[1].values == biasMask.tensor, "\(c.name)")
            } else {
                #expect(y.draws.count == 1, "\(c.name)")
            }
            expectClose(y.value, c.y.tensor)
        }
    }

    @Test func backwardIsTheMaskedOuterProductAndTheMaskedTranspose() throws {
        for c in Fixture.shared.forward {
            var random: any RandomSource = NumpySource(seed: c.seed)
            let (y, v, w) = try forward(c, random: &random)
            let weighted = try Node.apply(.binary(.multiply), [y, Node.constant(c.g.tensor)])
            let gradients = try Node.apply(.reduce(.sum, axes: nil, keepDims: false), [weighted]).backward()
            expectClose(try #require(gradients[w]), c.dw.tensor)
            expectClose(try #require(gradients[v]), c.dv.tensor)
        }
    }

    @Test func gradientCheckPassesWithReplayedMasks() throws {
        var random: any RandomSource = NumpySource(seed: 9)
        let result = try GradientCheck.run(
            inputs: [sample([3, 4]), sample([2, 4], seed: 2), sample([2])], random: &random
        ) { leaves, source in
            let y = try DropConnect.forward(
                leaves[0], leaves[1], bias: leaves[2],
                DropConnectSettings(dropProbability: 0.4, dropsBias: true),
                random: &source)
            return try Node.apply(.unary(.tanh), [y])
        }
        #expect(result.maxRelativeError < 1e-8, "\(result.inputs.map(\.relativeError))")
    }

    @Test func momentsMatchNumpy() throws {
        for c in Fixture.shared.moments {
            let moments = try DropConnect.moments(
                Node.constant(c.v.tensor), Node.constant(c.w.tensor),
                bias: c.b.map { Node.constant($0.tensor) },
                dropProbability: c.p, dropsBias: c.dropsBias)
            expectClose(moments.mean.value, c.mean.tensor)
            expectClose(moments.variance.value, c.variance.tensor)
        }
    }

    @Test func exactExpectationEnumeratesEveryWeightMask() throws {
        for c in Fixture.shared.enumeration {
            let computation: DropoutCore.Expectation.Computation = { random in
                try DropConnect.forward(
                    Node.constant(c.v.tensor), Node.constant(c.w.tensor),
                    DropConnectSettings(dropProbability: c.p), random: &random
                ).value
            }
            let exact = try DropoutCore.Expectation.exact(variance: true, computation)
            #expect(exact.bits == c.bits, "\(c.name)")
            expectClose(exact.mean, c.mean.tensor)
            expectClose(exact.variance!, c.variance.tensor)
            let relu = try DropoutCore.Expectation.exact { random in try computation(&random).applying(.relu)
            }
            expectClose(relu.mean, c.reluMean.tensor)
            // The enumerated variance is the moment formula's: the terms are independent.
            let moments = try DropConnect.moments(
                Node.constant(c.v.tensor), Node.constant(c.w.tensor), dropProbability: c.p)
            expectClose(exact.mean, moments.mean.value)
            expectClose(exact.variance!, moments.variance.value)
            // One chunk of worlds or many small ones: the same numbers.
            expectClose(try DropoutCore.Expectation.exact(chunkSize: 5, computation).mean, exact.mean)
        }
    }

    @Test func inferReproducesSeededNumpyExactly() throws {
        for c in Fixture.shared.infer {
            var random: any RandomSource = NumpySource(seed: c.seed)
            let y = try DropConnect.infer(
                Node.constant(c.v.tensor), Node.constant(c.w.tensor), dropProbability: c.p,
                activation: try DropConnectActivation(named: c.activation), samples: c.samples,
                random: &random)
            if c.activation == "relu" || c.activation == "identity" {
                // Same draws, same arithmetic, same order of summation: the same bits.
                #expect(y.value.scalars == c.y.data, "\(c.name)")
            } else {
                // tanh and exp may come from different libm builds.
                expectClose(y.value, c.y.tensor, tolerance: 1e-14)
            }
            let trace = try #require(y.steps.first { $0.name == "u" })
            #expect(trace.value == .tensor(c.firstSamples.tensor), "\(c.name)")
            #expect(
                c.numpyMeanAgrees ?? true, "\(c.name): numpy's mean(axis=0) differs from the in-order sum")
        }
    }

    @Test func streamingAndDrawnNormalsGiveTheSameAnswerAndState() throws {
        let c = Fixture.shared.infer[5]
        var streamed: any RandomSource = NumpySource(seed: 3)
        var recorded: any RandomSource = RecordingSource(NumpySource(seed: 3))
        let a = try DropConnect.infer(
            Node.constant(c.v.tensor), Node.constant(c.w.tensor), dropProbability: 0.5, samples: 777,
            random: &streamed)
        let b = try DropConnect.infer(
            Node.constant(c.v.tensor), Node.constant(c.w.tensor), dropProbability: 0.5, samples: 777,
            random: &recorded)
        #expect(a.value == b.value)
        #expect(a.steps == b.steps)
        #expect(streamed as? NumpySource == (recorded as! RecordingSource).base as? NumpySource)
    }

    @Test func inferOverWorldsDrawsWorldAfterWorld() throws {
        let v = Tensor([1, 2, 0.5])
        let w = Tensor.matrix([[0.5, -1, 2], [1, 1, -0.5]])
        var batched: any RandomSource = NumpySource(seed: 4, worlds: 3)
        let all = try DropConnect.infer(
            Node.constant(v), Node.constant(w), dropProbability: 0.3, samples: 50, random: &batched)
        #expect(all.value.worlds == 3)
        var plain: any RandomSource = NumpySource(seed: 4)
        for world in 0..<3 {
            let one = try DropConnect.infer(
                Node.constant(v), Node.constant(w), dropProbability: 0.3, samples: 50, random: &plain)
            #expect(all.value.world(world).scalars == one.value.scalars)
        }
    }

    @Test func sampledReluAgreesWithTheClosedFormWithinItsStandardError() throws {
        for c in Fixture.shared.infer where c.activation == "relu" {
            let (v, w) = (Node.constant(c.v.tensor), Node.constant(c.w.tensor))
            var random: any RandomSource = NumpySource(seed: c.seed + 100)
            let sampled = try DropConnect.infer(
                v, w, dropProbability: c.p, samples: c.samples, random: &random)
            let closed = try DropConnect.infer(v, w, dropProbability: c.p, samples: 0, random: &random)
            expectClose(closed.value, c.closedForm.tensor, tolerance: 1e-14)
            // relu is 1-Lipschitz, so Var[relu(u)] <= Var[u] and the mean of Z samples has a
            // standard error of at most sd / sqrt(Z); five of them bound a 1-in-a-million miss.
            let sd = try DropConnect.moments(v, w, dropProbability: c.p).variance.value.scalars.map {
                $0.squareRoot()
            }
            for (e, (s, exact)) in zip(sampled.value.scalars, closed.value.scalars).enumerated() {
                let tolerance = 5 * sd[e] / Double(c.samples).squareRoot()
                #expect(
                    abs(s - exact) <= tolerance, "\(c.name)[\(e)]: \(s) vs \(exact), tolerance \(tolerance)")
            }
        }
    }

    @Test func closedFormIdentityIsTheMean() throws {
        var random: any RandomSource = NumpySource(seed: 0)
        let (v, w) = (Node.constant(Tensor([1, 2])), Node.constant(Tensor.matrix([[0.5, -1.5]])))
        let y = try DropConnect.infer(
            v, w, dropProbability: 0.2, activation: .identity, samples: 0, random: &random)
        expectClose(y.value, Tensor([0.8 * (0.5 - 3)]))
    }

    @Test func normalDistributionMatchesPython() {
        for point in Fixture.shared.normal {
            // erfc's condition number grows like x^2 in the left tail.
            let tolerance = 1e-15 * (1 + point.x * point.x) * point.cdf
            #expect(abs(StandardNormal.cdf(point.x) - point.cdf) <= tolerance, "Phi(\(point.x))")
            #expect(abs(StandardNormal.pdf(point.x) - point.pdf) <= 2e-16 * point.pdf, "phi(\(point.x))")
        }
        #expect(StandardNormal.rectifiedMean(mean: -2, sd: 0) == 0)
        #expect(StandardNormal.rectifiedMean(mean: 1.5, sd: 0) == 1.5)
    }

    @Test func inputMaskIsDropConnectWithTiedColumnsAndOutputMaskWithTiedRows() throws {
        var random: any RandomSource = NumpySource(seed: 0)
        let v = Tensor([2, 1, 3])
        let w = Tensor.matrix([[1, -2, 0.5], [0.5, 1, -1]])
        let onInputs = Tensor([1, 0, 1])
        let columns = try DropConnect.forward(
            Node.constant(v), Node.constant(w), DropConnectSettings(mask: onInputs), random: &random)
        expectClose(columns.value, try Tensor.matmul(w, try v * onInputs))
        let onOutputs = Tensor.matrix([[0], [1]])
        let rows = try DropConnect.forward(
            Node.constant(v), Node.constant(w), DropConnectSettings(mask: onOutputs), random: &random)
        expectClose(rows.value, try Tensor.matmul(w, v) * Tensor([0, 1]))
        #expect(columns.draws.isEmpty && rows.draws.isEmpty)
    }

    @Test func givenMasksMayVaryOverWorlds() throws {
        let (v, w) = (Node.constant(sample([3])), Node.constant(sample([2, 3])))
        let drawnInside = try DropoutCore.Expectation.exact { random in
            let mask = try random.draw(.bernoulli(keep: 0.7, shape: [2, 3])).values
            return try DropConnect.forward(v, w, DropConnectSettings(mask: mask), random: &random).value
        }
        let drawnByDropConnect = try DropoutCore.Expectation.exact { random in
            try DropConnect.forward(v, w, DropConnectSettings(dropProbability: 0.3), random: &random).value
        }
        expectClose(drawnInside.mean, drawnByDropConnect.mean)
    }

    @Test func edgeProbabilitiesDrawNothing() throws {
        var random: any RandomSource = NumpySource(seed: 0)
        let (v, w) = (Node.constant(sample([3])), Node.constant(sample([2, 3])))
        let all = try DropConnect.forward(v, w, DropConnectSettings(dropProbability: 0), random: &random)
        expectClose(all.value, try Tensor.matmul(w.value, v.value))
        let none = try DropConnect.forward(v, w, DropConnectSettings(dropProbability: 1), random: &random)
        #expect(none.value.scalars.allSatisfy { $0 == 0 })
        #expect(all.draws.isEmpty && none.draws.isEmpty)
        #expect(random as? NumpySource == NumpySource(seed: 0))
    }

    @Test func explainShowsTheSumOfProducts() throws {
        let v = Node.constant(Tensor.matrix([[2, 1, 3], [1, 0, -1]]), label: "V")
        let w = Node.constant(Tensor.matrix([[1, -2, 0.5], [0.5, 1, -1]]), label: "W")
        var random: any RandomSource = NumpySource(seed: 0)
        let mask = Tensor(shape: [2, 2, 3], scalars: [1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1])
        let y = try DropConnect.forward(v, w, DropConnectSettings(mask: mask), random: &random)
        y.label = "y"
        #expect(
            try y.explain(at: [1, 0]).line
                == "y[1, 0] = (M * W)[1, 0, 0] * V[1, 0] + (M * W)[1, 0, 1] * V[1, 1] + (M * W)[1, 0, 2] * V[1, 2] = 0 * 1 + -2 * 0 + 0.5 * -1 = -0.5"
        )
        let masked = try y.explain(at: [1, 0], depth: 2).inputs[0]
        #expect(masked.line == "(M * W)[1, 0, 0] = W[0, 0] * mask[1, 0, 0] = 1 * 0 = 0")
    }

    @Test func errorsNameTheProblem() throws {
        var random: any RandomSource = NumpySource(seed: 0)
        let (v, w) = (Node.constant(sample([3])), Node.constant(sample([2, 3])))
        func run(_ v: Node, _ w: Node, _ settings: DropConnectSettings, bias: Node? = nil) throws {
            _ = try DropConnect.forward(v, w, bias: bias, settings, random: &random)
        }
        #expect(throws: CoreError("dropconnect: p must be in [0, 1], got 1.5")) {
            try run(v, w, DropConnectSettings(dropProbability: 1.5))
        }
        #expect(
            throws: CoreError("dropconnect: W of shape [2, 3] takes inputs of length 3, but v has shape [4]")
        ) { try run(Node.constant(sample([4])), w, DropConnectSettings()) }
        #expect(throws: CoreError("dropconnect: W must be a matrix [out, in], got shape [3]")) {
            try run(v, v, DropConnectSettings())
        }
        #expect(
            throws: CoreError("dropconnect: b must have shape [2] (one bias per row of W [2, 3]), got [3]")
        ) { try run(v, w, DropConnectSettings(), bias: v) }
        #expect(
            throws: CoreError(
                "dropconnect: mask of shape [3, 3] does not broadcast to the weight mask's shape [2, 3]")
        ) { try run(v, w, DropConnectSettings(mask: Tensor(repeating: 1, shape: [3, 3]))) }
        #expect(throws: CoreError("dropconnect: mask must hold only 0 and 1")) {
            try run(v, w, DropConnectSettings(mask: Tensor([1, 2, 0])))
        }
        #expect(throws: CoreError("dropconnect_infer: samples must be 0 (the closed form) or more, got -1")) {
            try DropConnect.infer(v, w, dropProbability: 0.5, samples: -1, random: &random)
        }
        #expect(throws: CoreError.self) {
            try DropConnect.infer(v, w, dropProbability: 0.5, activation: .tanh, samples: 0, random: &random)
        }
        #expect(throws: CoreError.self) {
            try DropConnect.infer(v, w, dropProbability: 0.5, samples: Limits.maxElements, random: &random)
        }
        // Exact enumeration refuses the Gaussian draws of sampled inference.
        #expect(throws: CoreError.self) {
            try DropoutCore.Expectation.exact { random in
                try DropConnect.infer(v, w, dropProbability: 0.5, samples: 10, random: &random).value
            }
        }
    }
}
