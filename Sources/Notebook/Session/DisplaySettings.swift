/// How the learner asked values to be shown: digits, fractions, traces.
///
/// The session keeps these (`:precision`, `:format`, `:trace` change them) and every renderer
/// reads them; they hold no colour or width, which belong to the medium.
public struct DisplaySettings: Sendable, Equatable {
    /// Digits after the decimal point for tensors (`:precision N`).
    public var precision = 8
    /// Exact fractions where a small denominator fits (`:format fraction`).
    public var usesFractions = false
    /// Whether the inner steps of composite operations and engine notes are shown (`:trace on`).
    public var showsTrace = true

    /// Default settings: precision 8, decimals, trace on.
    public init(precision: Int = 8, usesFractions: Bool = false, showsTrace: Bool = true) {
        self.precision = precision
        self.usesFractions = usesFractions
        self.showsTrace = showsTrace
    }
}
