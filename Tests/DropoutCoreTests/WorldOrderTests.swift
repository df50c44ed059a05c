import Foundation
import Testing

@testable import DropoutCore

/// The fixture `scripts/make_fixtures.py` writes from numpy (`samples.json`): runs drawn by
/// `np.stack([np.concatenate([site.ravel() for site in sites]) for i in range(n)])`.
private struct SamplesFixture: Decodable {
    struct Site: Decodable {
        var op: String
        var shape: [Int]
        var n: Int?
        var p: Double?
        var q: Double?

        var request: DrawRequest {
            switch op {
            case "rand": .uniform(Shape(shape))
            case "randn": .normal(Shape(shape))
            case "bernoulli": .bernoulli(keep: q ?? 0, shape: Shape(shape))
            default: .binomial(trials: n ?? 0, probability: p ?? 0, shape: Shape(shape))
            }
        }
    }

    struct Case: Decodable, CustomTestStringConvertible {
        var name: String
        var seed: UInt32
        var n: Int
        var sites: [Site]
        var values: [Double]
        var after: [Double]

        var testDescription: String { name }
    }

    var cases: [Case]

    static let shared: SamplesFixture = {
        let url = Bundle.module.url(forResource: "samples", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(SamplesFixture.self, from: Data(contentsOf: url))
    }()
}

/// One run: every site drawn in order, flattened and joined, as the fixture's numpy does.
private func concatenatingSites(_ sites: [DrawRequest]) -> DropoutCore.Expectation.Computation {
    { source in
        let draws = try sites.map { try source.draw($0).values }
        let worlds = source.worlds ?? 1
        let sizes = draws.map(\.elementCount)
        var scalars = [Double]()
        for world in 0..<worlds {
            for (draw, size) in zip(draws, sizes) {
                scalars += draw.scalars[(world * size)..<((world + 1) * size)]
            }
        }
        return Tensor(shape: [sizes.reduce(0, +)], scalars: scalars, worlds: source.worlds)
    }
}

@Suite struct WorldOrderTests {
    @Test(arguments: SamplesFixture.shared.cases)
    fileprivate func samplesDrawAsNumpysLoop(_ fixture: SamplesFixture.Case) throws {
        let computation = concatenatingSites(fixture.sites.map(\.request))
        // However the runs are chunked, they draw in the loop's order.
        for chunkSize in [1, 2, 3, fixture.n, 4096] {
            var source = NumpySource(seed: fixture.seed)
            let stacked = try DropoutCore.Expectation.samples(
                count: fixture.n, chunkSize: chunkSize, source: &source, computation)
            #expect(stacked.shape.dims.first == fixture.n)
            #expect(stacked.scalars == fixture.values, "chunks of \(chunkSize)")
            var after = source
            #expect(try after.draw(.uniform([3])).values.scalars == fixture.after, "chunks of \(chunkSize)")
        }
    }

    @Test(arguments: SamplesFixture.shared.cases)
    fileprivate func monteCarloMeansTheSameRuns(_ fixture: SamplesFixture.Case) throws {
        var source = NumpySource(seed: fixture.seed)
        let estimate = try DropoutCore.Expectation.monteCarlo(
            samples: fixture.n, chunkSize: 2, source: &source,
            concatenatingSites(fixture.sites.map(\.request)))
        let width = fixture.values.count / fixture.n
        for element in 0..<width {
            let column = stride(from: element, to: fixture.values.count, by: width).map { fixture.values[$0] }
            let mean = column.reduce(0, +) / Double(fixture.n)
            #expect(abs(estimate.mean.scalars[element] - mean) <= 1e-12 * max(1, abs(mean)))
        }
        var after = source
        #expect(try after.draw(.uniform([3])).values.scalars == fixture.after)
    }

    @Test func aRunThatDrawsDifferentlyIsAnError() throws {
        var calls = 0
        let computation: DropoutCore.Expectation.Computation = { source in
            calls += 1
            // The dry run draws one uniform, the real runs two.
            let request = DrawRequest.uniform(calls == 1 ? [1] : [2])
            return try source.draw(request).values
        }
        var source = NumpySource(seed: 0)
        #expect(throws: CoreError.self) {
            try DropoutCore.Expectation.samples(count: 3, source: &source, computation)
        }
        #expect(source == NumpySource(seed: 0))
    }

    @Test func theDryRunDrawsNothing() throws {
        var source = NumpySource(seed: 7)
        let plan = try DropoutCore.Expectation.drawPlan(
            concatenatingSites([.uniform([2]), .normal([1])]), source: source)
        #expect(plan == [.uniform([2]), .normal([1])])
        var fresh = NumpySource(seed: 7)
        #expect(try source.draw(.uniform([4])) == fresh.draw(.uniform([4])))
    }
}
