/// A value in the language: a tensor (with its place in the graph), a tuple, a string, or none.
public enum Value: @unchecked Sendable {
    /// A tensor and the node that produced it.
    case tensor(Node)
    /// A tuple of values, e.g. `(h, c)` or `x.shape`.
    case tuple([Value])
    /// A string, e.g. a mode name.
    case string(String)
    /// No value (`none`, or a function that returns nothing).
    case none

    /// A scalar tensor value.
    public static func number(_ x: Double) -> Value { .tensor(Node.constant(Tensor(x))) }

    /// A tensor value with no history.
    public static func constant(_ tensor: Tensor) -> Value { .tensor(Node.constant(tensor)) }

    /// The tensor, when this value is one.
    public var tensor: Tensor? {
        if case .tensor(let node) = self { return node.value }
        return nil
    }

    /// What the value is, for messages: `a tensor of shape [2, 3]`, `a string`.
    public var kindDescription: String {
        switch self {
        case .tensor(let node): node.value.rank == 0 ? "a number" : "a tensor of shape \(node.value.shape)"
        case .tuple(let items): "a tuple of \(items.count)"
        case .string: "a string"
        case .none: "none"
        }
    }
}

/// What one top-level statement produced, for `--json` and the notebook.
public struct StatementResult: Sendable {
    /// The statement's first line in the source.
    public var line: Int
    /// The statement's own source text.
    public var source: String
    /// The assigned name(s), or `nil` for a bare expression or a loop.
    public var name: String? { names.isEmpty ? nil : names.joined(separator: ", ") }
    /// The assigned names in order; empty for a bare expression or a loop.
    public var names: [String] = []
    /// The value, or `nil` for a statement with no value.
    public var value: Value?

    /// A statement's result.
    public init(line: Int, source: String, names: [String] = [], value: Value?) {
        self.line = line
        self.source = source
        self.names = names
        self.value = value
    }
}
