import DropoutCore

extension Explanation {
    /// All lines, this one first and its inputs indented beneath it.
    ///
    /// A line longer than `width` columns is broken before each `=` (aligned under the first)
    /// and, where a side is still too long, before a `+` between terms.
    /// Numbers are written by `numbers` (a renderer's precision).
    public func lines(
        indent: String = "", width: Int = 80, numbers: (Double) -> String = { Explanation.number($0) }
    ) -> [String] {
        wrapped(indent: indent, width: width, numbers: numbers)
            + inputs.flatMap { $0.lines(indent: indent + "  ", width: width, numbers: numbers) }
    }

    private func wrapped(indent: String, width: Int, numbers: (Double) -> String) -> [String] {
        let parts = self.parts(numbers: numbers)
        let single = indent + parts.joined(separator: " = ")
        guard single.count > width, parts.count > 1 else { return [single] }
        let head = indent + parts[0] + " = "
        let equals = String(repeating: " ", count: head.count - 2) + "= "
        let continuation = String(repeating: " ", count: head.count) + "+ "
        var out = [String]()
        for (i, part) in parts.dropFirst().enumerated() {
            let terms = Explanation.split(part, on: " + ")
            var current = (i == 0 ? head : equals) + terms[0]
            for term in terms.dropFirst() {
                if current.count + 3 + term.count > width {
                    out.append(current)
                    current = continuation + term
                } else {
                    current += " + " + term
                }
            }
            out.append(current)
        }
        return out
    }
}
