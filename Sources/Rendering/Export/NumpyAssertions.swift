import DropoutCore
import LessonScript

/// `--assert`: after a statement, a check that numpy's value is the one dropstep computed.
extension NumpyTranslator {
    /// Arrays up to this size are compared element by element.
    static let fullComparisonLimit = 64
    /// Larger arrays are compared at this many evenly spaced positions, and by their sum.
    static let sampledPositions = 32

    /// The assertion lines for a value bound to (or printed from) `python`.
    mutating func assertion(label: String, python: String, value: Value, roughly: Bool = false) -> [String] {
        helpers.insert(.assertions)
        let quoted = PyLiteral.string(label)
        switch value {
        case .none, .function:
            return []
        case .string(let text):
            return ["agrees(\(quoted), \(python), \(PyLiteral.string(text)))"]
        case .tuple(let items):
            return items.enumerated().flatMap { k, item in
                assertion(label: "\(label)[\(k)]", python: "\(python)[\(k)]", value: item)
            }
        case .tensor(let node):
            let t = node.value
            if roughly && t.elementCount == 1 {
                return ["agrees_roughly(\(quoted), \(python), \(PyLiteral.number(t.scalars[0])))"]
            }
            // Draws and 0/1 masks must be the same bits; anything computed may round differently.
            let exact = (node.isLeaf && !node.draws.isEmpty) || (t.isMask && t.elementCount > 0)
            var parts = [quoted, python]
            let shape = "shape=" + PyLiteral.shape(t.shape.dims)
            if t.elementCount <= Self.fullComparisonLimit {
                parts += [t.rank == 0 ? PyLiteral.number(t.scalars[0]) : PyLiteral.list(t.scalars), shape]
            } else {
                let count = Self.sampledPositions
                let positions = (0..<count).map { $0 * (t.elementCount - 1) / (count - 1) }
                parts += [PyLiteral.list(positions.map { t.scalars[$0] }), shape, "sampled=True"]
                parts.append("total=" + PyLiteral.number(t.scalars.reduce(0, +)))
            }
            if exact { parts.append("exact=True") }
            return ["agrees(" + parts.joined(separator: ", ") + ")"]
        }
    }
}
