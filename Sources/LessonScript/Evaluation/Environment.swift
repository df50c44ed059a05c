/// Everything a computation can change: variables, the random generator, the dropout mode and
/// the last gradients. A value type, so a snapshot for stepping back is a copy.
public struct Environment: Sendable {
    /// The notebook's variables by name (a function call's own variables live in its frame).
    public var variables: [String: Value] = [:]
    /// The numpy-compatible generator behind `rand`, `randn` and every mask.
    public var random: NumpySource
    /// Whether `dropout` and its relatives are in training mode.
    public var isTraining = true
    /// Whether composite operations report their inner steps (`trace(false)` silences a loop).
    public var isTracing = true
    /// How many levels of function calls the trace opens (`trace(depth=0)` folds every call to
    /// one line); `nil` opens them all.
    public var traceDepth: Int?
    /// The gradients from the last `backward`, read by `grad`.
    public var lastGradients: Gradients?

    /// The names every fresh environment starts with, and their values: `pi` and `e`.
    ///
    /// They are ordinary variables, so a lesson or a learner may reassign them (lesson 12
    /// calls a drop probability `pi`), and an answer such as `1/sqrt(2*pi)` works as typed.
    public static let predefined: [(name: String, value: Double)] = [
        ("pi", 3.141592653589793), ("e", 2.718281828459045),
    ]

    /// A fresh environment whose generator is seeded with `seed` (0 unless a lesson says
    /// otherwise), holding the ``predefined`` names.
    public init(seed: UInt32 = 0) {
        self.random = NumpySource(generator: NumpyGenerator(seed: seed))
        for (name, value) in Self.predefined { variables[name] = .number(value) }
    }

    /// Variable names in alphabetical order.
    public var names: [String] { variables.keys.sorted() }
}
