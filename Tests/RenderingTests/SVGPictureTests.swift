import DropoutCore
import Foundation
import Testing

@testable import LessonScript
@testable import Rendering

/// How often `needle` occurs in `text`.
private func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// The value of the first `name="..."` attribute.
private func attribute(_ name: String, in svg: String) -> String? {
    guard let start = svg.range(of: " \(name)=\"") else { return nil }
    let rest = svg[start.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}

/// One picture of each kind, as `show`, `plot` and `timegrid` make them.
private let pictures: [(kind: String, picture: Picture)] = [
    ("mask grid", .maskGrid(Tensor(rows: [[1, 0, 1], [0, 1, 1]]), name: "m")),
    ("heat map", .heatMap(Tensor(rows: [[-1.5, 0], [2, 0.25]]), name: "W")),
    (
        "line chart",
        .chart(
            Plot(
                series: [("est", [5, 6.5, 5.8, 6.1]), ("se", [1, 0.7, 0.5, 0.4])], kind: .line, labels: nil,
                reference: 6, title: "running mean"))
    ),
    (
        "bar chart",
        .chart(
            Plot(
                series: [("p", [0.25, 0.5, 0.25])], kind: .bar, labels: ["0", "1", "2"], reference: nil,
                title: "P(k)"))
    ),
    (
        "time grid",
        .timeGrid([
            TimeGridPanel(title: "naive", steps: Tensor(rows: [[1, 0, 1], [0, 1, 1]])),
            TimeGridPanel(title: "locked", steps: Tensor(rows: [[1, 0, 1], [1, 0, 1]])),
        ])
    ),
]

@Suite struct SVGPictureTests {
    @Test(arguments: pictures.map(\.kind))
    func eachKindIsANonEmptySizedPictureThatSaysWhatItShows(kind: String) throws {
        let picture = try #require(pictures.first { $0.kind == kind }?.picture)
        let svg = SVGPicture.render(picture)
        let description = SVGPicture.description(picture)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(description.lowercased().hasPrefix(kind))
        #expect(attribute("aria-label", in: svg) == HTMLText.attribute(description))
        #expect(svg.contains("<title>\(HTMLText.escape(description))</title>"))
        #expect(attribute("role", in: svg) == "img")
        let width = try #require(attribute("width", in: svg).flatMap(Double.init))
        let height = try #require(attribute("height", in: svg).flatMap(Double.init))
        #expect(width > 20 && height > 10)
        #expect(attribute("viewBox", in: svg) == "0 0 \(svgNumber(width)) \(svgNumber(height))")
        #expect(count("<rect", in: svg) + count("<polyline", in: svg) > 0)
        // Pictures share pages: no ids to collide, nothing fetched.
        #expect(!svg.contains(" id=") && !svg.contains("href") && !svg.contains("<script"))
    }

    @Test func maskGridFillsKeptCellsAndOutlinesDroppedOnes() {
        let svg = SVGPicture.maskGrid(Tensor(rows: [[1, 0, 1], [0, 1, 1]]), name: "m")
        #expect(count("class=\"kept\"", in: svg) == 4)
        #expect(count("class=\"dropped\"", in: svg) == 2)
        #expect(
            SVGPicture.description(.maskGrid(Tensor(rows: [[1, 0, 1], [0, 1, 1]]), name: "m"))
                == "Mask grid of m, shape [2, 3]: 4 of 6 cells kept (filled), 2 dropped (empty).")
        let blocks = SVGPicture.maskGrid(Tensor(shape: [2, 1, 2], scalars: [1, 0, 0, 1]), name: "b")
        #expect(blocks.contains(">[0]</text>") && blocks.contains(">[1]</text>"))
    }

    @Test func heatMapColoursBySignAndHasALegend() {
        let svg = SVGPicture.heatMap(Tensor(rows: [[-1.5, 0], [2, .nan]]), name: "W")
        #expect(svg.contains(">min -1.5</text>") && svg.contains(">max 2</text>"))
        #expect(svg.contains(">nan</text>"))
        // Both signs: white at zero, red for the largest, grey for NaN.
        #expect(svg.contains("fill=\"#f7f7f7\" class=\"heat\"><title>[0, 1] = 0</title>"))
        #expect(svg.contains("fill=\"#b2182b\" class=\"heat\"><title>[1, 0] = 2</title>"))
        #expect(svg.contains("fill=\"#b0b0b0\" class=\"heat\"><title>[1, 1] = nan</title>"))
        let description = SVGPicture.description(.heatMap(Tensor(rows: [[-1.5, 0], [2, .nan]]), name: "W"))
        #expect(description.contains("values from -1.5 to 2 (blue below zero, white at zero, red above)"))
        #expect(description.contains("1 NaN cell in grey"))
        // One sign: light to dark.
        let positive = SVGPicture.heatMap(Tensor([0, 1]), name: "p")
        #expect(positive.contains("fill=\"#f7fbff\" class=\"heat\"><title>[0] = 0</title>"))
        #expect(positive.contains("fill=\"#08306b\" class=\"heat\"><title>[1] = 1</title>"))
    }

    @Test func lineChartDrawsEachSeriesAxesAReferenceAndALegend() {
        let plot = Plot(
            series: [("est", [5, 6.5, 5.8, 6.1]), ("se", [1, 0.7, .nan, 0.4])], kind: .line, labels: nil,
            reference: 6, title: "running mean")
        let svg = SVGPicture.lineChart(plot)
        // The NaN splits the second series in two.
        #expect(count("<polyline", in: svg) == 3)
        #expect(count("class=\"series-0\"", in: svg) == 2)  // its line and its legend sample
        #expect(count("class=\"reference\"", in: svg) == 2)
        #expect(svg.contains(">running mean</text>"))
        #expect(
            svg.contains(">est</text>") && svg.contains(">se</text>") && svg.contains(">reference 6</text>"))
        #expect(count("class=\"axis\"", in: svg) >= 2)
        #expect(svg.contains(">0</text>") && svg.contains(">3</text>"))  // x ticks at the indices
        #expect(
            SVGPicture.description(.chart(plot))
                == "Line chart “running mean”: est (solid): 4 points, y from 5 to 6.5; se (dashed): 4 points, y from 0.4 to 1; dashed grey reference line at 6."
        )
    }

    @Test func barChartDrawsOneBarPerLabelFromZero() throws {
        let plot = Plot(
            series: [("d", [2, -1, 0.5])], kind: .bar, labels: ["a", "b", "c"], reference: nil, title: nil)
        let svg = SVGPicture.barChart(plot)
        #expect(count("class=\"bar\"", in: svg) == 3)
        #expect(svg.contains(">a</text>") && svg.contains(">b</text>") && svg.contains(">c</text>"))
        #expect(svg.contains(">-1</text>") && svg.contains(">0.5</text>"))
        #expect(SVGPicture.description(.chart(plot)) == "Bar chart of 3 bars: a: 2, b: -1, c: 0.5.")
        // The negative bar ends left of the zero line, where the positive ones start.
        let bars = svg.components(separatedBy: "<rect").dropFirst().map { String($0) }
        let xs = bars.compactMap { attribute("x", in: $0).flatMap(Double.init) }
        #expect(xs.count == 3)
        #expect(xs[1] < xs[0] && xs[0] == xs[2])
    }

    @Test func timeGridDrawsOnePanelPerArgumentAndEachStep() {
        let panels = [
            TimeGridPanel(title: "naive", steps: Tensor(rows: [[1, 0, 1], [0, 1, 1]])),
            TimeGridPanel(
                title: "locked", steps: Tensor(shape: [2, 2, 2], scalars: [1, 0, 1, 1, 1, 0, 1, 1])),
        ]
        let svg = SVGPicture.timeGrid(panels)
        #expect(svg.contains(">naive</text>") && svg.contains(">locked</text>"))
        #expect(svg.contains(">t=0</text>") && svg.contains(">t=1</text>") && !svg.contains(">t=2</text>"))
        #expect(count("class=\"kept\"", in: svg) == 4 + 6)
        #expect(count("class=\"dropped\"", in: svg) == 2 + 2)
        #expect(
            SVGPicture.description(.timeGrid(panels))
                == "Time grid of naive and locked over 2 time steps (rows), units in columns, filled cells kept: naive 4 of 6 kept; locked 6 of 8 kept."
        )
    }

    @Test func namesAndTitlesAreEscaped() {
        let svg = SVGPicture.maskGrid(Tensor([1, 0]), name: "a<b & \"c\"")
        #expect(svg.contains("<title>Mask grid of a&lt;b &amp; \"c\", shape"))
        #expect(svg.contains("aria-label=\"Mask grid of a&lt;b &amp; &quot;c&quot;, shape"))
        let chart = SVGPicture.barChart(
            Plot(series: [("v", [1])], kind: .bar, labels: ["<x>"], reference: nil, title: "T & <U>"))
        #expect(chart.contains(">T &amp; &lt;U&gt;</text>") && chart.contains(">&lt;x&gt;</text>"))
        #expect(!chart.contains("<x>") && !chart.contains("<U>"))
    }

    @Test func veryLargeGridsAreCutAndSaySo() {
        let svg = SVGPicture.maskGrid(Tensor(repeating: 1, shape: [100, 200]), name: "big")
        #expect(count("<rect", in: svg) == 64 * 96)
        #expect(svg.contains("first 64 of 100 rows, first 96 of 200 columns shown"))
        #expect(
            SVGPicture.description(.maskGrid(Tensor(repeating: 1, shape: [100, 200]), name: "big")).contains(
                "first 64 of 100 rows"))
    }

    @Test func longSeriesAreThinnedToTheChartsWidth() {
        let values = (0..<100_000).map { Double($0 % 7) }
        let svg = SVGPicture.lineChart(
            Plot(series: [("v", values)], kind: .line, labels: nil, reference: nil, title: nil))
        #expect(svg.utf8.count < 60_000)
        #expect(svg.contains("<polyline"))
    }
}
