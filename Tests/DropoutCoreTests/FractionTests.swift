import Testing

@testable import DropoutCore

@Suite struct FractionTests {
    static let smallFractions: [(Double, String)] = [
        (1.0 / 3, "1/3"), (-2.5, "-5/2"), (3, "3"), (0, "0"), (0.1 + 0.2, "3/10"), (2.0 / 3, "2/3"),
        (-0.0, "0"), (0.999, "999/1000"), (1.0 / 997, "1/997"),
    ]

    @Test(arguments: smallFractions)
    func findsSmallFractions(value: Double, text: String) {
        #expect(Fraction.approximating(value)?.description == text)
    }

    @Test(arguments: [0.1234, Double.pi, 1e-5, Double.nan, Double.infinity, 1.0 / 1001, 1e300])
    func rejectsValuesWithNoSmallDenominator(value: Double) {
        #expect(Fraction.approximating(value) == nil)
    }

    @Test func respectsTheDenominatorLimit() {
        #expect(Fraction.approximating(1.0 / 7, maxDenominator: 6) == nil)
        #expect(Fraction.approximating(1.0 / 7, maxDenominator: 7) == Fraction(numerator: 1, denominator: 7))
    }

    @Test func reducesToLowestTermsWithAPositiveDenominator() {
        let fraction = Fraction(numerator: 6, denominator: -4)
        #expect(fraction.numerator == -3)
        #expect(fraction.denominator == 2)
        #expect(fraction.doubleValue == -1.5)
    }
}
