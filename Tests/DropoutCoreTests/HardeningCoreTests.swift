import Testing

@testable import DropoutCore

/// The core's guards: checked conversions, sizes before allocation, batches that shrink to fit,
/// and the fused mask that must equal drawing and then scaling.
@Suite struct HardeningCoreTests {
    @Test func wholeNumbersAreCheckedBeforeConversion() {
        #expect(WholeNumber.exact(3) == 3)
        #expect(WholeNumber.exact(-2) == -2)
        #expect(WholeNumber.problem(2.5) == .fractional)
        #expect(WholeNumber.problem(.nan) == .notFinite)
        #expect(WholeNumber.problem(-.infinity) == .notFinite)
        #expect(WholeNumber.problem(1e19) == .tooLarge)
        #expect(WholeNumber.exact(9_007_199_254_740_992) == 9_007_199_254_740_992)
        #expect(throws: CoreError.self) { try WholeNumber.convert(4.6e18, "n") }
    }

    @Test func shapesAreCheckedAsWritten() throws {
        #expect(try Shape.checked([2, 3], "zeros") == [2, 3])
        #expect(try Shape.checked([-1, 2], inferred: true, "reshape") == [-1, 2])
        for extents: [Double] in [
            [.nan], [.infinity, 2], [1e19], [2.5, 2], [-1], [1, 2, 3, 4, 5], [8192, 8193],
        ] {
            #expect(throws: CoreError.self, "\(extents)") { try Shape.checked(extents, "zeros") }
        }
        #expect(throws: CoreError.self) { try Shape.checked([-1, -1], inferred: true, "reshape") }
    }

    @Test func elementCountsAreCheckedWithTheirWorlds() throws {
        #expect(try Limits.elementCount([4, 5], worlds: 3, "x") == 60)
        #expect(throws: CoreError.self) { try Limits.elementCount([1 << 14, 1 << 13], worlds: nil, "x") }
        #expect(throws: CoreError.self) { try Limits.elementCount([Int.max / 2, 3], worlds: nil, "x") }
        // One world fits; the batch does not: the engines retry with fewer worlds.
        #expect(throws: BatchTooLarge(elementsPerWorld: 10000)) {
            try Limits.elementCount([10000], worlds: 8192, "x")
        }
        #expect(Limits.worlds(fitting: 12, preferred: 8192) == 8192)
        #expect(Limits.worlds(fitting: 10000, preferred: 8192) == Limits.maxBatchElements / 10000)
        #expect(Limits.worlds(fitting: Limits.maxElements, preferred: 8192) == 1)
        #expect(Limits.approximate(8_053_868_986_368) == "8.1e12")
        #expect(Limits.approximate(1e10) == "1e10")
        #expect(Limits.approximate(1234) == "1234")
    }

    @Test func exactExpectationRetriesASmallerChunk() throws {
        // A computation that refuses batches of more than 100 worlds, as a large tensor would.
        let x = Tensor((0..<8).map(Double.init))
        let computation: DropoutCore.Expectation.Computation = { random in
            if let worlds = random.worlds, worlds > 100 { throw BatchTooLarge(elementsPerWorld: 1 << 20) }
            let mask = try random.draw(.bernoulli(keep: 0.5, shape: [8])).values
            return try Tensor.combine(mask, x, .multiply)
        }
        let retried = try DropoutCore.Expectation.exact(variance: true, computation)
        let reference = try DropoutCore.Expectation.exact(variance: true, chunkSize: 8) { random in
            let mask = try random.draw(.bernoulli(keep: 0.5, shape: [8])).values
            return try Tensor.combine(mask, x, .multiply)
        }
        #expect(retried.mean == reference.mean)
        #expect(retried.variance == reference.variance)
        #expect(retried.mean.scalars == x.scalars.map { $0 / 2 })
    }

    @Test func monteCarloRetriesASmallerChunkFromTheSameDraws() throws {
        var source = NumpySource(seed: 5)
        let estimate = try DropoutCore.Expectation.monteCarlo(samples: 1000, chunkSize: 500, source: &source)
        { random in
            if let worlds = random.worlds, worlds > 40 { throw BatchTooLarge(elementsPerWorld: 1 << 20) }
            return try random.draw(.uniform([3])).values
        }
        // The same as drawing in chunks of the size the retry settled on (8 worlds).
        var reference = NumpySource(seed: 5)
        let expected = try DropoutCore.Expectation.monteCarlo(samples: 1000, chunkSize: 8, source: &reference)
        { random in
            try random.draw(.uniform([3])).values
        }
        #expect(estimate.samples == 1000)
        #expect(estimate.mean == expected.mean)
        #expect(source.generator == reference.generator)
    }

    @Test func theFusedMaskEqualsDrawingThenScaling() throws {
        let x = Tensor((0..<(NumpySource.largestTracedDraw + 4099)).map { Double($0 % 17) - 8 })
        for settings in [
            DropoutSettings(dropProbability: 0.3),
            DropoutSettings(dropProbability: 0.7, mode: .downscaleInInfer),
        ] {
            var fused: any RandomSource = NumpySource(seed: 9)
            let fast = try Dropout.dropout(Node.constant(x), settings, random: &fused)
            // A recording source is not a NumpySource, so it takes the draw-then-scale path.
            var recording: any RandomSource = RecordingSource(NumpySource(seed: 9))
            let slow = try Dropout.dropout(Node.constant(x), settings, random: &recording)
            #expect(fast.value == slow.value)
            #expect(fast.draws.map(\.values) == slow.draws.map(\.values))
            #expect(fast.operation == slow.operation)
            let after = (recording as? RecordingSource)?.base as? NumpySource
            #expect((fused as? NumpySource)?.generator == after?.generator)
        }
    }

    @Test func longLoopsStopWhenInterrupted() throws {
        let always: @Sendable () -> Bool = { true }
        let a = Tensor(repeating: 1, shape: [600, 600])
        #expect(throws: CoreError.interrupted) {
            try Interruption.polling(always) { try Tensor.matmul(a, a) }
        }
        #expect(throws: CoreError.interrupted) {
            try Interruption.polling(always) {
                try Operation.unary(.exp).forward([Tensor(repeating: 1, shape: [1 << 20])])
            }
        }
        var source = NumpySource(seed: 1)
        #expect(throws: CoreError.interrupted) {
            try Interruption.polling(always) {
                try DropoutCore.Expectation.monteCarlo(samples: 100_000, source: &source) { random in
                    try random.draw(.uniform([100])).values
                }
            }
        }
        // Without an interrupt the same work completes.
        #expect(try Tensor.matmul(a, a).scalars[0] == 600)
    }
}
