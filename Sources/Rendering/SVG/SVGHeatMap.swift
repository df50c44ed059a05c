import DropoutCore

extension SVGPicture {
    /// A tensor as a grid of cells coloured by value, with a legend from its smallest to its
    /// largest finite value: light to dark blue for data of one sign, blue through white to
    /// red centred on zero for data of both signs (as the terminal's colours). NaN is grey.
    public static func heatMap(_ tensor: Tensor, name: String) -> String {
        let grid = GridBlocks(tensor)
        let scale = HeatColors(tensor.scalars)
        let cell = gridCellSize(columns: grid.widestColumns, largest: 26, width: 480)
        let gap = 1.0
        let pitch = cell + gap
        let tooltips = tensor.scalars.count <= 400
        var svg = SVGWriter()
        var y = 2.0
        var width = 4.0
        for (index, block) in grid.blocks.enumerated() {
            if index > 0 { y += 8 }
            if let label = block.label {
                svg.text(label, x: 2, y: y + 12, className: "muted", fill: SVGColors.muted)
                width = Swift.max(width, SVGWriter.textWidth(label) + 4)
                y += 18
            }
            for row in 0..<block.rows {
                for column in 0..<block.columns {
                    let value = block.value(row: row, column: column)
                    let position = block.rows == 1 ? "[\(column)]" : "[\(row), \(column)]"
                    svg.rect(
                        x: 2 + Double(column) * pitch, y: y + Double(row) * pitch, width: cell, height: cell,
                        fill: scale.color(value), className: "heat",
                        tooltip: tooltips ? "\(position) = \(FloatText.compact(value))" : nil)
                }
            }
            y += Double(block.rows) * pitch
            width = Swift.max(width, 4 + Double(block.columns) * pitch)
        }
        if let omission = grid.omission {
            svg.text(omission, x: 2, y: y + 14, className: "muted", fill: SVGColors.muted)
            width = Swift.max(width, SVGWriter.textWidth(omission) + 4)
            y += 18
        }
        y += 8
        width = Swift.max(
            width, legend(scale, hasNaN: tensor.scalars.contains { $0.isNaN }, y: y, into: &svg))
        y += 20
        return svg.document(
            width: width, height: y, label: heatDescription(tensor, name: name, omission: grid.omission),
            className: "heat-map")
    }

    /// `min -1.16 [swatches] max 1.55`, then a grey `nan` swatch when there are NaNs; returns
    /// the width used.
    private static func legend(_ scale: HeatColors, hasNaN: Bool, y: Double, into svg: inout SVGWriter)
        -> Double
    {
        guard let low = scale.low, let high = scale.high else {
            svg.text("no finite values", x: 2, y: y + 12, className: "muted", fill: SVGColors.muted)
            return 110
        }
        let lowText = "min " + FloatText.compact(low)
        let highText = "max " + FloatText.compact(high)
        var x = 2.0
        svg.text(lowText, x: x, y: y + 12)
        x += SVGWriter.textWidth(lowText) + 6
        let swatches = 9
        for index in 0..<swatches {
            let value = low + (high - low) * Double(index) / Double(swatches - 1)
            svg.rect(x: x, y: y + 2, width: 14, height: 12, fill: scale.color(value), className: "heat")
            x += 14
        }
        x += 6
        svg.text(highText, x: x, y: y + 12)
        x += SVGWriter.textWidth(highText) + 4
        if hasNaN {
            x += 10
            svg.rect(x: x, y: y + 2, width: 14, height: 12, fill: SVGColors.nan, className: "nan")
            svg.text("nan", x: x + 18, y: y + 12)
            x += 18 + SVGWriter.textWidth("nan") + 4
        }
        return x
    }

    /// `Heat map of W, shape [3, 4], values from -1.157 to 1.547 (darker is larger).`
    static func heatDescription(_ tensor: Tensor, name: String, omission: String?) -> String {
        let scale = HeatColors(tensor.scalars)
        var text = "Heat map of \(displayName(name)), shape \(tensor.shape)"
        if let worlds = tensor.worlds { text += " in each of \(worlds) worlds" }
        if let low = scale.low, let high = scale.high {
            text += ", values from \(FloatText.compact(low)) to \(FloatText.compact(high))"
            text +=
                scale.isSigned
                ? " (blue below zero, white at zero, red above)" : " (darker cells are larger)"
        } else {
            text += ", no finite values"
        }
        let nans = tensor.scalars.filter(\.isNaN).count
        if nans > 0 { text += "; \(nans) NaN cell\(nans == 1 ? "" : "s") in grey" }
        if let omission { text += "; \(omission)" }
        return text + "."
    }
}

/// Maps values to colours: the finite range, and the palette its signs call for.
struct HeatColors {
    let low: Double?
    let high: Double?
    /// Whether the data straddle zero, which calls for the diverging palette centred on zero.
    let isSigned: Bool

    init(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        low = finite.min()
        high = finite.max()
        isSigned = (low ?? 0) < 0 && (high ?? 0) > 0
    }

    func color(_ value: Double) -> String {
        if value.isNaN { return SVGColors.nan }
        guard let low, let high else { return SVGColors.blend(SVGColors.sequential, at: 0.5) }
        if isSigned {
            let reach = Swift.max(-low, high)
            let signed = value.isInfinite ? (value < 0 ? -1 : 1) : value / reach
            return SVGColors.blend(SVGColors.diverging, at: (signed + 1) / 2)
        }
        if value == .infinity { return SVGColors.blend(SVGColors.sequential, at: 1) }
        if value == -.infinity { return SVGColors.blend(SVGColors.sequential, at: 0) }
        guard high > low else { return SVGColors.blend(SVGColors.sequential, at: 0.5) }
        // An overflowing range (say -1e308 to 1e308) gives NaN, which `blend` puts mid-scale.
        return SVGColors.blend(SVGColors.sequential, at: (value - low) / (high - low))
    }
}
