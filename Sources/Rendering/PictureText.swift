import DropoutCore
import LessonScript

extension EventRenderer {
    /// A picture drawn in Unicode cells (ANSI colour in heat maps when the style has colour).
    public func render(_ picture: Picture) -> String {
        switch picture {
        case .maskGrid(let mask, _):
            return maskGrid(mask)
        case .heatMap(let tensor, _):
            return heatMap(tensor, colored: style.isEnabled)
        case .timeGrid(let panels):
            return timeGrid(panels)
        case .chart(let plot):
            var text = plot.title.map { $0 + "\n" } ?? ""
            switch plot.kind {
            case .line:
                text += lineChart(series: plot.series, reference: plot.reference, xValues: plot.xValues)
            case .bar:
                let values = plot.series[0].values
                text += barChart(labels: plot.labels ?? values.indices.map(String.init), values: values)
            }
            return text
        }
    }
}
