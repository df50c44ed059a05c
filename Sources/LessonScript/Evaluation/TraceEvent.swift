/// What a front end may show while code runs, in order.
///
/// The evaluator never prints; it reports these, and the notebook, the REPL and `eval` render them.
public enum TraceEvent: @unchecked Sendable {
    /// A top-level statement is about to run.
    case statementStarted(Statement)
    /// A composite operation (dropout, a cell, ...) finished; its node carries the inner steps.
    case record(Node)
    /// `print` was called.
    case printed([Value])
    /// `show` was called on a tensor.
    case show(Tensor, name: String)
    /// `plot` was called.
    case plot(Plot)
    /// `timegrid` was called: masks across time, one panel per argument.
    case timeGrid([TimeGridPanel])
    /// `backward` ran.
    case gradients(Gradients)
    /// `explain` produced an explanation.
    case explanation(Explanation)
    /// `check` compared two values.
    case check(CheckReport)
    /// `mc` finished an estimate.
    case estimate(MonteCarloEstimate)
    /// `expect` or `variance` enumerated outcomes.
    case enumerated(bits: Int)
    /// `gradcheck` compared gradients.
    case gradientCheck(GradientCheckResult, names: [String])
    /// A note for the learner, e.g. `mode: eval`.
    case note(String)
    /// A top-level statement finished.
    case statementFinished(StatementResult)
}

/// A chart requested by `plot`.
public struct Plot: Sendable {
    /// How the series are drawn.
    public enum Kind: String, Sendable { case line, bar }
    /// The series, each with a label.
    public var series: [(label: String, values: [Double])]
    /// Line or bar.
    public var kind: Kind
    /// Labels of the bars (bar charts) or nil.
    public var labels: [String]?
    /// A horizontal reference value (line charts), e.g. the exact expectation.
    public var reference: Double?
    /// A title shown above the chart.
    public var title: String?
    /// The x value of each point of a line chart, or nil for 0, 1, 2, ...
    public var xValues: [Double]? = nil
}

/// The outcome of `check(actual, expected, tol)`.
public struct CheckReport: Sendable {
    /// The value computed.
    public var actual: Tensor
    /// The value expected.
    public var expected: Tensor
    /// The tolerance used.
    public var tolerance: Double
    /// Elements whose difference exceeds the tolerance: index, actual, expected.
    public var mismatches: Mismatches
    /// The largest absolute difference.
    public var maxDifference: Double
    /// A shape mismatch, when the two cannot be compared at all.
    public var shapeProblem: String?
    /// Whether the check passed.
    public var passed: Bool { shapeProblem == nil && mismatches.isEmpty }
}
