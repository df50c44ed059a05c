/// Explanations of the operations that combine many input elements into one, and of the
/// operations that only move elements around.
extension Node {
    /// At most this many terms are written out in a sum of products.
    static let shownTerms = 6

    static func joinTerms(_ terms: [Formula], _ separator: String, total: Int) -> Formula {
        var shown = Formula()
        for (position, term) in terms.prefix(shownTerms).enumerated() {
            shown += position == 0 ? term : Formula(separator) + term
        }
        return total > shownTerms ? shown + Formula(separator + "... (\(total) terms)") : shown
    }

    func explainMatmul(_ index: [Int]) -> (Formula, Formula, [ElementReference]) {
        let a = inputs[0]
        let b = inputs[1]
        let k = a.value.shape.dims.last ?? 0
        var outer = index
        let j: Int? = b.value.rank > 1 ? outer.removeLast() : nil
        let i: Int? = a.value.rank > 1 ? outer.removeLast() : nil
        // `outer` is now the broadcast batch index.
        let aBatch = broadcastIndex(
            outer, into: Shape(Array(a.value.shape.dims.dropLast(a.value.rank > 1 ? 2 : 1))))
        let bBatch = broadcastIndex(
            outer, into: Shape(Array(b.value.shape.dims.dropLast(b.value.rank > 1 ? 2 : 1))))
        var symbols = [Formula]()
        var numbers = [Formula]()
        var used = [ElementReference]()
        for p in 0..<k {
            let left = ElementReference(node: a, index: aBatch + (i.map { [$0] } ?? []) + [p])
                .throughAnonymousMoves()
            let right = ElementReference(node: b, index: bBatch + [p] + (j.map { [$0] } ?? []))
                .throughAnonymousMoves()
            symbols.append(
                Formula("\(left.node.reference(left.index)) * \(right.node.reference(right.index))"))
            numbers.append(
                "\(number: left.node.element(left.index)) * \(number: right.node.element(right.index))"
            )
            used.append(left)
            used.append(right)
        }
        return (Node.joinTerms(symbols, " + ", total: k), Node.joinTerms(numbers, " + ", total: k), used)
    }

    /// The input indices a reduction gathers into the output element at `index`.
    func reductionGroup(axes: [Int]?, keepDims: Bool, index: [Int]) -> [[Int]] {
        let shape = inputs[0].value.shape
        let reduced = Set((axes ?? Array(0..<shape.rank)).map { $0 < 0 ? $0 + shape.rank : $0 })
        var fixed = [Int?](repeating: nil, count: shape.rank)
        var cursor = 0
        for axis in 0..<shape.rank {
            if reduced.contains(axis) {
                if keepDims { cursor += 1 }
            } else {
                fixed[axis] = index[cursor]
                cursor += 1
            }
        }
        var group = [[Int]]()
        var current = fixed.map { $0 ?? 0 }
        let free = (0..<shape.rank).filter { fixed[$0] == nil }
        let count = free.reduce(1) { $0 * shape[$1] }
        for _ in 0..<count {
            group.append(current)
            for axis in free.reversed() {
                current[axis] += 1
                if current[axis] < shape[axis] { break }
                current[axis] = 0
            }
        }
        return group
    }

    func explainReduce(_ reduction: Reduction, axes: [Int]?, keepDims: Bool, index: [Int]) -> (
        Formula, Formula, [ElementReference]
    ) {
        let x = inputs[0]
        let group = reductionGroup(axes: axes, keepDims: keepDims, index: index)
        let symbols = group.map { Formula(x.reference($0)) }
        let numbers = group.map { Formula.number(x.element($0)) }
        let used = group.map { ElementReference(node: x, index: $0) }
        switch reduction {
        case .sum:
            return (
                Node.joinTerms(symbols, " + ", total: group.count),
                Node.joinTerms(numbers, " + ", total: group.count), used
            )
        case .mean:
            let count = group.count
            return (
                Formula("(") + Node.joinTerms(symbols, " + ", total: count) + Formula(") / \(count)"),
                Formula("(") + Node.joinTerms(numbers, " + ", total: count) + Formula(") / \(count)"), used
            )
        case .max, .min, .countNonzero:
            let name = reduction.rawValue
            return (
                "\(name)(" + Node.joinTerms(symbols, ", ", total: group.count) + ")",
                "\(name)(" + Node.joinTerms(numbers, ", ", total: group.count) + ")", used
            )
        }
    }

    func explainSoftmax(axis: Int, index: [Int]) -> (Formula, Formula, [ElementReference]) {
        let x = inputs[0]
        let resolved = axis < 0 ? axis + x.value.rank : axis
        let group = reductionGroup(
            axes: [resolved], keepDims: true,
            index: index.enumerated().map { $0.offset == resolved ? 0 : $0.element })
        let symbols = group.map { Formula("exp(\(x.reference($0)))") }
        let numbers = group.map { "exp(\(number: x.element($0)))" as Formula }
        let formula =
            Formula("exp(\(x.reference(index))) / (") + Node.joinTerms(symbols, " + ", total: group.count)
            + ")"
        let filled =
            "exp(\(number: x.element(index))) / (" as Formula
            + Node.joinTerms(numbers, " + ", total: group.count) + ")"
        return (formula, filled, group.map { ElementReference(node: x, index: $0) })
    }

    /// Whether this is an unnamed result inside a composite (not a leaf, not only moving
    /// elements), which an explanation may show in place of the element that refers to it.
    var isAnonymousIntermediate: Bool {
        label == nil && composite == nil && !isLeaf && !operation.movesElements
    }

    /// For operations that only move elements, the one input element behind `index`.
    func sourceElement(of index: [Int]) -> ElementReference? {
        switch operation {
        case .reshape:
            let offset = zip(index, value.shape.strides).reduce(0) { $0 + $1.0 * $1.1 }
            return ElementReference(node: inputs[0], index: unravel(offset, inputs[0].value.shape))
        case .transpose(let perm):
            let order =
                perm.map { $0.map { $0 < 0 ? $0 + index.count : $0 } } ?? Array((0..<index.count).reversed())
            var source = [Int](repeating: 0, count: index.count)
            for (axis, inputAxis) in order.enumerated() { source[inputAxis] = index[axis] }
            return ElementReference(node: inputs[0], index: source)
        case .index(let items):
            guard let picks = try? inputs[0].value.selections(items) else { return nil }
            var cursor = 0
            let source = picks.map { pick -> Int in
                guard pick.keepsAxis else { return pick.start }
                defer { cursor += 1 }
                return pick.start + index[cursor] * pick.step
            }
            return ElementReference(node: inputs[0], index: source)
        case .concat(let axis):
            let resolved = axis < 0 ? axis + index.count : axis
            var position = index[resolved]
            for input in inputs {
                let extent = input.value.shape[resolved]
                if position < extent {
                    var source = index
                    source[resolved] = position
                    return ElementReference(node: input, index: source)
                }
                position -= extent
            }
            return nil
        case .stack(let axis):
            let resolved = axis < 0 ? axis + index.count : axis
            var source = index
            let part = source.remove(at: resolved)
            return ElementReference(node: inputs[part], index: source)
        case .replace(let items):
            guard let picks = try? inputs[0].value.selections(items) else { return nil }
            var valueIndex = [Int]()
            for (axis, pick) in picks.enumerated() {
                let offset = index[axis] - pick.start
                guard offset % pick.step == 0, offset / pick.step >= 0, offset / pick.step < pick.count else {
                    return ElementReference(node: inputs[0], index: index)
                }
                if pick.keepsAxis { valueIndex.append(offset / pick.step) }
            }
            return ElementReference(
                node: inputs[1], index: broadcastIndex(valueIndex, into: inputs[1].value.shape))
        default:
            return nil
        }
    }

    func unravel(_ offset: Int, _ shape: Shape) -> [Int] {
        var rest = offset
        return shape.strides.map { stride in
            defer { rest %= stride }
            return rest / stride
        }
    }
}
