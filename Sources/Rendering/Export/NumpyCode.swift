import DropoutCore
import LessonScript

/// What the exporter knows about the value of a piece of generated Python.
public enum PyType: Equatable, Sendable {
    /// A Python int (literals, loop counters over `range`, lengths): usable as an index or a size.
    case int
    /// A float scalar.
    case number
    /// A float array of the given rank (nil when unknown).
    case array(Int?)
    /// A Python string.
    case string
    /// A Python tuple of values.
    case tuple([PyType])
    /// `None`.
    case none
    /// Anything else.
    case unknown

    /// The number of axes, 0 for scalars, when known.
    public var rank: Int? {
        switch self {
        case .int, .number: 0
        case .array(let rank): rank
        default: nil
        }
    }

    /// A tensor type of the given rank: a scalar for rank 0.
    static func tensor(rank: Int?) -> PyType { rank == 0 ? .number : .array(rank) }
}

/// A piece of Python code that computes a value, with what the generator knows about it.
public struct PyExpr: Equatable, Sendable {
    /// The code.
    public var code: String
    /// How tightly its outermost construct binds (Python's levels match the language's).
    public var precedence: Precedence
    /// The value's type.
    public var type: PyType
    /// Whether it carries a leading axis of worlds (outcomes or Monte Carlo runs).
    public var batched: Bool
    /// Whether numpy gives a view of another array (an element, a slice, a reshape, a transpose),
    /// which an assignment must copy: the language's values never share memory.
    public var isView = false

    /// A piece of code.
    public init(
        _ code: String, _ precedence: Precedence = .atom, _ type: PyType = .unknown, batched: Bool = false,
        isView: Bool = false
    ) {
        self.code = code
        self.precedence = precedence
        self.type = type
        self.batched = batched
        self.isView = isView
    }

    /// The code, parenthesised when it binds more loosely than `level`.
    func at(_ level: Precedence) -> String { precedence < level ? "(" + code + ")" : code }

    /// Whether the code is a plain name (a variable).
    var isName: Bool { PyNames.identifier(from: code) != nil }

    /// The code as an operand of a postfix construct (call, index, attribute).
    var operand: String { at(.postfix) }

    /// The per-world rank, when known.
    var rank: Int? { type.rank }
}

/// Why a statement cannot be exported: names the statement and what is missing.
public struct ExportError: Error, CustomStringConvertible, Sendable {
    /// The message, e.g. `cannot export 'explain(y)' (line 3): ...`.
    public var message: String

    /// An error with a message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Formatting of numbers as Python literals that read back as the same double.
enum PyLiteral {
    /// `0.5`, `3`, `1e-05`, `np.inf`: the shortest text that round-trips.
    static func number(_ x: Double, integral: Bool = false) -> String {
        if x.isNaN { return "np.nan" }
        if x.isInfinite { return x < 0 ? "-np.inf" : "np.inf" }
        if integral, x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A Python string literal.
    static func string(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// A flat list of numbers, `[1.0, 0.5]`.
    static func list(_ values: [Double]) -> String {
        "[" + values.map { number($0) }.joined(separator: ", ") + "]"
    }

    /// A shape as a Python tuple, `(4, 3)`, `(4,)`, `()`.
    static func shape(_ dims: [Int]) -> String {
        dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
    }

    /// A tensor as an array literal with nested lists, `np.array([[1.0, 2.0], [3.0, 4.0]])`.
    static func array(_ tensor: Tensor) -> String {
        if tensor.rank == 0 { return number(tensor.scalars[0]) }
        func nested(_ axis: Int, _ offset: Int) -> String {
            let dims = tensor.shape.dims
            if axis == dims.count { return number(tensor.scalars[offset]) }
            let stride = tensor.shape.strides[axis]
            return "["
                + (0..<dims[axis]).map { nested(axis + 1, offset + $0 * stride) }.joined(separator: ", ")
                + "]"
        }
        if tensor.elementCount == 0 { return "np.zeros(\(shape(tensor.shape.dims)))" }
        return "np.array(" + nested(0, 0) + ")"
    }
}

/// Python's reserved words and the names the generated code itself uses, which a learner's
/// variable must not shadow (such a variable gets a trailing underscore).
enum PyNames {
    static let reserved: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
        "np", "int", "float", "print", "range", "len", "list", "tuple", "abs", "min", "max", "sum", "round",
        "text", "show", "softmax", "unbroadcast", "dropconnect", "dropconnect_moments", "phi", "Phi", "selu",
        "sigmoid", "rnn_cell", "lstm_cell", "gru_cell", "zoneout", "embedding", "check", "agrees", "Outcomes",
        "World", "each_world", "world",
        "outcome_chunks", "weighted_sum", "expectation", "exact_variance", "geometric_expectation",
        "list_outcomes", "mc_mean_and_error", "centred_differences", "relative_error", "report_gradcheck",
        "alpha_dropout_apply", "SELU_SCALE", "SELU_ALPHA", "ALPHA_PRIME", "o", "run", "relu",
        "dropconnect_infer", "agrees_roughly",
    ]

    /// The Python name for a learner's variable.
    static func python(_ name: String) -> String { reserved.contains(name) ? name + "_" : name }

    /// A Python identifier made from a label such as `softmax(s)`: letters, digits and `_`.
    static func identifier(from label: String) -> String? {
        guard let first = label.first, first.isLetter || first == "_",
            label.allSatisfy({ ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII })
        else { return nil }
        return label
    }
}
