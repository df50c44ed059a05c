/// Keeping the values recorded for `backward` and `explain` within ``Evaluator/recordBudget``
/// (``Limits/maxRecordedBytes`` unless changed).
///
/// Every result keeps its inputs, so `for i in range(12): x = x + 1` on a 512 MiB `x` would
/// hold twelve copies. The evaluator keeps an upper bound of the recorded bytes; when it passes
/// the budget it measures what the variables really keep (shared nodes once) and, if that is
/// over the budget, releases histories, largest first, with one note per statement. A released
/// value keeps its own numbers; only the chain behind it is gone, so `backward` and `explain`
/// stop there.
extension Evaluator {
    /// Returns `node`, or a copy of it without history when keeping its history (and the
    /// variables') would exceed the budget. Called for every recorded result before it is used.
    mutating func withinRecordBudget(_ node: Node) -> Node {
        guard batchDepth == 0, !node.inputs.isEmpty else { return node }
        recordedBytesBound += Evaluator.bytes(of: node.value)
        guard recordedBytesBound > recordBudget else { return node }
        var roots = environment.variables.compactMap { name, value -> (String?, Node)? in
            if case .tensor(let held) = value { return (name, held) }
            return nil
        }
        roots.append((nil, node))
        var history = Evaluator.historyBytes(of: roots.map(\.1), gradients: environment.lastGradients)
        guard history > recordBudget else {
            recordedBytesBound = history
            return node
        }
        var released = [String]()
        if environment.lastGradients != nil {
            environment.lastGradients = nil
            released.append("the last backward's gradients")
            history = Evaluator.historyBytes(of: roots.map(\.1), gradients: nil)
        }
        var result = node
        // Largest history first; each release is measured again, as histories may be shared.
        let ordered = roots.map { ($0, Evaluator.historyBytes(of: [$0.1], gradients: nil)) }
            .sorted { $0.1 > $1.1 }
        for ((name, held), size) in ordered where history > recordBudget / 2 && size > 0 {
            let detached = Evaluator.detached(held)
            if let name {
                environment.variables[name] = .tensor(detached)
                roots.removeAll { $0.0 == name }
                roots.append((name, detached))
                released.append("'\(name)'")
            } else {
                result = detached
                roots.removeAll { $0.0 == nil }
                roots.append((nil, detached))
                released.append("'\(held.label ?? held.displayName)'")
            }
            history = Evaluator.historyBytes(of: roots.map(\.1), gradients: nil)
        }
        recordedBytesBound = history
        if !hasReleasedRecords {
            hasReleasedRecords = true
            emit(
                .note(
                    "note: the values kept for backward and explain would exceed \(Evaluator.describe(bytes: recordBudget)); released the history of "
                        + released.joined(separator: ", ") + " (backward and explain stop there)"))
        }
        return result
    }

    /// A byte count as people read it: `2 GiB`, `64 MiB`, `1500 bytes`.
    static func describe(bytes: Int) -> String {
        if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        return "\(bytes) bytes"
    }

    /// The bytes of a tensor's elements.
    static func bytes(of tensor: Tensor) -> Int {
        tensor.scalars.count * MemoryLayout<Double>.stride
    }

    /// The bytes kept by the histories of `roots` (every node they depend on, each once, but not
    /// the roots themselves) and by `gradients`.
    static func historyBytes(of roots: [Node], gradients: Gradients?) -> Int {
        let rootIDs = Set(roots.map(ObjectIdentifier.init))
        var seen = Set<ObjectIdentifier>()
        var pending = roots
        var total = 0
        while let node = pending.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            if !rootIDs.contains(ObjectIdentifier(node)) {
                total += bytes(of: node.value) + node.draws.reduce(0) { $0 + bytes(of: $1.values) }
            }
            pending.append(contentsOf: node.inputs)
        }
        for record in gradients?.records ?? [] { total += bytes(of: record.gradient) }
        return total
    }

    /// The same value, label and composite name without inputs or draws: a leaf.
    static func detached(_ node: Node) -> Node {
        Node(.constant, inputs: [], value: node.value, composite: node.composite, label: node.label)
    }
}
