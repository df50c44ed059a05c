import DropoutCore

extension SVGPicture {
    /// A 0/1 mask as a grid: kept (nonzero) cells filled, dropped (zero) cells empty, one
    /// labelled grid per world and per leading index, as the terminal's ``maskGrid(_:filled:empty:)``.
    ///
    /// - Parameter compact: smaller cells, for a mask inside a trace.
    public static func maskGrid(_ mask: Tensor, name: String, compact: Bool = false) -> String {
        let grid = GridBlocks(mask)
        let cell = gridCellSize(columns: grid.widestColumns, largest: compact ? 14 : 22)
        let gap = cell >= 10 ? 2.0 : 1.0
        let pitch = cell + gap
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
                    let kept = block.value(row: row, column: column) != 0
                    svg.rect(
                        x: 2 + Double(column) * pitch, y: y + Double(row) * pitch, width: cell, height: cell,
                        fill: kept ? SVGColors.kept : SVGColors.dropped,
                        stroke: kept ? nil : SVGColors.droppedStroke, className: kept ? "kept" : "dropped",
                        radius: cell * 0.15)
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
        return svg.document(
            width: width, height: y + 2, label: maskDescription(mask, name: name, omission: grid.omission),
            className: "mask-grid")
    }

    /// `Mask grid of m, shape [2, 4]: 5 of 8 cells kept, 3 dropped.`
    static func maskDescription(_ mask: Tensor, name: String, omission: String?) -> String {
        let kept = mask.scalars.filter { $0 != 0 }.count
        let total = mask.scalars.count
        var text = "Mask grid of \(displayName(name)), shape \(mask.shape)"
        if let worlds = mask.worlds { text += " in each of \(worlds) worlds" }
        text += ": \(kept) of \(total) cells kept (filled), \(total - kept) dropped (empty)"
        if let omission { text += "; \(omission)" }
        return text + "."
    }

    /// A picture's subject as a reader sees it: the expression it shows, or `the tensor`.
    static func displayName(_ name: String) -> String {
        name.isEmpty ? "the tensor" : name
    }
}
