import Foundation
import Testing

@testable import DropoutCore

/// One numpy printing case from `Fixtures/format.json` (made by `scripts/format_fixtures.py`).
struct FormatFixture: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var shape: [Int]
    var data: [String]
    var precision: Int
    var lineWidth: Int
    var threshold: Int
    var edgeItems: Int
    var expected: String

    var testDescription: String { name }

    var tensor: Tensor {
        Tensor(shape: Shape(shape), scalars: data.map { Double($0)! })
    }

    var formatter: TensorFormatter {
        TensorFormatter(
            precision: precision, threshold: threshold, edgeItems: edgeItems, lineWidth: lineWidth)
    }

    private struct File: Decodable {
        var numpy: String
        var cases: [FormatFixture]
    }

    /// Every case, or none when the file cannot be read (``TensorFormatterTests`` checks the count).
    static let all: [FormatFixture] = {
        guard
            let url = Bundle.module.url(
                forResource: "format", withExtension: "json", subdirectory: "Fixtures"),
            let bytes = try? Data(contentsOf: url),
            let file = try? JSONDecoder().decode(File.self, from: bytes)
        else { return [] }
        return file.cases
    }()
}

@Suite struct TensorFormatterTests {
    @Test func fixturesAreLoaded() {
        #expect(FormatFixture.all.count >= 70)
    }

    @Test(arguments: FormatFixture.all)
    func printsLikeNumpy(_ fixture: FormatFixture) {
        #expect(fixture.formatter.format(fixture.tensor) == fixture.expected)
    }

    @Test func printsWholeNumbersAsIntegers() {
        let formatter = TensorFormatter()
        #expect(formatter.format(Tensor([2, 0, 6])) == "[2 0 6]")
        #expect(formatter.format(Tensor(rows: [[1, -2], [3, 4]])) == "[[ 1 -2]\n [ 3  4]]")
        #expect(formatter.format(Tensor(-0.0)) == "0")
        #expect(formatter.format(6) == "6")
    }

    @Test func printsScalarsWithPrecision() {
        #expect(TensorFormatter().format(1.0 / 3) == "0.33333333")
        #expect(TensorFormatter(precision: 3).format(2.0 / 3) == "0.667")
        #expect(TensorFormatter().format(0.5) == "0.5")
        #expect(TensorFormatter().format(.nan) == "nan")
        #expect(TensorFormatter().format(-.infinity) == "-inf")
        #expect(TensorFormatter(precision: 2).format(Tensor([0.125, 1])) == "[0.12 1.  ]")
    }

    @Test func printsEmptyTensorsAsBrackets() {
        #expect(TensorFormatter().format(Tensor(shape: [2, 0], scalars: [])) == "[]")
    }

    @Test func printsFractionsInAlignedColumns() {
        let formatter = TensorFormatter(style: .fraction)
        let tensor = Tensor(rows: [[1.0 / 3, -2.5], [2, 0.1234]])
        #expect(formatter.format(tensor) == "[[   1/3   -5/2]\n [     2 0.1234]]")
        #expect(formatter.format(Tensor([0.1 + 0.2, 2.0 / 3, .nan])) == "[3/10  2/3  nan]")
        #expect(formatter.format(0.75) == "3/4")
        #expect(formatter.format(Tensor([1, 2])) == "[1 2]")
    }

    @Test func printsEachWorldOfABatch() {
        let batch = Tensor.batched([Tensor([1, 2]), Tensor([3, 4.5])])
        #expect(TensorFormatter().format(batch) == "<2 worlds>\nworld 0: [1 2]\nworld 1: [3.  4.5]")
    }

    @Test func alignsWrappedRowsOfAWorldUnderItsFirstElement() {
        let batch = Tensor.batched([Tensor(rows: [[1, 2], [3, 4]])])
        #expect(TensorFormatter().format(batch) == "<1 worlds>\nworld 0: [[1 2]\n          [3 4]]")
    }
}

@Suite struct FloatTextTests {
    @Test func roundsTheExactValueHalfToEven() {
        #expect(
            DecimalDigits.exact(0.125, roundedAtPlace: -2) == DecimalDigits(digits: [1, 2], pointPosition: 0))
        // 1.005 is stored as 1.00499999999999989..., so it rounds down.
        #expect(FloatText.positional(1.005, precision: 2) == "1.")
        #expect(FloatText.positional(2.5, precision: 0) == "2.")
        #expect(FloatText.positional(9.999, precision: 2) == "10.")
    }

    @Test func expandsDoublesExactly() {
        #expect(FloatText.positional(0.1, precision: 20, minimumDigits: 20) == "0.10000000000000000555")
        #expect(FloatText.scientific(0.1, precision: 20, minimumDigits: 20) == "1.00000000000000005551e-01")
        #expect(FloatText.positional(1e22, precision: 0) == "10000000000000000000000.")
        #expect(FloatText.scientific(.leastNonzeroMagnitude, precision: 3, minimumDigits: 3) == "4.941e-324")
    }

    @Test func writesCompactLabels() {
        #expect(FloatText.compact(3) == "3")
        #expect(FloatText.compact(1.0 / 3) == "0.3333")
        #expect(FloatText.compact(-1.5) == "-1.5")
        #expect(FloatText.compact(1.0 / 4096) == "0.0002441")
        #expect(FloatText.compact(1e-7) == "1.e-07")
        #expect(FloatText.compact(.nan) == "nan")
    }
}
