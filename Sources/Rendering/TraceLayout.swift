import DropoutCore
import LessonScript
import Notebook

extension EventRenderer {
    /// A trace record's steps as `name = formula   value` lines, names and formulas aligned.
    ///
    /// A value that fits beside its formula within the width is shown whole there; one that
    /// fits the width on its own goes on the lines below, indented; anything larger is
    /// summarised to what fits. The result step (`y`) takes the statement's name when given.
    func renderSteps(_ steps: [TraceStep], resultName: String?) -> String {
        let names = steps.map { step in
            step.name == "y" ? (resultName ?? step.name) : step.name
        }
        let nameWidth = names.map(displayWidth(of:)).max() ?? 0
        let lefts = zip(steps, names).map { step, name -> String in
            let padded = name + String(repeating: " ", count: nameWidth - displayWidth(of: name))
            let formula = step.formula.text(numbers: number)
            if case .number(let x) = step.value, !formula.hasSuffix(number(x)) {
                return "\(padded) = \(formula) = \(number(x))"
            }
            return "\(padded) = \(formula)"
        }
        let leftWidth =
            zip(steps, lefts).filter { if case .number = $0.0.value { false } else { true } }
            .map { displayWidth(of: $0.1) }.max() ?? 0
        var lines = [String]()
        for (step, left) in zip(steps, lefts) {
            let pictureLines: [String]
            switch step.value {
            case .number:
                lines.append(left)
                continue
            case .mask(let mask): pictureLines = maskLines(mask)
            case .tensor(let tensor): pictureLines = tensorLines(tensor)
            }
            lines += placed(pictureLines, after: left, column: leftWidth + 2)
        }
        return lines.joined(separator: "\n")
    }

    /// A number in a formula at the learner's precision: `:precision 3` writes 0.549 where
    /// 8 significant digits would write 0.54881350.
    func number(_ x: Double) -> String {
        Explanation.number(x, significantDigits: Swift.min(settings.precision, 8))
    }

    /// Value lines placed beside `left` at `column` when they fit, else under it, indented.
    func placed(_ value: [String], after left: String, column: Int) -> [String] {
        let valueWidth = value.map(displayWidth(of:)).max() ?? 0
        let padded = left + String(repeating: " ", count: Swift.max(0, column - displayWidth(of: left)))
        if column + valueWidth <= width {
            let indent = String(repeating: " ", count: column)
            return [padded + (value.first ?? "")] + value.dropFirst().map { indent + $0 }
        }
        let indent = "    "
        let room = width - indent.count
        if valueWidth <= room { return [left] + value.map { indent + $0 } }
        // Too wide even on its own lines: a one-line summary cut to the width.
        let summary = value.first.map { cut($0, to: Swift.max(8, width - column)) } ?? ""
        if column + displayWidth(of: summary) <= width { return [padded + summary] }
        return [left, indent + cut(value.first ?? "", to: room)]
    }

    /// `text` cut to `columns`, ending in `...` when cut.
    func cut(_ text: String, to columns: Int) -> String {
        guard displayWidth(of: text) > columns else { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = characterWidth(character)
            if used + w > columns - 4 { break }
            result.append(character)
            used += w
        }
        return result + " ..."
    }

    /// A mask's cells: one line when short, else one line per row (rows beyond 12 summarised).
    func maskLines(_ mask: Tensor) -> [String] {
        let unbatched = mask.world(0)
        let rowCount =
            unbatched.rank == 0 ? 1 : unbatched.elementCount / Swift.max(1, unbatched.shape.dims.last!)
        let inline = maskGridInline(unbatched, maxRows: rowCount, maxColumns: Int.max)
        if displayWidth(of: inline) <= width / 2 || rowCount <= 1 { return [inline] }
        if unbatched.rank <= 2 && rowCount <= 12 {
            return maskGrid(unbatched).split(separator: "\n").map(String.init)
        }
        return [maskGridInline(unbatched, maxRows: 2, maxColumns: 16)]
    }

    /// A tensor at precision 3: whole when it has at most 12 lines, else its first row and `...`.
    func tensorLines(_ tensor: Tensor) -> [String] {
        var short = TensorFormatter(precision: 3, style: settings.usesFractions ? .fraction : .decimal)
        short.lineWidth = 10_000
        let lines = short.format(tensor.world(0)).split(separator: "\n", omittingEmptySubsequences: true)
            .map(String.init)
        if lines.count <= 12 { return lines }
        return [lines[0] + " ...]"]
    }

    /// A tensor on one line: its first row at precision 3, then `...` when there is more.
    public func preview(_ tensor: Tensor) -> String {
        let lines = tensorLines(tensor)
        guard lines.count > 1 else { return lines.first ?? "" }
        return lines[0] + " ...]"
    }
}
