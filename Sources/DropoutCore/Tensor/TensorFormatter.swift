/// Turns tensors into text laid out as numpy's `str(array)` lays them out.
///
/// Layout (brackets, separators, wrapping at ``lineWidth``, summarising with `...` beyond
/// ``threshold`` elements, blank lines between blocks) follows numpy 2.x's `array2string`.
/// Tensors whose elements are all whole numbers print as numpy prints integer arrays
/// (`[2 0 6]`), because a learner reads a mask times a count as integers, not `2.`.
public struct TensorFormatter: Sendable {
    /// How each element is written.
    public enum NumberStyle: Sendable, Equatable {
        /// numpy's decimal (or scientific) notation.
        case decimal
        /// Exact fractions such as `1/3` where a small denominator reproduces the element.
        case fraction
    }

    /// The most digits printed after the decimal point (numpy's `precision`).
    public var precision: Int = 8
    /// How each element is written.
    public var style: NumberStyle = .decimal
    /// Tensors with more elements than this are summarised with `...`.
    public var threshold: Int = 1000
    /// How many leading and trailing items a summarised axis keeps.
    public var edgeItems: Int = 3
    /// The column at which long rows wrap.
    public var lineWidth: Int = 75

    /// Creates a formatter with numpy's default print options.
    public init(
        precision: Int = 8, style: NumberStyle = .decimal, threshold: Int = 1000, edgeItems: Int = 3,
        lineWidth: Int = 75
    ) {
        self.precision = precision
        self.style = style
        self.threshold = threshold
        self.edgeItems = edgeItems
        self.lineWidth = lineWidth
    }

    /// The text of `tensor`; a batched tensor prints a `<N worlds>` header and then each world.
    public func format(_ tensor: Tensor) -> String {
        guard let worlds = tensor.worlds else { return layout(tensor, prefix: "") }
        var lines = ["<\(worlds) worlds>"]
        let summarised = worlds > 2 * edgeItems && worlds * tensor.elementCount > threshold
        for index in 0..<worlds {
            if summarised && index >= edgeItems && index < worlds - edgeItems {
                if index == edgeItems { lines.append("...") }
                continue
            }
            let prefix = "world \(index): "
            lines.append(prefix + layout(tensor.world(index), prefix: prefix))
        }
        return lines.joined(separator: "\n")
    }

    /// The text of one number, as a rank-0 tensor holding it would print.
    public func format(_ value: Double) -> String {
        format(Tensor(value))
    }

    /// How ``format(_:)`` writes each element of `tensor` (one world): every element padded to
    /// one width, so that layouts placing the elements themselves (an HTML table) keep numpy's
    /// digits and alignment.
    public func elementFormat(for tensor: Tensor) -> (Double) -> String {
        let shown = tensor.elementCount > threshold ? cornerValues(tensor) : tensor.scalars
        return elementFormat(shown, isIntegral: Self.isIntegral(tensor.scalars))
    }

    /// numpy's `_array2string`: pick one element format from the (corner) data, then lay out.
    private func layout(_ tensor: Tensor, prefix: String) -> String {
        let dims = tensor.shape.dims
        if tensor.elementCount == 0 { return "[]" }
        let summarise = tensor.elementCount > threshold
        let shown = summarise ? cornerValues(tensor) : tensor.scalars
        let element = elementFormat(shown, isIntegral: Self.isIntegral(tensor.scalars))
        return ArrayLayout(
            dims: dims, lineWidth: lineWidth, edgeItems: edgeItems, summarise: summarise,
            element: { element(tensor.scalars[$0]) }
        )
        .text(nextLinePrefix: " " + String(repeating: " ", count: prefix.count))
    }

    /// The function that prints one element, sized for every element in `shown`.
    private func elementFormat(_ shown: [Double], isIntegral: Bool) -> (Double) -> String {
        switch style {
        case .decimal:
            if isIntegral {
                let width = shown.map { Self.integerText($0).count }.max() ?? 0
                return { FloatText.leftPadded(Self.integerText($0), to: width) }
            }
            let format = FloatArrayFormat(shown, precision: precision)
            return { format.format($0) }
        case .fraction:
            let width = shown.map { fractionText($0).count }.max() ?? 0
            return { FloatText.leftPadded(fractionText($0), to: width) }
        }
    }

    /// One element as a fraction, a whole number, or (with no small denominator) a decimal.
    private func fractionText(_ value: Double) -> String {
        if Self.isIntegral([value]) { return Self.integerText(value) }
        if let fraction = Fraction.approximating(value) { return fraction.description }
        return FloatArrayFormat([value], precision: precision).format(value)
    }

    /// The elements numpy's `_leading_trailing` keeps: the first and last `edgeItems` of each long axis.
    private func cornerValues(_ tensor: Tensor) -> [Double] {
        var offsets = [0]
        for (axis, extent) in tensor.shape.dims.enumerated() {
            let stride = tensor.shape.strides[axis]
            let indices =
                extent > 2 * edgeItems
                ? Array(0..<edgeItems) + Array((extent - edgeItems)..<extent) : Array(0..<extent)
            offsets = offsets.flatMap { base in indices.map { base + $0 * stride } }
        }
        return offsets.map { tensor.scalars[$0] }
    }

    /// Whether every element is a finite whole number small enough to print as an integer.
    static func isIntegral(_ values: [Double]) -> Bool {
        values.allSatisfy { $0.isFinite && $0.rounded() == $0 && $0.magnitude < 1e16 }
    }

    /// A whole number without a decimal point (`-0.0` prints `0`).
    static func integerText(_ value: Double) -> String {
        String(Int64(value))
    }
}

/// numpy's `_formatArray`: nested brackets, wrapped rows and summaries around formatted elements.
private struct ArrayLayout {
    let dims: [Int]
    let lineWidth: Int
    let edgeItems: Int
    let summarise: Bool
    /// The formatted element at a row-major offset.
    let element: (Int) -> String

    func text(nextLinePrefix: String) -> String {
        let strides = Shape(dims).strides
        return recurse(
            axis: 0, offset: 0, strides: strides, hangingIndent: nextLinePrefix, width: lineWidth)
    }

    private func recurse(
        axis: Int, offset: Int, strides: [Int], hangingIndent: String, width: Int
    ) -> String {
        if axis == dims.count { return element(offset) }
        let nextIndent = hangingIndent + " "
        let nextWidth = width - 1
        let extent = dims[axis]
        let showSummary = summarise && 2 * edgeItems < extent
        let leading = showSummary ? edgeItems : 0
        let trailing = showSummary ? edgeItems : extent
        // Items before the summary count up from the start; those after it count back from the end.
        let items = Array(0..<leading) + Array((extent - trailing)..<extent)
        func nested(_ index: Int) -> String {
            recurse(
                axis: axis + 1, offset: offset + index * strides[axis], strides: strides,
                hangingIndent: nextIndent, width: nextWidth)
        }
        var result = ""
        if axis == dims.count - 1 {
            // Leave room for the closing bracket, even after the last element (numpy > 1.13).
            let elementWidth = width - 1
            var line = hangingIndent
            for (position, index) in items.enumerated() {
                if showSummary && position == leading {
                    extend(&result, &line, word: "...", width: elementWidth, prefix: hangingIndent)
                    line += " "
                }
                extend(&result, &line, word: nested(index), width: elementWidth, prefix: hangingIndent)
                if position < items.count - 1 { line += " " }
            }
            result += line
        } else {
            let separator = String(repeating: "\n", count: dims.count - axis - 1)
            for (position, index) in items.enumerated() {
                if showSummary && position == leading { result += hangingIndent + "..." + separator }
                result += hangingIndent + nested(index)
                if position < items.count - 1 { result += separator }
            }
        }
        return "[" + result.dropFirst(hangingIndent.count) + "]"
    }

    /// numpy's `_extendLine`: start a new line when `word` would pass `width`, unless that cannot help.
    private func extend(
        _ result: inout String, _ line: inout String, word: String, width: Int, prefix: String
    ) {
        if line.count + word.count > width && line.count > prefix.count {
            result += line.trailingSpacesTrimmed() + "\n"
            line = prefix
        }
        line += word
    }
}

extension String {
    /// The string without trailing spaces.
    fileprivate func trailingSpacesTrimmed() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
