import Synchronization

/// One inner step of a composite operation, shown by the trace (docs/language.md).
public struct TraceStep: Sendable, Equatable {
    /// What a step's value is, so the layers above can pick how to draw it.
    public enum Value: Sendable, Equatable {
        /// A tensor, printed like numpy.
        case tensor(Tensor)
        /// A 0/1 mask, drawn as a grid of cells.
        case mask(Tensor)
        /// One number.
        case number(Double)
    }

    /// The name on the left, e.g. `u`, `mask`, `scale`.
    public var name: String
    /// How it is computed, e.g. `u < q (q = 0.5)`, with its numbers kept as numbers.
    public var formula: Formula
    /// Its value.
    public var value: Value

    /// Creates a trace step.
    public init(_ name: String, _ formula: Formula, _ value: Value) {
        self.name = name
        self.formula = formula
        self.value = value
    }
}

/// A value in the computation graph: its tensor, the operation and inputs that produced it,
/// what it drew, and the inner steps worth showing.
///
/// Nodes are the one record that serves the trace, `explain` and `backward` (docs/architecture.md).
/// They are classes only for identity: gradients are keyed by node.
public final class Node: @unchecked Sendable {
    /// The operation that produced this value.
    public let operation: Operation
    /// The operation's inputs, in order.
    public private(set) var inputs: [Node]
    /// The value itself.
    public let value: Tensor
    /// Random draws this operation made, in order (replayed by gradient checks).
    public let draws: [Draw]
    /// Inner steps for the trace; empty for plain primitives.
    public let steps: [TraceStep]
    /// A composite operation's name when this node is its final output, e.g. `dropout`.
    public let composite: String?
    /// How the user refers to this value, e.g. `h` or `x @ W`; set by the layer that knows the
    /// source, while the statement that made the node runs (see ``name(_:ifMadeSince:)``).
    public internal(set) var label: String?
    /// The order in which nodes were made, so a statement can tell its own nodes from earlier ones.
    public let serial: UInt64 = Node.takeSerial()

    /// The serial the next node will get.
    public static var nextSerial: UInt64 { serials.load(ordering: .relaxed) }

    private static let serials = Atomic<UInt64>(0)

    private static func takeSerial() -> UInt64 {
        serials.add(1, ordering: .relaxed).oldValue
    }

    /// Names this node `name` when it was made at or after `serial` (by the statement now
    /// running); an older node keeps its name, so a later statement never renames an earlier
    /// graph and stepping back needs nothing undone.
    public func name(_ name: String, ifMadeSince serial: UInt64) {
        if self.serial >= serial { label = name }
    }

    /// Creates a node from an already computed value.
    public init(
        _ operation: Operation, inputs: [Node], value: Tensor, draws: [Draw] = [], steps: [TraceStep] = [],
        composite: String? = nil, label: String? = nil
    ) {
        self.operation = operation
        self.inputs = inputs
        self.value = value
        self.draws = draws
        self.steps = steps
        self.composite = composite
        self.label = label
    }

    // Releasing a long chain (a loop of 100k steps) would recurse once per node; unlink
    // uniquely owned inputs iteratively instead.
    deinit {
        var pending = inputs
        inputs = []
        while var node = pending.popLast() {
            if isKnownUniquelyReferenced(&node) {
                pending.append(contentsOf: node.inputs)
                node.inputs = []
            }
        }
    }

    /// A leaf holding a given tensor (a literal, a variable's starting value, a drawn mask).
    public static func constant(_ value: Tensor, label: String? = nil) -> Node {
        Node(.constant, inputs: [], value: value, label: label)
    }

    /// Applies a primitive operation to input nodes.
    ///
    /// - Throws: ``CoreError`` when the inputs' shapes do not suit the operation.
    public static func apply(_ operation: Operation, _ inputs: [Node]) throws -> Node {
        let value = try operation.forward(inputs.map(\.value))
        try Limits.checkSize(value.scalars.count, operation.name)
        return Node(operation, inputs: inputs, value: value)
    }

    /// Names this node `name` when it is an unnamed leaf (a literal typed into a call), so that
    /// records read `W[1, 2]` rather than `constant[1, 2]`; returns the node itself either way,
    /// so gradients still reach it.
    @discardableResult
    public func named(_ name: String) -> Node {
        if label == nil && isLeaf { label = name }
        return self
    }

    /// The name to show for this node in records: its label, or the operation's name.
    public var displayName: String { label ?? composite ?? operation.name }

    /// Whether this node depends on nothing (a constant or a drawn value).
    public var isLeaf: Bool { inputs.isEmpty }
}
