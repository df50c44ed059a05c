import DropoutCore
import Plot

/// Tensors as tables: numbers right-aligned in numpy's digits (the ones the terminal prints),
/// one table per matrix, the shape written above. A vector is a row of equally wide numbers
/// that wraps on a narrow page.
///
/// A tensor with more elements than the formatter's threshold is summarised as numpy
/// summarises it: the first and last items of each long axis around a `…`.
struct TensorHTML {
    var formatter: TensorFormatter

    /// The tensor with its shape; a number alone for a rank-0 tensor.
    func render(_ tensor: Tensor) -> BodyNode {
        if tensor.rank == 0 && tensor.worlds == nil {
            let text = formatter.elementFormat(for: tensor)(tensor.scalars.first ?? .nan)
            return .div(.class("value scalar"), .code(.escaped(trimmed(text))))
        }
        if tensor.elementCount == 0 {
            return .div(
                .class("value scalar"), .code(.escaped("[]")),
                .span(.class("shape"), .escaped(" shape \(tensor.shape)")))
        }
        var shape = "shape \(tensor.shape)"
        if let worlds = tensor.worlds { shape += " in each of \(worlds) worlds" }
        return .div(
            .class("value tensor"),
            .p(.class("shape"), .escaped(shape)),
            .div(.class("scroll tensor-scroll"), .group(worldTables(tensor)))
        )
    }

    /// One group of tables per world (the middle worlds summarised when there are many).
    private func worldTables(_ tensor: Tensor) -> [BodyNode] {
        guard let worlds = tensor.worlds else { return tables(tensor, label: nil) }
        let summarised =
            worlds > 2 * formatter.edgeItems && worlds * tensor.elementCount > formatter.threshold
        var nodes: [BodyNode] = []
        for index in 0..<worlds {
            if summarised && index >= formatter.edgeItems && index < worlds - formatter.edgeItems {
                if index == formatter.edgeItems { nodes.append(.p(.class("ellipsis"), .text("…"))) }
                continue
            }
            nodes += tables(tensor.world(index), label: "world \(index)")
        }
        return nodes
    }

    /// One table per matrix of an unbatched tensor, each captioned with its leading index.
    private func tables(_ tensor: Tensor, label: String?) -> [BodyNode] {
        let element = formatter.elementFormat(for: tensor)
        let dims = tensor.shape.dims
        let summarise = tensor.elementCount > formatter.threshold
        if dims.count == 1 {
            return [vector(tensor.scalars, summarise: summarise, label: label, element: element)]
        }
        let columns = dims.last ?? 1
        let rows = dims.count >= 2 ? dims[dims.count - 2] : 1
        let leading = Array(dims.dropLast(2))
        var blocks: [[Int]?] = [[]]
        for extent in leading {
            blocks = blocks.flatMap { prefix -> [[Int]?] in
                guard let prefix else { return [nil] }
                return shown(extent, summarise: summarise).map { $0.map { prefix + [$0] } }
            }
        }
        return blocks.map { index -> BodyNode in
            guard let index else { return .p(.class("ellipsis"), .text("…")) }
            var offset = 0
            for (axis, value) in index.enumerated() {
                offset += value * leading[axis...].dropFirst().reduce(rows * columns, *)
            }
            let caption = [
                label, index.isEmpty ? nil : "[" + index.map(String.init).joined(separator: ", ") + "]",
            ]
            .compactMap { $0 }.joined(separator: " ")
            return matrix(
                tensor.scalars, offset: offset, rows: rows, columns: columns, summarise: summarise,
                caption: caption, element: element)
        }
    }

    /// A `rows` by `columns` table of the elements from `offset`, row-major.
    private func matrix(
        _ scalars: [Double], offset: Int, rows: Int, columns: Int, summarise: Bool, caption: String,
        element: (Double) -> String
    ) -> BodyNode {
        let shownColumns = shown(columns, summarise: summarise)
        let body: [TableNode] = shown(rows, summarise: summarise).map { row -> TableNode in
            guard let row else {
                return .tr(.class("ellipsis"), .forEach(shownColumns) { _ in .td(.text("⋮")) })
            }
            return .tr(
                .forEach(shownColumns) { column -> RowNode in
                    guard let column else { return .td(.class("ellipsis"), .text("…")) }
                    return .td(.escaped(element(scalars[offset + row * columns + column])))
                })
        }
        return .table(
            .class("tensor"),
            .if(!caption.isEmpty, .caption(.escaped(caption))),
            .tbody(.group(body))
        )
    }

    /// A rank-1 tensor as a row of equally wide numbers that wraps on a narrow page, the way
    /// numpy wraps a long vector, rather than a one-row table that scrolls.
    private func vector(_ scalars: [Double], summarise: Bool, label: String?, element: (Double) -> String)
        -> BodyNode
    {
        .div(
            .class("vector-block"),
            .if(label != nil, .p(.class("caption"), .escaped(label ?? ""))),
            .div(
                .class("vector"),
                .forEach(shown(scalars.count, summarise: summarise)) { index -> BodyNode in
                    guard let index else { return .span(.class("ellipsis"), .text("…")) }
                    return .span(.escaped(element(scalars[index])))
                }
            )
        )
    }

    /// The indices of an axis that are shown: all, or the edges around a nil (`…`).
    private func shown(_ extent: Int, summarise: Bool) -> [Int?] {
        let edge = formatter.edgeItems
        guard summarise && extent > 2 * edge else { return Array(0..<extent) }
        return Array(0..<edge) + [nil] + Array((extent - edge)..<extent)
    }

    private func trimmed(_ text: String) -> String {
        String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
