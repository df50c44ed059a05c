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
    /// `show`, `plot` or `timegrid` asked for a picture.
    case picture(Picture)
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
    /// A call of a function the learner defined finished: what happened inside it, in order.
    case call(CallTrace)
    /// A top-level statement finished.
    case statementFinished(StatementResult)
}

/// What happened inside one call of a function the learner defined.
///
/// `trace(depth=n)` folds calls nested more than n deep: a folded call keeps what the learner
/// asked to see (prints, pictures, checks) but not the inner steps, and shows as one line.
public struct CallTrace: @unchecked Sendable {
    /// The call as written, e.g. `layer(v)`.
    public var call: String
    /// The events inside the call, in order (inner steps left out when folded).
    public var events: [TraceEvent]
    /// Whether the call's inner steps were left out.
    public var isFolded: Bool
    /// How many inner steps and calls folding left out.
    public var hiddenSteps: Int
    /// What the call returned.
    public var result: Value

    /// A record of one call.
    public init(call: String, events: [TraceEvent], isFolded: Bool, hiddenSteps: Int, result: Value) {
        self.call = call
        self.events = events
        self.isFolded = isFolded
        self.hiddenSteps = hiddenSteps
        self.result = result
    }
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
