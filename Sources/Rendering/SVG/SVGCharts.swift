import DropoutCore
import LessonScript

extension SVGPicture {
    /// The width every chart is drawn at; a narrow page scales it down.
    static let chartWidth = 480.0

    /// A line chart: round-number ticks on both axes (the terminal chart's), one line per
    /// series in its own colour and dash pattern, a dashed reference line, a title and a legend.
    public static func lineChart(_ plot: LessonScript.Plot) -> String {
        let count = plot.series.map(\.values.count).max() ?? 0
        let xs = (0..<count).map { index in
            plot.xValues.flatMap { index < $0.count ? $0[index] : nil } ?? Double(index)
        }
        var ys = plot.series.flatMap(\.values).filter(\.isFinite)
        if let reference = plot.reference, reference.isFinite { ys.append(reference) }
        let finiteXs = xs.filter(\.isFinite)
        let label = chartDescription(plot)
        guard let yLow = ys.min(), let yHigh = ys.max(), let xLow = finiteXs.min(), let xHigh = finiteXs.max()
        else { return noData(title: plot.title, label: label) }

        var svg = SVGWriter()
        let top = title(plot.title, into: &svg) + 8
        let plotHeight = 220.0
        let yAxis = ChartAxis(
            low: yLow, high: yHigh, cells: Int(plotHeight) + 1, isIntegral: false, padsFlatRange: true,
            minimumGap: 28)
        let yTicks = yAxis.ticks()
        let left = (yTicks.map { SVGWriter.textWidth($0.label) }.max() ?? 0) + 14
        let plotWidth = chartWidth - left - 16
        let xAxis = ChartAxis(
            low: xLow, high: xHigh, cells: Int(plotWidth) + 1, isIntegral: plot.xValues == nil,
            padsFlatRange: false, minimumGap: 70)
        let frame = ChartFrame(left: left, top: top, width: plotWidth, height: plotHeight)
        func px(_ x: Double) -> Double { frame.left + position(x, on: xAxis) * frame.width }
        func py(_ y: Double) -> Double { frame.bottom - position(y, on: yAxis) * frame.height }

        for tick in yTicks {
            let y = frame.bottom - Double(tick.cell)
            svg.line(
                x1: frame.left, y1: y, x2: frame.right, y2: y, stroke: SVGColors.gridline,
                className: "gridline")
            svg.line(
                x1: frame.left - 4, y1: y, x2: frame.left, y2: y, stroke: SVGColors.axis, className: "axis")
            svg.text(
                tick.label, x: frame.left - 7, y: y + 4, anchor: .end, className: "muted",
                fill: SVGColors.muted)
        }
        for tick in xAxis.ticks() {
            let x = frame.left + Double(tick.cell)
            svg.line(
                x1: x, y1: frame.bottom, x2: x, y2: frame.bottom + 4, stroke: SVGColors.axis,
                className: "axis")
            svg.text(
                tick.label, x: x, y: frame.bottom + 17, anchor: .middle, className: "muted",
                fill: SVGColors.muted)
        }
        frame.axes(into: &svg)

        if let reference = plot.reference, reference.isFinite {
            let y = py(reference)
            svg.line(
                x1: frame.left, y1: y, x2: frame.right, y2: y, stroke: SVGColors.muted,
                className: "reference",
                width: 1.5, dash: "5 4")
        }
        for (number, series) in plot.series.enumerated().reversed() {
            let style = SVGColors.series[number % SVGColors.series.count]
            let points = zip(xs, series.values).map { (x: $0, y: $1) }
            for segment in finiteSegments(points) {
                let thinned = thin(segment, columns: Int(plotWidth))
                svg.polyline(
                    thinned.map { (x: px($0.x), y: py($0.y)) }, stroke: style.color,
                    className: "series-\(number % 5)",
                    dash: style.dash)
            }
            if points.count <= 40 {
                for point in points where point.x.isFinite && point.y.isFinite {
                    svg.circle(
                        x: px(point.x), y: py(point.y), radius: 2.5, fill: style.color,
                        className: "dot-\(number % 5)")
                }
            }
        }

        var entries = plot.series.enumerated().filter { !$0.element.label.isEmpty }.map { number, series in
            LegendEntry(
                text: series.label, style: SVGColors.series[number % SVGColors.series.count],
                className: "series-\(number % 5)")
        }
        if let reference = plot.reference {
            entries.append(
                LegendEntry(
                    text: "reference " + FloatText.compact(reference), style: (SVGColors.muted, "5 4"),
                    className: "reference"))
        }
        let bottom = legend(entries, top: frame.bottom + 30, into: &svg)
        return svg.document(
            width: chartWidth, height: bottom + 4, label: label, className: "chart line-chart")
    }

    /// A bar chart: one horizontal bar per label from zero to its value, each value written
    /// after its bar, and a value axis with round-number ticks.
    public static func barChart(_ plot: LessonScript.Plot) -> String {
        let values = plot.series.first?.values ?? []
        let labels = plot.labels ?? values.indices.map(String.init)
        let rows = Array(zip(labels, values))
        let label = chartDescription(plot)
        let finite = values.filter(\.isFinite)
        guard !rows.isEmpty, let lowest = finite.min(), let highest = finite.max() else {
            return noData(title: plot.title, label: label)
        }
        var svg = SVGWriter()
        let top = title(plot.title, into: &svg) + 8
        let rowHeight = 22.0
        let valueTexts = rows.map { FloatText.compact($0.1) }
        let labelWidth = (rows.map { SVGWriter.textWidth($0.0) }.max() ?? 0) + 10
        let valueWidth = (valueTexts.map { SVGWriter.textWidth($0) }.max() ?? 0) + 10
        let left = 4 + labelWidth
        let plotWidth = chartWidth - left - valueWidth - 8
        let frame = ChartFrame(left: left, top: top, width: plotWidth, height: rowHeight * Double(rows.count))
        let low = Swift.min(0, lowest)
        let high = Swift.max(0, highest) > low ? Swift.max(0, highest) : low + 1
        let axis = ChartAxis(
            low: low, high: high, cells: Int(plotWidth) + 1, isIntegral: false, padsFlatRange: false,
            minimumGap: 70)
        func px(_ value: Double) -> Double { frame.left + position(value, on: axis) * frame.width }

        for tick in axis.ticks() {
            let x = frame.left + Double(tick.cell)
            svg.line(
                x1: x, y1: frame.top, x2: x, y2: frame.bottom, stroke: SVGColors.gridline,
                className: "gridline")
            svg.line(
                x1: x, y1: frame.bottom, x2: x, y2: frame.bottom + 4, stroke: SVGColors.axis,
                className: "axis")
            svg.text(
                tick.label, x: x, y: frame.bottom + 17, anchor: .middle, className: "muted",
                fill: SVGColors.muted)
        }
        let zero = px(0)
        for (index, row) in rows.enumerated() {
            let y = frame.top + Double(index) * rowHeight
            svg.text(row.0, x: frame.left - 8, y: y + 15, anchor: .end)
            if row.1.isFinite {
                let end = px(row.1)
                svg.rect(
                    x: Swift.min(zero, end), y: y + 4, width: Swift.max(row.1 == 0 ? 0 : 1, abs(end - zero)),
                    height: rowHeight - 8, fill: SVGColors.bar, className: "bar",
                    tooltip: "\(row.0): \(valueTexts[index])")
            }
            let valueX = row.1.isFinite ? Swift.max(zero, px(row.1)) + 5 : zero + 5
            svg.text(valueTexts[index], x: valueX, y: y + 15, className: "muted", fill: SVGColors.muted)
        }
        svg.line(
            x1: zero, y1: frame.top, x2: zero, y2: frame.bottom, stroke: SVGColors.axis, className: "axis")
        svg.line(
            x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, stroke: SVGColors.axis,
            className: "axis")
        return svg.document(
            width: chartWidth, height: frame.bottom + 26, label: label, className: "chart bar-chart")
    }

    /// What a chart shows, in words: its title, each series' extent, and the bars' values.
    static func chartDescription(_ plot: LessonScript.Plot) -> String {
        let titled = plot.title.map { " “\($0)”" } ?? ""
        switch plot.kind {
        case .bar:
            let values = plot.series.first?.values ?? []
            let labels = plot.labels ?? values.indices.map(String.init)
            let pairs = zip(labels, values).map { "\($0): \(FloatText.compact($1))" }
            var text = "Bar chart\(titled) of \(pairs.count) bar\(pairs.count == 1 ? "" : "s")"
            if pairs.count <= 24 {
                text += ": " + pairs.joined(separator: ", ")
            } else if let first = labels.first, let last = labels.last {
                let finite = values.filter(\.isFinite)
                text += " labelled \(first) to \(last)"
                if let low = finite.min(), let high = finite.max() {
                    text += ", values from \(FloatText.compact(low)) to \(FloatText.compact(high))"
                }
            }
            return text + "."
        case .line:
            let parts = plot.series.enumerated().map { number, series -> String in
                let finite = series.values.filter(\.isFinite)
                let name = series.label.isEmpty ? "series \(number + 1)" : series.label
                let style = number == 0 ? "solid" : "dashed"
                guard let low = finite.min(), let high = finite.max() else {
                    return "\(name) (\(style)): no finite values"
                }
                return
                    "\(name) (\(style)): \(series.values.count) points, y from \(FloatText.compact(low)) to \(FloatText.compact(high))"
            }
            var text = "Line chart\(titled): " + parts.joined(separator: "; ")
            if let xs = plot.xValues?.filter(\.isFinite), let low = xs.min(), let high = xs.max() {
                text += "; x from \(FloatText.compact(low)) to \(FloatText.compact(high))"
            }
            if let reference = plot.reference {
                text += "; dashed grey reference line at \(FloatText.compact(reference))"
            }
            return text + "."
        }
    }

    /// The chart's title in bold at the top; returns the height it took.
    private static func title(_ title: String?, into svg: inout SVGWriter) -> Double {
        guard let title, !title.isEmpty else { return 4 }
        svg.text(title, x: 4, y: 16, size: 14, bold: true)
        return 24
    }

    private static func noData(title: String?, label: String) -> String {
        var svg = SVGWriter()
        let top = self.title(title, into: &svg)
        svg.text("(no data)", x: 4, y: top + 14, className: "muted", fill: SVGColors.muted)
        return svg.document(width: 200, height: top + 22, label: label, className: "chart")
    }

    /// Where `value` falls along `axis`, 0 at its low end and 1 at its high end.
    private static func position(_ value: Double, on axis: ChartAxis) -> Double {
        guard axis.high > axis.low else { return 0.5 }
        let fraction = (value - axis.low) / (axis.high - axis.low)
        return fraction.isFinite ? Swift.min(1, Swift.max(0, fraction)) : 0
    }

    /// Runs of points with finite coordinates: a NaN breaks the line.
    private static func finiteSegments(_ points: [(x: Double, y: Double)]) -> [[(x: Double, y: Double)]] {
        var segments: [[(x: Double, y: Double)]] = [[]]
        for point in points {
            if point.x.isFinite && point.y.isFinite {
                segments[segments.count - 1].append(point)
            } else if !(segments.last?.isEmpty ?? true) {
                segments.append([])
            }
        }
        return segments.filter { !$0.isEmpty }
    }

    /// At most four points per pixel column (first, lowest, highest, last), which draws the
    /// same line as all of them: a 100000-sample running mean stays a few kilobytes.
    private static func thin(_ points: [(x: Double, y: Double)], columns: Int) -> [(x: Double, y: Double)] {
        guard points.count > 4 * columns, let low = points.map(\.x).min(), let high = points.map(\.x).max(),
            high > low
        else { return points }
        var result: [(x: Double, y: Double)] = []
        var bucket: [(x: Double, y: Double)] = []
        var current = -1
        func flush() {
            guard let first = bucket.first, let last = bucket.last else { return }
            let lowest = bucket.min { $0.y < $1.y }!
            let highest = bucket.max { $0.y < $1.y }!
            let ordered = [first, lowest, highest, last].sorted { $0.x < $1.x }
            for point in ordered where result.last.map({ $0 != point }) ?? true { result.append(point) }
            bucket = []
        }
        for point in points {
            let column = Int((point.x - low) / (high - low) * Double(columns))
            if column != current {
                flush()
                current = column
            }
            bucket.append(point)
        }
        flush()
        return result
    }

    /// One legend item: a line sample in the series' style, then its name.
    private struct LegendEntry {
        var text: String
        var style: (color: String, dash: String)
        var className: String
    }

    /// Legend items left to right, wrapping at the chart's width; returns the bottom edge.
    private static func legend(_ entries: [LegendEntry], top: Double, into svg: inout SVGWriter) -> Double {
        guard !entries.isEmpty else { return top - 8 }
        var x = 8.0
        var y = top
        for entry in entries {
            let width = 30 + SVGWriter.textWidth(entry.text) + 18
            if x > 8 && x + width > chartWidth {
                x = 8
                y += 20
            }
            svg.line(
                x1: x, y1: y + 8, x2: x + 24, y2: y + 8, stroke: entry.style.color,
                className: entry.className,
                width: 2, dash: entry.style.dash)
            svg.text(entry.text, x: x + 30, y: y + 12)
            x += width
        }
        return y + 20
    }
}

/// The plot area of a chart, in pixels.
private struct ChartFrame {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var right: Double { left + width }
    var bottom: Double { top + height }

    /// The left and bottom axis lines.
    func axes(into svg: inout SVGWriter) {
        svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: SVGColors.axis, className: "axis")
        svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: SVGColors.axis, className: "axis")
    }
}
