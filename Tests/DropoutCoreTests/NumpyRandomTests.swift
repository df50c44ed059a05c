import Foundation
import Testing

@testable import DropoutCore

/// The fixture `scripts/make_fixtures.py` writes from numpy (`random.json`).
private struct RandomFixture: Decodable {
    struct DecoderCheck: Decodable {
        var value: Double
        var bits: UInt64
    }

    struct Case: Decodable {
        var name: String
        var seed: UInt32
        var steps: [Step]
    }

    struct Step: Decodable {
        var op: String
        var shape: [Int]?
        var n: Int?
        var p: Double?
        var q: Double?
        var seed: UInt32?
        var values: [Double]?
    }

    var numpyVersion: String
    var decoderChecks: [DecoderCheck]
    var cases: [Case]

    enum CodingKeys: String, CodingKey {
        case numpyVersion = "numpy_version"
        case decoderChecks = "decoder_checks"
        case cases
    }

    static let shared: RandomFixture = {
        let url = Bundle.module.url(forResource: "random", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(RandomFixture.self, from: Data(contentsOf: url))
    }()
}

/// Runs one fixture step on `source` the way the language would, returning the values drawn.
private func perform(_ step: RandomFixture.Step, on source: inout NumpySource) throws -> [Double]? {
    let shape = Shape(step.shape ?? [])
    switch step.op {
    case "seed":
        source.generator.seed(step.seed!)
        return nil
    case "rand": return try source.draw(.uniform(shape)).values.scalars
    case "randn": return try source.draw(.normal(shape)).values.scalars
    case "bernoulli": return try source.draw(.bernoulli(keep: step.q!, shape: shape)).values.scalars
    case "binomial":
        return try source.draw(.binomial(trials: step.n!, probability: step.p!, shape: shape)).values.scalars
    default:
        Issue.record("unknown op \(step.op)")
        return nil
    }
}

/// The same step through `NumpyGenerator`'s one-at-a-time calls.
private func performOneByOne(_ step: RandomFixture.Step, on generator: inout NumpyGenerator) -> [Double]? {
    let count = Shape(step.shape ?? []).elementCount
    switch step.op {
    case "seed":
        generator.seed(step.seed!)
        return nil
    case "rand": return (0..<count).map { _ in generator.nextDouble() }
    case "randn": return (0..<count).map { _ in generator.nextGaussian() }
    case "bernoulli": return (0..<count).map { _ in generator.bernoulli(keep: step.q!) }
    case "binomial":
        return (0..<count).map { _ in Double(generator.binomial(trials: step.n!, probability: step.p!)) }
    default: return nil
    }
}

/// Where `actual` first departs from `expected`, or `nil` when they are identical (bit for bit).
private func firstDifference(_ actual: [Double]?, _ expected: [Double]?) -> String? {
    guard let actual, let expected else {
        return actual == nil && expected == nil ? nil : "values missing on one side"
    }
    let common = Swift.min(actual.count, expected.count)
    if let index = (0..<common).first(where: { actual[$0].bitPattern != expected[$0].bitPattern }) {
        return "element \(index): got \(actual[index]), numpy gave \(expected[index])"
    }
    return actual.count == expected.count ? nil : "got \(actual.count) values, numpy gave \(expected.count)"
}

@Suite struct NumpyRandomTests {
    @Test func fixtureDoublesDecodeExactly() {
        let fixture = RandomFixture.shared
        #expect(fixture.numpyVersion.hasPrefix("2."))
        for check in fixture.decoderChecks {
            #expect(check.value.bitPattern == check.bits, "\(check.value)")
        }
    }

    @Test func bulkDrawsMatchNumpy() throws {
        for fixtureCase in RandomFixture.shared.cases {
            var source = NumpySource(seed: fixtureCase.seed)
            for (index, step) in fixtureCase.steps.enumerated() {
                let difference = firstDifference(try perform(step, on: &source), step.values)
                #expect(difference == nil, "\(fixtureCase.name), step \(index) (\(step.op))")
            }
        }
    }

    @Test func singleDrawsMatchNumpy() {
        for fixtureCase in RandomFixture.shared.cases {
            var generator = NumpyGenerator(seed: fixtureCase.seed)
            for (index, step) in fixtureCase.steps.enumerated() {
                let difference = firstDifference(performOneByOne(step, on: &generator), step.values)
                #expect(difference == nil, "\(fixtureCase.name), step \(index) (\(step.op))")
            }
        }
    }

    @Test func seedsLikeNumpy() {
        var generator = NumpyGenerator(seed: 0)
        #expect(generator.nextDouble() == 0.5488135039273248)
        generator.seed(100)
        #expect(generator.nextDouble() == 0.5434049417909654)
        #expect(NumpyGenerator(seed: 7) == NumpyGenerator(seed: 7))
        #expect(NumpyGenerator(seed: 7) != NumpyGenerator(seed: 8))
    }

    @Test(arguments: [0, 1, 2, 311, 312, 313, 623, 624, 625, 5000])
    func fillDoublesEqualsRepeatedNextDouble(offset: Int) {
        // Offsets in words: odd ones make pairs straddle a twist.
        var bulk = MT19937(seed: 42)
        for _ in 0..<offset { _ = bulk.next() }
        var single = bulk
        var values = [Double](repeating: 0, count: 2000)
        values.withUnsafeMutableBufferPointer { bulk.fill($0) }
        let expected = (0..<2000).map { _ in single.nextDouble() }
        #expect(values == expected)
        #expect(bulk == single)
    }

    @Test func fillWordsEqualsRepeatedNext() {
        var bulk = MT19937(seed: 3)
        var single = bulk
        var words = [UInt32](repeating: 0, count: 1500)
        words.withUnsafeMutableBufferPointer { bulk.fill($0) }
        #expect(words == (0..<1500).map { _ in single.next() })
        #expect(bulk == single)
    }

    @Test(arguments: [0, 1, 2, 3, 7, 1000])
    func fillGaussiansKeepsTheCache(count: Int) {
        for leadingCached in [false, true] {
            var bulk = NumpyGenerator(seed: 8)
            if leadingCached { _ = bulk.nextGaussian() }
            var single = bulk
            var values = [Double](repeating: 0, count: count)
            values.withUnsafeMutableBufferPointer { bulk.fillGaussians($0) }
            #expect(values == (0..<count).map { _ in single.nextGaussian() })
            #expect(bulk == single)
            #expect(bulk.nextGaussian() == single.nextGaussian())
        }
    }

    @Test func copyingASourceSnapshotsIt() throws {
        var source = NumpySource(seed: 1)
        _ = try source.draw(.uniform([700]))
        var copy = source
        let fromSource = try source.draw(.uniform([2000])).values
        let fromCopy = try copy.draw(.uniform([2000])).values
        #expect(fromSource == fromCopy)
        #expect(source == copy)
        // Reseeding one must not disturb the other (copy-on-write of the shared state).
        copy.generator.seed(5)
        #expect(try source.draw(.normal([3])).values != copy.draw(.normal([3])).values)
    }

    @Test func worldsAreDrawnOneAfterAnother() throws {
        var batched = NumpySource(seed: 2, worlds: 3)
        var plain = NumpySource(seed: 2)
        let draw = try batched.draw(.uniform([2, 2]))
        #expect(draw.values.worlds == 3)
        #expect(draw.values.shape == [2, 2])
        #expect(draw.values.scalars == (try plain.draw(.uniform([12])).values.scalars))
        #expect(draw.values.world(1).scalars == Array(draw.values.scalars[4..<8]))
        let mask = try batched.draw(.bernoulli(keep: 0.5, shape: [3]))
        #expect(mask.values.worlds == 3 && mask.uniforms?.worlds == 3)
        #expect(mask.uniforms?.scalars == (try plain.draw(.uniform([9])).values.scalars))
    }

    @Test func bernoulliReturnsItsUniforms() throws {
        var source = NumpySource(seed: 6)
        let draw = try source.draw(.bernoulli(keep: 0.3, shape: [4, 4]))
        let uniforms = try #require(draw.uniforms)
        #expect(uniforms.shape == [4, 4])
        #expect(draw.values.scalars == uniforms.scalars.map { $0 < 0.3 ? 1 : 0 })
    }

    @Test func rejectsBadParameters() throws {
        var source = NumpySource(seed: 0)
        let before = source
        #expect(throws: CoreError("binomial: probability must be in [0, 1], got 1.5")) {
            try source.draw(.binomial(trials: 3, probability: 1.5, shape: [2]))
        }
        #expect(throws: CoreError("binomial: probability must be in [0, 1], got -0.1")) {
            try source.draw(.binomial(trials: 3, probability: -0.1, shape: [2]))
        }
        #expect(throws: CoreError("binomial: number of trials must be non-negative, got -1")) {
            try source.draw(.binomial(trials: -1, probability: 0.5, shape: [2]))
        }
        #expect(throws: CoreError("bernoulli: keep probability must be in [0, 1], got nan")) {
            try source.draw(.bernoulli(keep: .nan, shape: [2]))
        }
        #expect(throws: CoreError.self) { try source.draw(.uniform([1 << 20, 1 << 20])) }
        #expect(source == before)
    }
}
