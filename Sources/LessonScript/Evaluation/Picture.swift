import DropoutCore

/// A picture a statement asked for, as data: the numbers and labels to draw, never the drawing.
///
/// Each renderer draws it for its medium: Unicode cells in the terminal, SVG in a web page.
public enum Picture: Sendable {
    /// A 0/1 mask as a grid of kept (filled) and dropped (empty) cells.
    case maskGrid(Tensor, name: String)
    /// Any other tensor as a grid of cells shaded by value, with a legend.
    case heatMap(Tensor, name: String)
    /// A line or bar chart (`plot`).
    case chart(Plot)
    /// Masks across time, one panel per argument (`timegrid`).
    case timeGrid([TimeGridPanel])

    /// The picture `show(x)` draws: a mask grid for 0/1 tensors, otherwise a heat map.
    public static func showing(_ tensor: Tensor, name: String) -> Picture {
        tensor.isMask && tensor.rank <= 4 ? .maskGrid(tensor, name: name) : .heatMap(tensor, name: name)
    }
}

/// A chart requested by `plot`.
public struct Plot: Sendable {
    /// How the series are drawn.
    public enum Kind: String, Sendable { case line, bar }
    /// The series, each with a label.
    public var series: [(label: String, values: [Double])]
    /// Line or bar.
    public var kind: Kind
    /// Labels of the bars (bar charts) or nil.
    public var labels: [String]?
    /// A horizontal reference value (line charts), e.g. the exact expectation.
    public var reference: Double?
    /// A title shown above the chart.
    public var title: String?
    /// The x value of each point of a line chart, or nil for 0, 1, 2, ...
    public var xValues: [Double]? = nil
}

/// One panel of a time grid: a title and one mask per time step.
public struct TimeGridPanel: Sendable, Equatable {
    /// The title shown above the panel, e.g. `naive` or `locked`.
    public var title: String
    /// The masks stacked over time: `[T]`, `[T, units]` or `[T, batch, units]`.
    public var steps: Tensor

    /// Creates a panel.
    public init(title: String, steps: Tensor) {
        self.title = title
        self.steps = steps
    }
}
