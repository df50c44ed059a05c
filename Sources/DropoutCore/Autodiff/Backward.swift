/// The gradient of the output of a backward pass with respect to one node.
public struct GradientRecord: Sendable {
    /// The node this gradient belongs to.
    public let node: Node
    /// d output / d node, in the node's shape.
    public let gradient: Tensor
}

/// Everything one `backward` computed, in the order the chain rule visited the nodes.
public struct Gradients: Sendable {
    /// One record per node that depends on nothing but reaches the output, output first.
    public let records: [GradientRecord]
    private let byNode: [ObjectIdentifier: Int]

    init(records: [GradientRecord]) {
        self.records = records
        var index = [ObjectIdentifier: Int]()
        for (i, record) in records.enumerated() { index[ObjectIdentifier(record.node)] = i }
        self.byNode = index
    }

    /// The gradient with respect to `node`, or `nil` when the output does not depend on it.
    public subscript(node: Node) -> Tensor? {
        byNode[ObjectIdentifier(node)].map { records[$0].gradient }
    }
}

extension Node {
    /// Every node this one depends on (itself included), each after all of its inputs.
    ///
    /// Iterative, so a graph built by a long loop cannot overflow the stack.
    public func topologicalOrder() -> [Node] {
        var order = [Node]()
        var visited = Set<ObjectIdentifier>()
        var stack: [(node: Node, expanded: Bool)] = [(self, false)]
        var steps = 0
        while let (node, expanded) = stack.popLast() {
            // A graph of millions of nodes takes a while to order; Ctrl-C ends the walk early
            // (the caller's next check reports it).
            steps += 1
            if steps & 4095 == 0 && Interruption.isRequested { return order }
            if expanded {
                order.append(node)
                continue
            }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.inputs.reversed() where !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }

    /// Reverse-mode differentiation of this scalar node with respect to every node it depends on.
    ///
    /// - Returns: gradient records in reverse topological order (the output first), so a
    ///   caller can print the chain rule as it ran.
    /// - Throws: ``CoreError`` when this node is not a scalar.
    public func backward() throws -> Gradients {
        guard !value.isBatched else {
            throw CoreError("backward: cannot run inside expect, variance, mc or samples")
        }
        guard value.elementCount == 1 else {
            throw CoreError(
                "backward: needs a scalar, got a tensor of shape \(value.shape); try backward(sum(...))")
        }
        // Phase 1: order the graph. Phase 2: sweep it in reverse, accumulating with +=.
        let order = topologicalOrder()
        // The walk stops early when interrupted; its partial order must not be used.
        try Interruption.check()
        var accumulated = [ObjectIdentifier: Tensor]()
        accumulated[ObjectIdentifier(self)] = Tensor(repeating: 1, shape: value.shape)
        var records = [GradientRecord]()
        for node in order.reversed() {
            try Interruption.check()
            guard let gradient = accumulated[ObjectIdentifier(node)] else { continue }
            records.append(GradientRecord(node: node, gradient: gradient))
            guard !node.inputs.isEmpty else { continue }
            let local = try node.operation.backward(
                gradient, inputs: node.inputs.map(\.value), output: node.value)
            for (input, inputGradient) in zip(node.inputs, local) {
                guard let inputGradient else { continue }
                let key = ObjectIdentifier(input)
                accumulated[key] = try accumulated[key].map { try $0 + inputGradient } ?? inputGradient
            }
        }
        return Gradients(records: records)
    }
}
