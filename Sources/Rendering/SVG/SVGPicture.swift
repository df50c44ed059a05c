import DropoutCore
import LessonScript

/// Pictures drawn as SVG from their data, for web pages and notebooks.
///
/// Each picture is one self-contained `<svg>` element: its own size and `viewBox`, colours
/// as presentation attributes (with classes a page may restyle), no scripts, fonts or links,
/// and no `id`s, so any number of them can share a page. Each states what it shows in a
/// `<title>` and an `aria-label` (``description(_:)``), for readers who cannot see it.
public enum SVGPicture {
    /// The picture as an `<svg>` element.
    public static func render(_ picture: Picture) -> String {
        switch picture {
        case .maskGrid(let mask, let name): maskGrid(mask, name: name)
        case .heatMap(let tensor, let name): heatMap(tensor, name: name)
        case .chart(let plot): plot.kind == .bar ? barChart(plot) : lineChart(plot)
        case .timeGrid(let panels): timeGrid(panels)
        }
    }

    /// What the picture shows, in one or two sentences: the text alternative of ``render(_:)``.
    public static func description(_ picture: Picture) -> String {
        switch picture {
        case .maskGrid(let mask, let name):
            maskDescription(mask, name: name, omission: GridBlocks(mask).omission)
        case .heatMap(let tensor, let name):
            heatDescription(tensor, name: name, omission: GridBlocks(tensor).omission)
        case .chart(let plot): chartDescription(plot)
        case .timeGrid(let panels): timeGridDescription(panels)
        }
    }
}
