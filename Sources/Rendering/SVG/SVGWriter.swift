/// Writes one SVG picture: shapes and text with escaped attributes, numbers kept short.
///
/// Colours are presentation attributes (right wherever the SVG goes: a notebook cell, an image
/// viewer) and every shape also carries a class, so that a page's style sheet can recolour it
/// for a dark theme. Nothing refers to an `id`, so any number of pictures share one page.
struct SVGWriter {
    private(set) var body = ""

    /// A filled rectangle.
    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
        className: String? = nil, radius: Double = 0, tooltip: String? = nil
    ) {
        var attributes = [
            ("x", svgNumber(x)), ("y", svgNumber(y)), ("width", svgNumber(width)),
            ("height", svgNumber(height)),
            ("fill", fill),
        ]
        if let stroke { attributes.append(("stroke", stroke)) }
        if radius > 0 { attributes.append(("rx", svgNumber(radius))) }
        if let className { attributes.append(("class", className)) }
        guard let tooltip else {
            element("rect", attributes)
            return
        }
        body += "<rect" + render(attributes) + "><title>" + HTMLText.escape(tooltip) + "</title></rect>"
    }

    /// A straight line.
    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, className: String? = nil,
        width: Double = 1, dash: String? = nil
    ) {
        var attributes = [
            ("x1", svgNumber(x1)), ("y1", svgNumber(y1)), ("x2", svgNumber(x2)), ("y2", svgNumber(y2)),
            ("stroke", stroke), ("stroke-width", svgNumber(width)),
        ]
        if let dash, !dash.isEmpty { attributes.append(("stroke-dasharray", dash)) }
        if let className { attributes.append(("class", className)) }
        element("line", attributes)
    }

    /// A line through `points`, unfilled.
    mutating func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, className: String? = nil, width: Double = 2,
        dash: String? = nil
    ) {
        guard !points.isEmpty else { return }
        var attributes = [
            ("points", points.map { svgNumber($0.x) + "," + svgNumber($0.y) }.joined(separator: " ")),
            ("fill", "none"), ("stroke", stroke), ("stroke-width", svgNumber(width)),
            ("stroke-linejoin", "round"),
        ]
        if let dash, !dash.isEmpty { attributes.append(("stroke-dasharray", dash)) }
        if let className { attributes.append(("class", className)) }
        element("polyline", attributes)
    }

    /// A dot.
    mutating func circle(x: Double, y: Double, radius: Double, fill: String, className: String? = nil) {
        var attributes = [
            ("cx", svgNumber(x)), ("cy", svgNumber(y)), ("r", svgNumber(radius)), ("fill", fill),
        ]
        if let className { attributes.append(("class", className)) }
        element("circle", attributes)
    }

    /// Text whose baseline starts (or, anchored, ends or centres) at `x`, `y`.
    mutating func text(
        _ text: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = SVGWriter.fontSize,
        className: String = "ink", fill: String = SVGColors.ink, bold: Bool = false
    ) {
        var attributes = [("x", svgNumber(x)), ("y", svgNumber(y))]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if size != SVGWriter.fontSize { attributes.append(("font-size", svgNumber(size))) }
        if bold { attributes.append(("font-weight", "bold")) }
        attributes += [("fill", fill), ("class", className)]
        body += "<text" + render(attributes) + ">" + HTMLText.escape(text) + "</text>"
    }

    /// Where text sits relative to its `x`.
    enum Anchor: String {
        case start, middle, end
    }

    /// The picture: `width` by `height` pixels, described by `label` for those who cannot see it.
    func document(width: Double, height: Double, label: String, className: String) -> String {
        let attributes = [
            ("xmlns", "http://www.w3.org/2000/svg"), ("class", "picture " + className),
            ("width", svgNumber(width.rounded(.up))), ("height", svgNumber(height.rounded(.up))),
            ("viewBox", "0 0 \(svgNumber(width.rounded(.up))) \(svgNumber(height.rounded(.up)))"),
            ("role", "img"), ("aria-label", label),
            ("style", "font-family: \(SVGWriter.fontFamily); font-size: \(svgNumber(SVGWriter.fontSize))px"),
        ]
        return "<svg" + render(attributes) + "><title>" + HTMLText.escape(label) + "</title>" + body
            + "</svg>"
    }

    /// The text size every picture uses, in pixels.
    static let fontSize = 12.0
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', sans-serif"

    /// About how wide `text` is at `size`: wide enough for digits and most letters, so that
    /// labels laid out with it do not collide.
    static func textWidth(_ text: String, size: Double = fontSize) -> Double {
        Double(text.count) * size * 0.62
    }

    private mutating func element(_ name: String, _ attributes: [(String, String)]) {
        body += "<" + name + render(attributes) + "/>"
    }

    private func render(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(HTMLText.attribute($0.1))\"" }.joined()
    }
}

/// A coordinate written with at most one decimal (`12`, `12.5`), which is finer than a pixel.
func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let rounded = (value * 10).rounded() / 10
    if rounded == rounded.rounded() && rounded.magnitude < 1e15 { return String(Int(rounded)) }
    return String(rounded)
}

/// The colours pictures are drawn in, chosen to read on a light background; a page's dark
/// theme recolours them through the shapes' classes.
enum SVGColors {
    static let ink = "#1f2328"
    static let muted = "#59636e"
    static let axis = "#59636e"
    static let gridline = "#d1d9e0"
    static let kept = "#0969da"
    static let dropped = "#ffffff"
    static let droppedStroke = "#818b98"
    static let bar = "#0969da"
    static let nan = "#b0b0b0"
    /// One colour and dash pattern per series, so that series differ without colour too.
    static let series: [(color: String, dash: String)] = [
        ("#0969da", ""), ("#cf222e", "7 4"), ("#1a7f37", "2 3"), ("#8250df", "10 3 2 3"), ("#bc4c00", "1 3"),
    ]
    /// Light to dark blue: larger values darker, as the terminal's denser shades.
    static let sequential = [
        "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b",
    ]
    /// Blue (negative) through white (zero) to red (positive), as the terminal's colours.
    static let diverging = [
        "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b",
    ]

    /// The colour at `position` (0...1) along `palette`, blended between its stops.
    static func blend(_ palette: [String], at position: Double) -> String {
        let clamped = Swift.min(1, Swift.max(0, position.isNaN ? 0.5 : position))
        let scaled = clamped * Double(palette.count - 1)
        let lower = Int(scaled.rounded(.down))
        let upper = Swift.min(palette.count - 1, lower + 1)
        let t = scaled - Double(lower)
        let a = rgb(palette[lower])
        let b = rgb(palette[upper])
        func channel(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * t).rounded()) }
        return hex(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    private static func rgb(_ hex: String) -> (Int, Int, Int) {
        let digits = Array(hex.dropFirst())
        func component(_ index: Int) -> Int { Int(String(digits[index..<(index + 2)]), radix: 16) ?? 0 }
        return (component(0), component(2), component(4))
    }

    private static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        "#"
            + [r, g, b].map { value in
                let text = String(value, radix: 16)
                return text.count == 1 ? "0" + text : text
            }.joined()
    }
}
