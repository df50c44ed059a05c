import DropoutCore
import LessonScript
import Notebook

/// A tensor drawn as a grid of two-column cells shaded by value, with a legend line.
///
/// Shades run from the smallest to the largest finite element. Without colour the cells use
/// the ramp `"·░▒▓█"`; with colour they are ANSI 256-colour backgrounds, greys for data of one
/// sign and a blue-white-red palette centred on zero for data of both signs, so the sign of a
/// gradient reads at a glance. Rank 3 and 4 draw one labelled block per matrix, all on one scale.
/// NaN cells show `??`; a tensor whose elements are all equal uses the middle shade.
///
/// A batched tensor draws one labelled map per world.
public func heatMap(_ tensor: Tensor, colored: Bool) -> String {
    if let worlds = tensor.worlds {
        return (0..<worlds).map { "world \($0):\n" + heatMap(tensor.world($0), colored: colored) }
            .joined(separator: "\n\n")
    }
    if tensor.elementCount == 0 { return "[]" }
    let scale = HeatScale(tensor.scalars, colored: colored)
    let cells = tensor.scalars.map(scale.cell)
    let dims = tensor.shape.dims
    let rowLength = dims.last ?? 1
    func rows(_ slice: ArraySlice<String>) -> [String] {
        stride(from: slice.startIndex, to: slice.endIndex, by: rowLength).map {
            slice[$0..<($0 + rowLength)].joined() + scale.rowEnd
        }
    }
    var lines: [String] = []
    if dims.count <= 2 {
        lines = rows(cells[...])
    } else {
        let matrixSize = dims[dims.count - 2] * rowLength
        let leadingDims = Array(dims.dropLast(2))
        for block in 0..<(cells.count / matrixSize) {
            if block > 0 { lines.append("") }
            lines.append(pictureBlockLabel(block, leadingDims: leadingDims))
            lines += rows(cells[(block * matrixSize)..<((block + 1) * matrixSize)])
        }
    }
    lines.append(scale.legend(hasNaN: tensor.scalars.contains { $0.isNaN }))
    return lines.joined(separator: "\n")
}

/// Maps values to cells: the finite range, the palette, and how a cell is written.
private struct HeatScale {
    // The lowest shade is a dot, not a blank: a blank cell would vanish when trailing spaces go.
    static let shades: [Character] = ["·", "░", "▒", "▓", "█"]
    // From 238, not 232: the darkest greys vanish on a dark terminal.
    static let greys = Array(238...255)
    static let diverging = [19, 26, 68, 110, 153, 231, 224, 217, 210, 203, 160]

    let low: Double?
    let high: Double?
    let colored: Bool
    /// Whether the data straddle zero, which calls for the diverging palette.
    let isSigned: Bool

    init(_ values: [Double], colored: Bool) {
        let finite = values.filter(\.isFinite)
        low = finite.min()
        high = finite.max()
        self.colored = colored
        isSigned = (low ?? 0) < 0 && (high ?? 0) > 0
    }

    /// Where `value` falls in the range, 0...1 (infinities clamp to the ends; equal data sit at 1/2).
    func position(_ value: Double) -> Double {
        if value == .infinity { return 1 }
        if value == -.infinity { return 0 }
        guard let low, let high, high > low else { return 0.5 }
        let position = (value - low) / (high - low)
        // An overflowing range (say -1e308 to 1e308) gives NaN; such data sit mid-scale.
        return position.isNaN ? 0.5 : Swift.min(1, Swift.max(0, position))
    }

    /// The two-column cell for `value`.
    func cell(_ value: Double) -> String {
        if value.isNaN { return colored ? "\u{1B}[0m??" : "??" }
        guard colored else {
            let shade = Self.shades[Int((position(value) * 4).rounded())]
            return String(repeating: shade, count: 2)
        }
        return Self.background(colorIndex(value)) + "  "
    }

    /// The ANSI 256-colour index for a finite or infinite `value`.
    func colorIndex(_ value: Double) -> Int {
        if isSigned, let low, let high {
            let reach = Swift.max(-low, high)
            let signed = value.isInfinite ? (value < 0 ? -1 : 1) : value / reach
            let index = Int(((signed + 1) / 2 * Double(Self.diverging.count - 1)).rounded())
            return Self.diverging[Swift.min(Self.diverging.count - 1, Swift.max(0, index))]
        }
        return Self.greys[Int((position(value) * Double(Self.greys.count - 1)).rounded())]
    }

    /// What ends a row: a colour reset when cells carry colour.
    var rowEnd: String { colored ? "\u{1B}[0m" : "" }

    /// `min -1.5 [  ░░▒▒▓▓██] max 3.2`, with the ramp in colour when cells are coloured.
    func legend(hasNaN: Bool) -> String {
        let nanNote = hasNaN ? "  ?? nan" : ""
        guard let low, let high else { return "no finite values" + nanNote }
        let ramp: String
        if colored {
            let palette =
                isSigned ? Self.diverging : stride(from: 0, to: 18, by: 4).map { Self.greys[$0] } + [255]
            ramp = palette.map { Self.background($0) + "  " }.joined() + rowEnd
        } else {
            ramp = "[" + Self.shades.map { String(repeating: $0, count: 2) }.joined() + "]"
        }
        return "min \(FloatText.compact(low)) \(ramp) max \(FloatText.compact(high))" + nanNote
    }

    static func background(_ index: Int) -> String {
        "\u{1B}[48;5;\(index)m"
    }
}
