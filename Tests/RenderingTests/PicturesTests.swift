import DropoutCore
import LessonScript
import Notebook
import Testing

@testable import Rendering

@Suite struct MaskGridTests {
    @Test func drawsAMatrixAsRowsOfCells() {
        let mask = Tensor(rows: [[1, 0, 1], [0, 1, 1]])
        #expect(maskGrid(mask) == "■ □ ■\n□ ■ ■")
        #expect(maskGrid(mask, filled: "#", empty: ".") == "# . #\n. # #")
    }

    @Test func labelsEachBlockOfAHigherRankMask() {
        let mask = Tensor(shape: [2, 1, 2], scalars: [1, 0, 0, 1])
        #expect(maskGrid(mask) == "[0]\n■ □\n\n[1]\n□ ■")
        let rank4 = Tensor(shape: [1, 2, 1, 1], scalars: [1, 0])
        #expect(maskGrid(rank4) == "[0, 0]\n■\n\n[0, 1]\n□")
    }

    @Test func drawsAnyNonzeroValueAsKept() {
        #expect(maskGrid(Tensor([2, 0, -1, .nan])) == "■ □ ■ ■")
        #expect(maskGrid(Tensor(0)) == "□")
    }

    @Test func drawsOneLineForATrace() {
        let mask = Tensor(rows: [[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]])
        #expect(maskGridInline(mask) == "■ □ ■ / □ ■ □ / ...")
        #expect(maskGridInline(mask, maxRows: 4) == "■ □ ■ / □ ■ □ / ■ ■ □ / □ □ ■")
        #expect(maskGridInline(Tensor([1, 0, 1, 1]), maxColumns: 2) == "■ □ ...")
        #expect(maskGridInline(Tensor(1)) == "■")
    }

    @Test func drawsEmptyMasksAsBrackets() {
        let empty = Tensor(shape: [0, 3], scalars: [])
        #expect(maskGrid(empty) == "[]")
        #expect(maskGridInline(empty) == "[]")
    }
}

@Suite struct HeatMapTests {
    @Test func shadesASmallMatrixWithALegend() {
        let tensor = Tensor(rows: [[-1.5, 0], [1, 3.2]])
        #expect(heatMap(tensor, colored: false) == "··░░\n▒▒██\nmin -1.5 [··░░▒▒▓▓██] max 3.2")
    }

    @Test func usesTheMiddleShadeWhenEveryElementIsEqual() {
        let tensor = Tensor(repeating: 2, shape: [2, 2])
        #expect(heatMap(tensor, colored: false) == "▒▒▒▒\n▒▒▒▒\nmin 2 [··░░▒▒▓▓██] max 2")
    }

    @Test func marksNaNWithoutCrashing() {
        #expect(heatMap(Tensor([.nan, 1, 3]), colored: false) == "??··██\nmin 1 [··░░▒▒▓▓██] max 3  ?? nan")
        #expect(heatMap(Tensor([.nan]), colored: false) == "??\nno finite values  ?? nan")
        #expect(
            heatMap(Tensor([-.infinity, 0, .infinity]), colored: false) == "··▒▒██\nmin 0 [··░░▒▒▓▓██] max 0")
    }

    @Test func labelsBlocksOfARank3TensorOnOneScale() {
        let tensor = Tensor(shape: [2, 1, 2], scalars: [0, 1, 2, 4])
        #expect(heatMap(tensor, colored: false) == "[0]\n··░░\n\n[1]\n▒▒██\nmin 0 [··░░▒▒▓▓██] max 4")
    }

    @Test func centresADivergingPaletteOnZeroForSignedData() {
        let lines = heatMap(Tensor([-1, 0, 1]), colored: true).split(separator: "\n")
        #expect(lines[0] == "\u{1B}[48;5;19m  \u{1B}[48;5;231m  \u{1B}[48;5;160m  \u{1B}[0m")
        #expect(lines[1].hasPrefix("min -1 \u{1B}[48;5;19m"))
    }

    @Test func usesGreysForDataOfOneSign() {
        let lines = heatMap(Tensor([0, 1]), colored: true).split(separator: "\n")
        #expect(lines[0] == "\u{1B}[48;5;238m  \u{1B}[48;5;255m  \u{1B}[0m")
    }

    @Test func drawsEmptyTensorsAsBrackets() {
        #expect(heatMap(Tensor([]), colored: false) == "[]")
    }
}

@Suite struct ChartTests {
    @Test func drawsBarsWithEighthsAndValues() {
        let chart = barChart(labels: ["a", "bb", "c"], values: [1, 0.5, 0.3], width: 4)
        #expect(chart == " a │████   1\nbb │██   0.5\n c │█▎   0.3")
    }

    @Test func drawsNoBarForZeroNegativeOrNaN() {
        let chart = barChart(labels: ["x", "y", "z", "w"], values: [2, 0, -1, .nan], width: 2)
        #expect(chart == "x │██   2\ny │     0\nz │    -1\nw │   nan")
        #expect(barChart(labels: [], values: []) == "(no data)")
    }

    @Test func givesTinyPositiveValuesAVisibleBar() {
        #expect(
            barChart(labels: ["0", "6"], values: [0.0002, 0.2], width: 3) == "0 │▏   0.0002\n6 │███    0.2")
    }

    @Test func binsWholeNumbersOnePerValue() {
        let result = histogram(values: [0, 1, 1, 3], bins: 10)
        #expect(result == Histogram(labels: ["0", "1", "2", "3"], counts: [1, 2, 0, 1]))
        #expect(barChart(result, width: 2) == "0 │█  1\n1 │██ 2\n2 │   0\n3 │█  1")
    }

    @Test func binsOtherValuesIntoEqualRanges() {
        let result = histogram(values: [0.1, 0.5, 0.7, 1.2, 3.3, 2.2, 2.5, .nan], bins: 4)
        #expect(result.labels == ["[0.1, 0.9)", "[0.9, 1.7)", "[1.7, 2.5)", "[2.5, 3.3]"])
        #expect(result.counts == [3, 1, 1, 2])
        #expect(histogram(values: [], bins: 3) == Histogram(labels: [], counts: []))
    }

    @Test func drawsATinyLineChart() {
        let chart = lineChart(series: [(label: "loss", values: [3, 2, 1])], width: 5, height: 3)
        #expect(chart == "  │*\n2 ┤  *\n  │    *\n  └┬────\n   0\n   * loss")
    }

    @Test func drawsAReferenceLineUnderTheSeries() {
        let chart = lineChart(
            series: [(label: "mean", values: [3, 2, 1])], width: 5, height: 3, reference: 2.5)
        #expect(chart == "  │*----\n2 ┤  *\n  │    *\n  └┬────\n   0\n   * mean   - reference 2.5")
    }

    @Test func marksEachSeriesAndLabelsTheXAxis() {
        let chart = lineChart(
            series: [(label: "train", values: [1, 0.5]), (label: "valid", values: [1.5, 1])], width: 21,
            height: 5, xLabel: "epoch", xValues: [10, 30])
        let lines = chart.split(separator: "\n")
        #expect(lines.contains { $0.hasSuffix("* train   o valid") })
        #expect(lines.contains { $0.contains("10") && $0.contains("30") })
        #expect(lines.contains { $0.drop { $0 == " " } == "epoch" })
        #expect(chart.contains("o") && chart.contains("*"))
    }

    @Test func survivesMissingAndConstantData() {
        #expect(lineChart(series: []) == "(no data)")
        #expect(lineChart(series: [(label: "x", values: [.nan, .nan])]) == "(no data)")
        #expect(lineChart(series: [(label: "x", values: [1, .nan, .infinity, 3])]).contains("*"))
        let constant = lineChart(series: [(label: "c", values: [1, 1, 1])], width: 10, height: 4)
        #expect(constant.contains("1 ┤"))
    }

    @Test func survivesRangesWiderThanADouble() {
        let extremes = [-1e308, 0, 1e308]
        #expect(lineChart(series: [(label: "x", values: extremes)], xValues: extremes).contains("*"))
        #expect(heatMap(Tensor(extremes), colored: true).contains("max 1.e+308"))
        #expect(histogram(values: extremes, bins: 2).counts.reduce(0, +) == 3)
        #expect(histogram(values: [1e300], bins: 2).counts == [1, 0])
    }

    @Test func isDeterministic() {
        let values = (0..<500).map { Double($0 % 7) / 7 }
        let chart = LineChart(series: [(label: "v", values: values)], reference: 0.5)
        #expect(chart.render() == chart.render())
    }
}
