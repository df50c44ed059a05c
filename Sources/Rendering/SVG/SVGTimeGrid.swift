import DropoutCore
import LessonScript

extension SVGPicture {
    /// Masks across time side by side, as the terminal's ``timeGrid(_:filled:empty:)``: one
    /// row per time step, one column per unit, kept cells filled; a `[T, batch, units]` panel
    /// groups each example's units. A batched tensor shows its first world.
    public static func timeGrid(_ panels: [TimeGridPanel]) -> String {
        let maxSteps = 64
        let layouts = panels.map { TimeGridLayout($0.steps.world(0), maxSteps: maxSteps) }
        let steps = layouts.map(\.steps).max() ?? 0
        let shownSteps = Swift.min(steps, maxSteps)
        let totalColumns = layouts.map { $0.groups * $0.units }.reduce(0, +)
        let cell = gridCellSize(columns: totalColumns, largest: 16, width: 480)
        let gap = cell >= 10 ? 2.0 : 1.0
        let pitch = cell + gap
        let groupGap = cell / 2 + 2
        let labelWidth = SVGWriter.textWidth("t=\(Swift.max(0, shownSteps - 1))") + 10
        let top = 24.0
        var svg = SVGWriter()
        for t in 0..<shownSteps {
            svg.text(
                "t=\(t)", x: 2, y: top + Double(t) * pitch + cell / 2 + 4, className: "muted",
                fill: SVGColors.muted)
        }
        var x = labelWidth
        for (panel, layout) in zip(panels, layouts) {
            svg.text(panel.title, x: x, y: 14, bold: true)
            var panelWidth = SVGWriter.textWidth(panel.title)
            for t in 0..<Swift.min(layout.steps, maxSteps) {
                for group in 0..<layout.groups {
                    for unit in 0..<layout.units {
                        let kept = layout.value(step: t, group: group, unit: unit) != 0
                        let cellX =
                            x + Double(group) * (Double(layout.units) * pitch + groupGap) + Double(unit)
                            * pitch
                        svg.rect(
                            x: cellX, y: top + Double(t) * pitch, width: cell, height: cell,
                            fill: kept ? SVGColors.kept : SVGColors.dropped,
                            stroke: kept ? nil : SVGColors.droppedStroke,
                            className: kept ? "kept" : "dropped",
                            radius: cell * 0.15)
                    }
                }
            }
            let cellsWidth =
                Double(layout.groups * layout.units) * pitch + Double(Swift.max(0, layout.groups - 1))
                * groupGap
            panelWidth = Swift.max(panelWidth, cellsWidth)
            x += panelWidth + 24
        }
        var height = top + Double(shownSteps) * pitch + 4
        if steps > shownSteps {
            svg.text(
                "first \(shownSteps) of \(steps) time steps shown", x: 2, y: height + 12, className: "muted",
                fill: SVGColors.muted)
            height += 18
        }
        return svg.document(
            width: Swift.max(x - 20, 40), height: height, label: timeGridDescription(panels),
            className: "time-grid")
    }

    /// `Time grid of naive and locked over 3 time steps (rows), units in columns, filled cells
    /// kept: naive 7 of 12 kept; locked 9 of 12 kept.`
    static func timeGridDescription(_ panels: [TimeGridPanel]) -> String {
        let titles = panels.map(\.title)
        let names =
            titles.count <= 1
            ? (titles.first ?? "") : titles.dropLast().joined(separator: ", ") + " and " + titles.last!
        let steps = panels.map { $0.steps.rank == 0 ? 0 : $0.steps.shape[0] }.max() ?? 0
        let counts = panels.map { panel -> String in
            let scalars = panel.steps.world(0).scalars
            let kept = scalars.filter { $0 != 0 }.count
            return "\(panel.title) \(kept) of \(scalars.count) kept"
        }
        return
            "Time grid of \(names) over \(steps) time step\(steps == 1 ? "" : "s") (rows), units in columns, "
            + "filled cells kept: " + counts.joined(separator: "; ") + "."
    }
}

/// How one time-grid panel's tensor splits into steps, groups (examples) and units.
private struct TimeGridLayout {
    let tensor: Tensor
    let steps: Int
    let groups: Int
    let units: Int

    init(_ tensor: Tensor, maxSteps: Int) {
        self.tensor = tensor
        let dims = tensor.shape.dims
        steps = dims.first ?? 0
        let perStep = steps > 0 ? tensor.elementCount / steps : 0
        if dims.count >= 3 {
            units = dims.last ?? 1
            groups = units > 0 ? perStep / units : 0
        } else {
            units = perStep
            groups = 1
        }
    }

    func value(step: Int, group: Int, unit: Int) -> Double {
        tensor.scalars[step * groups * units + group * units + unit]
    }
}
