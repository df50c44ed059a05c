#if canImport(Glibc)
    import Glibc
#endif

/// How one element of a value was computed, in symbols and in numbers.
///
/// Rendered as `y[2, 1] = x[2, 1] * mask[2, 1] / q = 8 * 0 / 0.5 = 0`.
public struct Explanation: Sendable, Equatable {
    /// The element explained, e.g. `y[2, 1]`.
    public var target: String
    /// The rule in symbols, e.g. `x[2, 1] * mask[2, 1] / q`; empty for a given value.
    public var formula: Formula
    /// The rule with the numbers substituted, e.g. `8 * 0 / 0.5`.
    public var numbers: Formula
    /// The element's value.
    public var value: Double
    /// The explanations of the input elements used, when asked for more than one level.
    public var inputs: [Explanation]

    /// The one-line form, `target = formula = numbers = value`, skipping repeated parts.
    public var line: String { parts.joined(separator: " = ") }

    /// The target, then the formula, the numbers and the value, each shown once.
    public var parts: [String] { parts(numbers: { Explanation.number($0) }) }

    /// The parts with every number written by `format` (a renderer's precision).
    public func parts(numbers format: (Double) -> String) -> [String] {
        var parts = [target]
        let formula = self.formula.text(numbers: format)
        let numbers = self.numbers.text(numbers: format)
        if !formula.isEmpty { parts.append(formula) }
        if !numbers.isEmpty && numbers != formula { parts.append(numbers) }
        let shown = format(value)
        if parts.last != shown { parts.append(shown) }
        return parts
    }

    /// `text` cut at every occurrence of `separator`.
    public static func split(_ text: String, on separator: String) -> [String] {
        var pieces = [String]()
        var rest = Substring(text)
        while let range = rest.firstRange(of: separator) {
            pieces.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        return pieces + [String(rest)]
    }

    /// A number as it reads in an explanation: integers without a point, others to 8
    /// significant digits.
    public static func number(_ x: Double) -> String { number(x, significantDigits: 8) }

    /// A number to `significantDigits` significant digits (a renderer's precision).
    public static func number(_ x: Double, significantDigits: Int) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded() && Swift.abs(x) < 1e15 { return String(Int(x)) }
        let digits = Swift.max(1, significantDigits) - Int(floor(log10(Swift.abs(x)))) - 1
        guard digits > 0, digits < 300 else { return String(x) }
        let scale = pow(10.0, Double(digits))
        let rounded = (x * scale).rounded() / scale
        return String(rounded)
    }
}

/// One input element an explanation refers to.
struct ElementReference {
    var node: Node
    var index: [Int]

    /// The element itself, or, when it belongs to an unnamed node that only moves elements (a
    /// reshape or transpose inside a composite such as `dropconnect`), the element it was moved
    /// from: `v[1, 2]` rather than `reshape[1, 2, 0]`.
    func throughAnonymousMoves() -> ElementReference {
        var current = self
        while current.node.label == nil, current.node.composite == nil, current.node.operation.movesElements,
            let source = current.node.sourceElement(of: current.index)
        {
            current = source
        }
        return current
    }
}

extension Node {
    /// Explains one element of this value, `depth` levels deep.
    ///
    /// - Parameter index: the element's position; one entry per axis (empty for a scalar).
    /// - Throws: ``CoreError`` when the index does not fit the value's shape.
    public func explain(at index: [Int], depth: Int = 1) throws -> Explanation {
        guard index.count == value.rank,
            zip(index, value.shape.dims).allSatisfy({ $0 >= 0 && $0 < $1 })
        else {
            throw CoreError("explain: index \(index) does not fit a value of shape \(value.shape)")
        }
        return explanation(at: index, depth: depth)
    }

    /// How records refer to an element: `name[i, j]`, parenthesised when the name is an expression
    /// (once: a label that is already one parenthesised group, as `(x + 1)`, is used as it is).
    public func reference(_ index: [Int]) -> String {
        let name = displayName
        let plain = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } || Double(name) != nil
        let base = plain || Node.isParenthesised(name) ? name : "(\(name))"
        return index.isEmpty ? base : base + "[" + index.map(String.init).joined(separator: ", ") + "]"
    }

    /// Whether `text` is one group `( ... )`: its first parenthesis closes at its last character.
    static func isParenthesised(_ text: String) -> Bool {
        guard text.first == "(", text.last == ")" else { return false }
        var depth = 0
        for (offset, character) in text.enumerated() {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth == 0 { return offset == text.count - 1 }
        }
        return false
    }

    func element(_ index: [Int]) -> Double {
        value.scalars[zip(index, value.shape.strides).reduce(0) { $0 + $1.0 * $1.1 }]
    }

    private func explanation(at index: [Int], depth: Int) -> Explanation {
        let y = element(index)
        var formula: Formula = ""
        var numbers: Formula = ""
        var used = [ElementReference]()
        func ref(_ input: Int, _ at: [Int]) -> (String, Formula) {
            let source = ElementReference(node: inputs[input], index: at).throughAnonymousMoves()
            used.append(source)
            return (source.node.reference(source.index), .number(source.node.element(source.index)))
        }
        switch operation {
        case .constant:
            break
        case .binary(let op):
            let (a, av) = ref(0, broadcastIndex(index, into: inputs[0].value.shape))
            let (b, bv) = ref(1, broadcastIndex(index, into: inputs[1].value.shape))
            formula = "\(a) \(op.rawValue) \(b)"
            numbers = "\(av) \(op.rawValue) \(bv)"
        case .unary(let f):
            let (a, av) = ref(0, broadcastIndex(index, into: inputs[0].value.shape))
            formula = f == .negate ? "-\(a)" : "\(f.rawValue)(\(a))"
            numbers = f == .negate ? "-\(av)" : "\(f.rawValue)(\(av))"
        case .clip(let low, let high):
            let (a, av) = ref(0, index)
            formula = "clip(\(a), \(number: low), \(number: high))"
            numbers = "clip(\(av), \(number: low), \(number: high))"
        case .scale(let mask, let multiplier, let divisor):
            let (a, av) = ref(0, index)
            let m = mask.scalars[broadcastOffset(index, into: mask.shape)]
            // A mask shared along some axes (dropout's axis=) is named by its own index.
            let maskIndex = broadcastIndex(index, into: mask.shape)
            let maskName =
                "mask"
                + (maskIndex.isEmpty ? "" : "[" + maskIndex.map(String.init).joined(separator: ", ") + "]")
            formula = "\(a) * \(maskName)"
            numbers = "\(av) * \(number: m)"
            if multiplier != 1 {
                formula += " * \(number: multiplier)"
                numbers += " * \(number: multiplier)"
            }
            if divisor != 1 {
                formula += " / q"
                numbers += " / \(number: divisor)"
            }
        case .select(let condition):
            let c = condition.scalars[broadcastOffset(index, into: condition.shape)]
            let chosen = c != 0 ? 0 : 1
            let (a, av) = ref(chosen, broadcastIndex(index, into: inputs[chosen].value.shape))
            formula = "where(condition is \(c != 0 ? "true" : "false")) \(a)"
            numbers = av
        case .matmul:
            (formula, numbers, used) = explainMatmul(index)
        case .reduce(let r, let axes, let keepDims):
            (formula, numbers, used) = explainReduce(r, axes: axes, keepDims: keepDims, index: index)
        case .softmax(let axis):
            (formula, numbers, used) = explainSoftmax(axis: axis, index: index)
        case .reshape, .transpose, .index, .concat, .stack, .replace:
            if let source = sourceElement(of: index)?.throughAnonymousMoves() {
                if source.node.isAnonymousIntermediate {
                    // A composite's last step only rearranged an unnamed result: explain that result.
                    var inner = source.node.explanation(at: source.index, depth: depth)
                    inner.target = reference(index)
                    return inner
                }
                if source.node.isLeaf && source.node.label == nil {
                    // A number typed into the code (`S[1, 0] = 5`) is its own explanation.
                    formula = .number(source.node.element(source.index))
                } else {
                    used = [source]
                    formula = Formula(source.node.reference(source.index))
                    numbers = .number(source.node.element(source.index))
                }
            }
        }
        let children =
            depth > 1 ? used.prefix(8).map { $0.node.explanation(at: $0.index, depth: depth - 1) } : []
        return Explanation(
            target: reference(index), formula: formula, numbers: numbers, value: y, inputs: children)
    }

    /// The index into an input of `shape` that a broadcast output element reads.
    func broadcastIndex(_ index: [Int], into shape: Shape) -> [Int] {
        let offset = index.count - shape.rank
        return (0..<shape.rank).map { shape[$0] == 1 ? 0 : index[$0 + offset] }
    }

    func broadcastOffset(_ index: [Int], into shape: Shape) -> Int {
        zip(broadcastIndex(index, into: shape), shape.strides).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
