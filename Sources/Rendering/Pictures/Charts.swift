import DropoutCore
import LessonScript
import Notebook

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A line chart of one or more series in plain characters, for the terminal and for transcripts.
///
/// Series draw as `*`, `o`, `+`, `x`, `#` (the first series on top); an optional horizontal
/// reference line (say the exact expectation a Monte Carlo mean should approach) draws as `-`.
/// The y axis carries round-number ticks, the x axis the point index or the given x values, and a
/// legend names each mark. Only plain characters, no colour, so recorded output stays stable.
public struct LineChart: Sendable {
    /// The series to draw, each a label and its values (NaN and infinite values are skipped).
    public var series: [(label: String, values: [Double])]
    /// The x value of each point, or `nil` to use the index 0, 1, 2, ...
    public var xValues: [Double]?
    /// The plot area's width in columns.
    public var width: Int
    /// The plot area's height in rows.
    public var height: Int
    /// A caption under the x axis.
    public var xLabel: String?
    /// The value of a horizontal reference line.
    public var reference: Double?

    /// Creates a chart; `width` and `height` size the plot area, not counting axes and labels.
    public init(
        series: [(label: String, values: [Double])], xValues: [Double]? = nil, width: Int = 60,
        height: Int = 12,
        xLabel: String? = nil, reference: Double? = nil
    ) {
        self.series = series
        self.xValues = xValues
        self.width = width
        self.height = height
        self.xLabel = xLabel
        self.reference = reference
    }

    static let marks: [Character] = ["*", "o", "+", "x", "#"]

    /// The chart as lines of text.
    public func render() -> String {
        let width = Swift.max(2, self.width)
        let height = Swift.max(2, self.height)
        let count = series.map(\.values.count).max() ?? 0
        let xs = (0..<count).map { index in
            xValues.flatMap { index < $0.count ? $0[index] : nil } ?? Double(index)
        }
        var ys = series.flatMap(\.values).filter(\.isFinite)
        if let reference, reference.isFinite { ys.append(reference) }
        let finiteXs = xs.filter(\.isFinite)
        guard let yLow = ys.min(), let yHigh = ys.max(), let xLow = finiteXs.min(), let xHigh = finiteXs.max()
        else { return "(no data)" }
        let yAxis = ChartAxis(
            low: yLow, high: yHigh, cells: height, isIntegral: false, padsFlatRange: true, minimumGap: 2)
        let xAxis = ChartAxis(
            low: xLow, high: xHigh, cells: width, isIntegral: xValues == nil, padsFlatRange: false,
            minimumGap: 8)

        var grid = [[Character]](repeating: [Character](repeating: " ", count: width), count: height)
        if let reference, reference.isFinite {
            let row = height - 1 - yAxis.cell(reference)
            grid[row] = [Character](repeating: "-", count: width)
        }
        for (number, line) in series.enumerated().reversed() {
            let mark = Self.marks[number % Self.marks.count]
            for (column, index) in xAxis.nearestPoints(xs: Array(xs.prefix(line.values.count)))
            where line.values[index].isFinite {
                grid[height - 1 - yAxis.cell(line.values[index])][column] = mark
            }
        }

        let ticks = yAxis.ticks()
        let labelWidth = ticks.map(\.label.count).max() ?? 0
        var lines: [String] = []
        for row in 0..<height {
            let tick = ticks.first { height - 1 - $0.cell == row }
            let label = FloatText.leftPadded(tick?.label ?? "", to: labelWidth)
            lines.append(label + (tick == nil ? " │" : " ┤") + String(grid[row]))
        }
        let margin = String(repeating: " ", count: labelWidth + 1)
        let xTicks = xAxis.ticks()
        var axis = [Character](repeating: "─", count: width)
        for tick in xTicks { axis[tick.cell] = "┬" }
        lines.append(margin + "└" + String(axis))
        lines.append(margin + " " + Self.tickLabels(xTicks, width: width))
        if let xLabel, !xLabel.isEmpty {
            lines.append(
                margin + " " + String(repeating: " ", count: Swift.max(0, (width - xLabel.count) / 2))
                    + xLabel)
        }
        var legend = series.enumerated().filter { !$0.element.label.isEmpty }.map {
            "\(Self.marks[$0.offset % Self.marks.count]) \($0.element.label)"
        }
        if let reference { legend.append("- reference \(FloatText.compact(reference))") }
        if !legend.isEmpty { lines.append(margin + " " + legend.joined(separator: "   ")) }
        return lines.map { $0.trailingWhitespaceTrimmed() }.joined(separator: "\n")
    }

    /// Tick labels placed under their columns, each starting at its tick, skipping any that would collide.
    private static func tickLabels(_ ticks: [ChartAxis.Tick], width: Int) -> String {
        var line = [Character](repeating: " ", count: width)
        var nextFree = 0
        for tick in ticks {
            let text = Array(tick.label)
            let start = Swift.min(tick.cell, width - text.count)
            guard start >= nextFree, start >= 0 else { continue }
            line.replaceSubrange(start..<(start + text.count), with: text)
            nextFree = start + text.count + 1
        }
        return String(line)
    }
}

/// Draws a line chart of `series` (see ``LineChart``), e.g. training and validation loss.
public func lineChart(
    series: [(label: String, values: [Double])], width: Int = 60, height: Int = 12, xLabel: String? = nil,
    reference: Double? = nil, xValues: [Double]? = nil
) -> String {
    LineChart(
        series: series, xValues: xValues, width: width, height: height, xLabel: xLabel, reference: reference
    )
    .render()
}

/// A linear map from a value range onto `cells` character cells, with round-number ticks.
struct ChartAxis {
    /// A tick: the cell it marks (0 at the low end) and its label.
    struct Tick: Equatable {
        var cell: Int
        var label: String
    }

    let low: Double
    let high: Double
    let cells: Int
    /// Whether the values are indices, so ticks must fall on whole numbers.
    let isIntegral: Bool
    /// The fewest cells between two ticks.
    let minimumGap: Int

    /// A flat range is widened when `padsFlatRange`, so a constant series draws mid-height.
    init(low: Double, high: Double, cells: Int, isIntegral: Bool, padsFlatRange: Bool, minimumGap: Int) {
        var (low, high) = (low, high)
        if low == high && padsFlatRange {
            let pad = low == 0 ? 1 : low.magnitude / 10
            (low, high) = (low - pad, high + pad)
        }
        self.low = low
        self.high = high
        self.cells = cells
        self.isIntegral = isIntegral
        self.minimumGap = minimumGap
    }

    /// The cell whose centre is nearest `value`, clamped to the axis.
    func cell(_ value: Double) -> Int {
        let position = fraction(value)
        // A range too wide for a double (say -1e308 to 1e308) has no position; use the low end.
        guard position.isFinite else { return 0 }
        return Int(position.rounded()).clamped(to: 0...(cells - 1))
    }

    /// The exact (fractional) cell position of `value`.
    private func fraction(_ value: Double) -> Double {
        high > low ? (value - low) / (high - low) * Double(cells - 1) : 0
    }

    /// For each cell that some point falls in, the point nearest the cell's centre.
    func nearestPoints(xs: [Double]) -> [(cell: Int, index: Int)] {
        var best: [Int: (index: Int, distance: Double)] = [:]
        for (index, x) in xs.enumerated() where x.isFinite {
            let position = fraction(x)
            let cell = cell(x)
            let distance = (position - Double(cell)).magnitude
            if let current = best[cell], current.distance <= distance { continue }
            best[cell] = (index, distance)
        }
        return best.keys.sorted().map { ($0, best[$0]!.index) }
    }

    /// Ticks at multiples of a round step (1, 2, 2.5 or 5 times a power of ten), three to six intervals.
    func ticks() -> [Tick] {
        guard high > low else { return [Tick(cell: 0, label: FloatText.compact(low))] }
        let raw = (high - low) / 3
        let magnitude = pow(10, floor(log10(raw)))
        let normalized = raw / magnitude
        // The largest round step not above a third of the range, widened until ticks sit
        // `minimumGap` cells apart, so no two labels share a row or crowd a column.
        let steps = [1, 2, 2.5, 5, 10, 20, 25, 50, 100]
        var choice = steps.lastIndex { $0 <= normalized } ?? 0
        let smallest = (high - low) * Double(minimumGap) / Double(Swift.max(1, cells - 1))
        while choice < steps.count - 1 && steps[choice] * magnitude < smallest { choice += 1 }
        var step = steps[choice] * magnitude
        if isIntegral { step = Swift.max(1, step.rounded(.down)) }
        var ticks: [Tick] = []
        var multiple = (low / step).rounded(.up)
        while multiple * step <= high + (high - low) * 1e-9 {
            let tick = Tick(cell: cell(multiple * step), label: FloatText.compact(multiple * step))
            if ticks.last?.cell != tick.cell { ticks.append(tick) }
            multiple += 1
        }
        return ticks
    }
}

extension Comparable {
    /// The value limited to `range`.
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}

extension String {
    /// The string without trailing spaces, so recorded charts compare cleanly.
    fileprivate func trailingWhitespaceTrimmed() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
