import DropoutCore
import LessonScript
import Notebook

/// Masks across time drawn as time-by-unit grids, side by side: one row per time step `t`,
/// one column per unit, kept (nonzero) cells filled and dropped (zero) ones empty.
///
/// ```
///       naive      locked
/// t=0   ■ □ ■ ■    ■ □ ■ ■
/// t=1   □ ■ ■ □    ■ □ ■ ■
/// t=2   ■ ■ □ ■    ■ □ ■ ■
/// ```
///
/// A `[T, batch, units]` panel shows each example's units as a group, groups separated by
/// ` | `. Panels of different lengths leave the missing rows blank. Only plain characters,
/// so recorded lesson output stays stable. A batched tensor shows its first world.
public func timeGrid(_ panels: [TimeGridPanel], filled: String = "■", empty: String = "□") -> String {
    let steps = panels.map { $0.steps.rank == 0 ? 0 : $0.steps.shape[0] }.max() ?? 0
    let labels = (0..<steps).map { "t=\($0)" }
    let labelWidth = labels.map(\.count).max() ?? 0
    var columns = [[String]]()
    for panel in panels {
        let rows = timeGridRows(panel.steps.world(0), filled: filled, empty: empty)
        let width = Swift.max(panel.title.count, rows.map(\.count).max() ?? 0)
        var column = [panel.title.padding(toWidth: width)]
        for t in 0..<steps { column.append((t < rows.count ? rows[t] : "").padding(toWidth: width)) }
        columns.append(column)
    }
    var lines = [String]()
    for line in 0...steps {
        let label = (line == 0 ? "" : labels[line - 1]).padding(toWidth: labelWidth)
        let cells = columns.map { $0[line] }.joined(separator: "    ")
        var text = label + "   " + cells
        while text.last == " " { text.removeLast() }
        lines.append(text)
    }
    return lines.joined(separator: "\n")
}

/// One line of cells per time step for a `[T]`, `[T, units]` or `[T, batch, units]` tensor.
private func timeGridRows(_ steps: Tensor, filled: String, empty: String) -> [String] {
    guard steps.rank >= 1, steps.shape[0] > 0 else { return [] }
    let cells = steps.scalars.map { $0 != 0 ? filled : empty }
    let perStep = steps.elementCount / steps.shape[0]
    let group = steps.rank >= 3 ? steps.shape.dims.last! : Swift.max(perStep, 1)
    return (0..<steps.shape[0]).map { t in
        let row = cells[(t * perStep)..<((t + 1) * perStep)]
        return stride(from: row.startIndex, to: row.endIndex, by: Swift.max(group, 1)).map {
            row[$0..<Swift.min($0 + group, row.endIndex)].joined(separator: " ")
        }.joined(separator: " | ")
    }
}

extension String {
    /// The string padded with spaces on the right to `width` characters.
    fileprivate func padding(toWidth width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
