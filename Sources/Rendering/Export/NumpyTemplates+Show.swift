import DropoutCore
import LessonScript

/// numpy forms of `print`, the pictures (which print the arrays they draw), `check` and `explain`.
extension NumpyTranslator {
    mutating func translateShow(
        _ name: String, _ args: BoundArguments, range: SourceRange, _ lines: inout [String]
    )
        throws -> PyExpr?
    {
        switch name {
        case "print":
            let values = try args.rest.map { try translate($0, &lines) }
            try refuseBatched(values, name)
            lines.append("show(\(values.map(\.code).joined(separator: ", ")))")
            return PyExpr("None", .atom, .none)
        case "show":
            let x = try argument(args, "x", &lines)
            try refuseBatched([x], name)
            lines.append("show(\(x.code))")
            return PyExpr("None", .atom, .none)
        case "plot":
            // The chart's series, flattened as the chart reads them.
            for series in ["y", "y2"] where args.has(series) {
                let y = try argument(args, series, &lines)
                try refuseBatched([y], name)
                lines.append("show(np.ravel(\(y.code)))")
            }
            return PyExpr("None", .atom, .none)
        case "timegrid":
            var masks = args.rest
            if masks.isEmpty, let first = args.named["masks"] { masks = [first] }
            for mask in masks {
                let m = try translate(mask, &lines)
                try refuseBatched([m], name)
                lines.append("show(\(m.code))")
            }
            return PyExpr("None", .atom, .none)
        case "check":
            let actual = try argument(args, "actual", &lines)
            let expected = try argument(args, "expected", &lines)
            try refuseBatched([actual, expected], name)
            helpers.insert(.check)
            let tol = try args.named["tol"].map { ", tol=" + (try translate($0, &lines)).code } ?? ""
            return PyExpr("check(\(actual.code), \(expected.code)\(tol))", .postfix, .int)
        case "explain":
            guard let element = args.named["element"] else { throw ExportError("explain needs an element") }
            let value = try translate(element, &lines)
            try refuseBatched([value], name)
            if let explanation = pendingExplanations.first {
                pendingExplanations.removeFirst()
                // Inside a loop the explanation is one run's; only a statement's own is shown.
                if loopDepth == 0 { lines.append("# " + explanation) }
            }
            lines.append("show(\(value.code))")
            return PyExpr("None", .atom, .none)
        default:
            return nil
        }
    }

    func refuseBatched(_ values: [PyExpr], _ name: String) throws {
        if values.contains(where: \.batched) { throw ExportError("\(name) inside expect or mc") }
    }
}
