import Testing

@testable import DropoutCore

@Suite struct DropoutTests {
    func run(_ x: Tensor, _ settings: DropoutSettings, seed: UInt32 = 0) throws -> Node {
        var random: any RandomSource = NumpySource(generator: NumpyGenerator(seed: seed))
        return try Dropout.dropout(Node.constant(x), settings, random: &random)
    }

    @Test func upscaleTrainingKeepsWhereUniformBelowQ() throws {
        let x = try Tensor.arange(1, 13).reshaped(to: [4, 3])
        var generator = NumpyGenerator(seed: 3)
        let uniforms = (0..<12).map { _ in generator.nextDouble() }
        let y = try run(x, DropoutSettings(dropProbability: 0.4), seed: 3)
        let expected = zip(x.scalars, uniforms).map { $1 < 0.6 ? $0 / 0.6 : 0 }
        #expect(y.value.scalars == expected)
        #expect(y.draws.count == 1)
    }

    @Test func modesInTrainingAndInference() throws {
        let x = Tensor.matrix([[1, 2, 3], [4, 5, 6]])
        let mask = Tensor.matrix([[0, 1, 0], [1, 0, 1]])
        // Paddle's documented 2x3 example.
        expectClose(try run(x, DropoutSettings(mask: mask)).value, .matrix([[0, 4, 0], [8, 0, 12]]))
        expectClose(
            try run(x, DropoutSettings(mode: .downscaleInInfer, mask: mask)).value,
            .matrix([[0, 2, 0], [4, 0, 6]]))
        expectClose(try run(x, DropoutSettings(isTraining: false)).value, x)
        expectClose(
            try run(x, DropoutSettings(mode: .downscaleInInfer, isTraining: false)).value,
            .matrix([[0.5, 1, 1.5], [2, 2.5, 3]]))
    }

    @Test func edgeProbabilities() throws {
        let x = sample([3, 4])
        let kept = try run(x, DropoutSettings(dropProbability: 0))
        #expect(kept.value == x)
        #expect(kept.draws.isEmpty)
        let dropped = try run(x, DropoutSettings(dropProbability: 1))
        #expect(dropped.value.scalars.allSatisfy { $0 == 0 })
        #expect(throws: CoreError("dropout: p must be in [0, 1], got 1.5")) {
            try run(x, DropoutSettings(dropProbability: 1.5))
        }
        #expect(throws: CoreError("dropout: p must be in [0, 1], got -0.1")) {
            try run(x, DropoutSettings(dropProbability: -0.1))
        }
    }

    @Test func axisSharesMaskEntries() throws {
        let x = Tensor(repeating: 1, shape: [4, 5])
        let rows = try run(x, DropoutSettings(axes: [0]), seed: 1)
        #expect(rows.draws[0].request == .bernoulli(keep: 0.5, shape: [4, 1]))
        for r in 0..<4 {
            let row = Array(rows.value.scalars[(r * 5)..<(r * 5 + 5)])
            #expect(Set(row).count == 1)
        }
    }

    @Test func backwardUsesTheForwardMask() throws {
        var random: any RandomSource = NumpySource(generator: NumpyGenerator(seed: 5))
        let x = Node.constant(sample([3, 3]))
        let y = try Dropout.dropout(x, DropoutSettings(dropProbability: 0.3), random: &random)
        let loss = try Node.apply(.reduce(.sum, axes: nil, keepDims: false), [y])
        let mask = y.draws[0].values
        expectClose(try loss.backward()[x]!, mask.map { $0 / 0.7 })
    }

    @Test func gradientCheckPassesWithReplayAndFailsWithFreshMasks() throws {
        var random: any RandomSource = NumpySource(generator: NumpyGenerator(seed: 2))
        let compute: GradientCheck.Computation = { leaves, source in
            try Dropout.dropout(leaves[0], DropoutSettings(dropProbability: 0.5), random: &source)
        }
        let replayed = try GradientCheck.run(inputs: [sample([4, 4])], random: &random, compute)
        #expect(replayed.maxRelativeError < 1e-8)
        let fresh = try GradientCheck.run(
            inputs: [sample([4, 4])], replayDraws: false, random: &random, compute)
        #expect(fresh.maxRelativeError > 0.1)
    }

    @Test func alphaDropoutKeepsZeroMeanUnitVariance() throws {
        var source = NumpySource(generator: NumpyGenerator(seed: 11))
        var normals: any RandomSource = NumpySource(generator: NumpyGenerator(seed: 12))
        let x = try normals.draw(.normal([2000])).values
        let estimate = try DropoutCore.Expectation.monteCarlo(samples: 200, source: &source) { random in
            let y = try Dropout.alpha(
                Node.constant(x), dropProbability: 0.2, isTraining: true, random: &random
            ).value
            let m = try y.reduced(.mean)
            let v = try (try y - m).applying(.abs).map { $0 * $0 }.reduced(.mean)
            return try Tensor.stack([m, v], axis: 0)
        }
        #expect(abs(estimate.mean.scalars[0]) < 0.05)
        #expect(abs(estimate.mean.scalars[1] - 1) < 0.08)
    }

    @Test func gaussianDropoutHasInvertedDropoutsMoments() throws {
        var source = NumpySource(generator: NumpyGenerator(seed: 4))
        let x = Tensor([2])
        let estimate = try DropoutCore.Expectation.monteCarlo(samples: 200_000, source: &source) { random in
            let y = try Dropout.gaussian(
                Node.constant(x), dropProbability: 0.3, isTraining: true, random: &random
            ).value
            return try Tensor.stack([y, y.map { $0 * $0 }], axis: 0)
        }
        let variance = 4 * 0.3 / 0.7
        #expect(abs(estimate.mean.scalars[0] - 2) < 5 * estimate.standardError.scalars[0])
        #expect(abs(estimate.mean.scalars[1] - (4 + variance)) < 5 * estimate.standardError.scalars[1])
    }
}

@Suite struct ExpectationTests {
    func dropoutOf(_ x: Tensor, p: Double, mode: DropoutMode = .upscaleInTrain)
        -> DropoutCore.Expectation.Computation
    {
        { random in
            try Dropout.dropout(
                Node.constant(x), DropoutSettings(dropProbability: p, mode: mode), random: &random
            ).value
        }
    }

    @Test(arguments: [0.2, 0.5, 0.75])
    func exactMomentsOfInvertedDropout(p: Double) throws {
        let x = Tensor([1, -2, 3, 0.5])
        let result = try DropoutCore.Expectation.exact(variance: true, dropoutOf(x, p: p))
        #expect(result.bits == 4)
        expectClose(result.mean, x, tolerance: 1e-12)
        expectClose(result.variance!, x.map { $0 * $0 * p / (1 - p) }, tolerance: 1e-12)
    }

    @Test func downscaleExpectationIsQTimesX() throws {
        let x = Tensor([4, 8])
        let result = try DropoutCore.Expectation.exact(
            variance: true, dropoutOf(x, p: 0.25, mode: .downscaleInInfer))
        expectClose(result.mean, x.map { $0 * 0.75 })
        expectClose(result.variance!, x.map { $0 * $0 * 0.25 * 0.75 })
    }

    @Test func chunkingDoesNotChangeTheAnswer() throws {
        let x = sample([10])
        let w = sample([10, 3], seed: 3)
        let computation: DropoutCore.Expectation.Computation = { random in
            let h = try Dropout.dropout(
                Node.constant(x), DropoutSettings(dropProbability: 0.4), random: &random
            ).value
            return try Tensor.matmul(h, w).applying(.relu)
        }
        let big = try DropoutCore.Expectation.exact(computation)
        let small = try DropoutCore.Expectation.exact(chunkSize: 7, computation)
        expectClose(small.mean, big.mean, tolerance: 1e-12)
        // One world at a time, summed by hand.
        let listed = try DropoutCore.Expectation.outcomes(computation)
        var total = Tensor(repeating: 0, shape: [3])
        for (value, probability) in zip(listed.values, listed.probabilities) {
            total = try total + value.map { $0 * probability }
        }
        expectClose(total, big.mean, tolerance: 1e-12)
        #expect(abs(listed.probabilities.reduce(0, +) - 1) < 1e-12)
    }

    @Test func refusesContinuousDrawsAndTooManyBits() throws {
        #expect(throws: CoreError.self) {
            try DropoutCore.Expectation.exact { random in try random.draw(.uniform([2])).values }
        }
        #expect(
            throws: CoreError(
                "expect: the computation draws 25 Bernoulli values, 2^25 outcomes; exact enumeration stops at 24 draws (use mc)"
            )
        ) {
            try DropoutCore.Expectation.exact(self.dropoutOf(Tensor(repeating: 1, shape: [25]), p: 0.5))
        }
    }

    @Test func monteCarloStandardErrorShrinksLikeOneOverRootN() throws {
        var source = NumpySource(generator: NumpyGenerator(seed: 0))
        let x = Tensor(repeating: 1, shape: [12])
        let small = try DropoutCore.Expectation.monteCarlo(
            samples: 1_000, source: &source, dropoutOf(x, p: 0.5))
        let large = try DropoutCore.Expectation.monteCarlo(
            samples: 100_000, source: &source, dropoutOf(x, p: 0.5))
        // Var[m / q] = p / q = 1, so the standard error is 1 / sqrt(n).
        #expect(abs(large.standardError.scalars[0] - 1 / 316.227766) < 1e-4)
        #expect(abs(small.standardError.scalars[0] - 1 / 31.6227766) < 4e-3)
        for e in 0..<12 { #expect(abs(large.mean.scalars[e] - 1) < 5 * large.standardError.scalars[e]) }
    }

    @Test func monteCarloBatchesDrawInWorldMajorOrder() throws {
        // One draw per world: the batched layout equals drawing world after world.
        var source = NumpySource(generator: NumpyGenerator(seed: 8))
        let estimate = try DropoutCore.Expectation.monteCarlo(samples: 10, chunkSize: 4, source: &source) {
            random in
            try random.draw(.uniform([3])).values
        }
        var generator = NumpyGenerator(seed: 8)
        let draws = (0..<30).map { _ in generator.nextDouble() }
        var means = [Double](repeating: 0, count: 3)
        for world in 0..<10 {
            for e in 0..<3 { means[e] += draws[world * 3 + e] / 10 }
        }
        expectClose(estimate.mean, Tensor(means), tolerance: 1e-14)
    }
}

@Suite struct SourceTests {
    @Test func givenMasksAreHandedOutInOrderAndChecked() throws {
        var source: any RandomSource = GivenMasksSource([Tensor([1, 0]), Tensor([0, 1])])
        let first = try Dropout.dropout(Node.constant(Tensor([2, 4])), DropoutSettings(), random: &source)
        let second = try Dropout.dropout(Node.constant(Tensor([2, 4])), DropoutSettings(), random: &source)
        #expect(first.value == Tensor([4, 0]))
        #expect(second.value == Tensor([0, 8]))
        #expect(throws: CoreError("given masks: the computation drew more than the 2 masks given")) {
            try source.draw(.bernoulli(keep: 0.5, shape: [2]))
        }
        var noisy: any RandomSource = GivenMasksSource([Tensor([1, 0])])
        #expect(
            throws: CoreError(
                "given masks: only mask draws can be given, but the computation asked for randn(2)")
        ) {
            try noisy.draw(.normal([2]))
        }
    }

    @Test func replayRefusesADifferentRequest() throws {
        var recorder: any RandomSource = RecordingSource(NumpySource(generator: NumpyGenerator(seed: 1)))
        let drawn = try recorder.draw(.uniform([3]))
        var replay: any RandomSource = ReplaySource((recorder as! RecordingSource).recorded)
        #expect(try replay.draw(.uniform([3])).values == drawn.values)
        #expect(throws: CoreError("replay: the computation drew more than the 1 recorded draws")) {
            try replay.draw(.uniform([3]))
        }
        var other: any RandomSource = ReplaySource((recorder as! RecordingSource).recorded)
        #expect(throws: CoreError("replay: the computation asked for rand(4) but the recording has rand(3)"))
        {
            try other.draw(.uniform([4]))
        }
    }

    @Test func hugeProductsAreRefusedBeforeTheyStart() {
        let a = Tensor(repeating: 1, shape: [3000, 3000])
        #expect(throws: CoreError.self) { try Tensor.matmul(a, a) }
    }
}
