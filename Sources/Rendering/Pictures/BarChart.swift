import DropoutCore
import LessonScript
import Notebook

/// Horizontal bars in plain characters, one per label, each followed by its value.
///
/// The largest value spans `width` columns; bar ends use eighth blocks (`▏▎▍▌▋▊▉`) so small
/// differences show, and any positive value gets at least an eighth so it never looks like zero.
/// Negative, NaN and zero values draw no bar. Labels are right-aligned, values right-aligned.
public func barChart(labels: [String], values: [Double], width: Int = 40) -> String {
    let rows = Array(zip(labels, values))
    if rows.isEmpty { return "(no data)" }
    let width = Swift.max(1, width)
    let largest = values.filter { $0.isFinite && $0 > 0 }.max()
    let labelWidth = rows.map(\.0.count).max() ?? 0
    let texts = rows.map { FloatText.compact($0.1) }
    let valueWidth = texts.map(\.count).max() ?? 0
    return zip(rows, texts).map { row, text in
        let bar = barText(row.1, largest: largest, width: width)
        let padding = String(repeating: " ", count: width - bar.count)
        return FloatText.leftPadded(row.0, to: labelWidth) + " │" + bar + padding + " "
            + FloatText.leftPadded(text, to: valueWidth)
    }
    .joined(separator: "\n")
}

/// A bar chart of a histogram's counts (see ``histogram(values:bins:)``).
public func barChart(_ histogram: Histogram, width: Int = 40) -> String {
    barChart(labels: histogram.labels, values: histogram.counts.map(Double.init), width: width)
}

/// Counts of values falling in consecutive bins, with a label per bin, ready for ``barChart(_:width:)``.
public struct Histogram: Sendable, Equatable {
    /// One label per bin: the whole number it counts, or its range `[a, b)`.
    public var labels: [String]
    /// How many values fell in each bin.
    public var counts: [Int]
}

/// Bins the finite `values` into `bins` equal ranges from the smallest value to the largest.
///
/// Whole-number data with no more distinct possible values than `bins` (say the number of
/// dropped units in a mask of 12) get one bin per whole number instead, labelled `0`, `1`, ...,
/// so no bin straddles two counts.
public func histogram(values: [Double], bins: Int) -> Histogram {
    let finite = values.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return Histogram(labels: [], counts: []) }
    let bins = Swift.max(1, bins)
    let isWhole = finite.allSatisfy { $0.rounded() == $0 && $0.magnitude < 1e15 }
    if isWhole && high - low < Double(bins) {
        let first = Int(low)
        var counts = [Int](repeating: 0, count: Int(high) - first + 1)
        for value in finite { counts[Int(value) - first] += 1 }
        return Histogram(labels: counts.indices.map { String(first + $0) }, counts: counts)
    }
    let span = high > low ? (high - low) / Double(bins) : 1
    var counts = [Int](repeating: 0, count: bins)
    for value in finite {
        let position = (value - low) / span
        counts[position.isFinite ? Swift.min(bins - 1, Int(position)) : 0] += 1
    }
    let labels = (0..<bins).map { bin -> String in
        let start = FloatText.compact(low + Double(bin) * span)
        let end = FloatText.compact(
            bin == bins - 1 ? low + Double(bins) * span : low + Double(bin + 1) * span)
        return "[\(start), \(end)" + (bin == bins - 1 ? "]" : ")")
    }
    return Histogram(labels: labels, counts: counts)
}

/// The bar for `value`: whole blocks then one eighth block for the remainder.
private func barText(_ value: Double, largest: Double?, width: Int) -> String {
    guard let largest, value > 0, !value.isNaN else { return "" }
    let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    var eighths = value.isInfinite ? width * 8 : Int((value / largest * Double(width * 8)).rounded())
    eighths = Swift.min(width * 8, Swift.max(1, eighths))
    return String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
}
