import DropoutCore
import LessonScript
import Notebook

/// A mask drawn as a grid of cells: kept (nonzero) elements filled, dropped (zero) ones empty.
///
/// Rank 0 to 2 give rows of cells separated by single spaces. Rank 3 and 4 give one block per
/// matrix, labelled with its leading indices (`[1]`, `[0, 2]`) and separated by blank lines.
/// Any nonzero value (NaN included) counts as kept, so a scaled mask such as `m / q` reads the
/// same. Pass `filled: "#", empty: "."` for terminals without the geometric shapes.
///
/// A batched tensor draws one labelled grid per world.
public func maskGrid(_ mask: Tensor, filled: String = "■", empty: String = "□") -> String {
    if let worlds = mask.worlds {
        return (0..<worlds).map { "world \($0):\n" + maskGrid(mask.world($0), filled: filled, empty: empty) }
            .joined(separator: "\n\n")
    }
    if mask.elementCount == 0 { return "[]" }
    let cells = mask.scalars.map { $0 != 0 ? filled : empty }
    let dims = mask.shape.dims
    guard dims.count > 2 else { return maskRows(cells, dims: dims).joined(separator: "\n") }
    let matrixDims = Array(dims.suffix(2))
    let matrixSize = matrixDims[0] * matrixDims[1]
    let leadingDims = Array(dims.dropLast(2))
    var blocks: [String] = []
    for block in 0..<(mask.elementCount / matrixSize) {
        let label = pictureBlockLabel(block, leadingDims: leadingDims)
        let slice = Array(cells[block * matrixSize..<(block + 1) * matrixSize])
        blocks.append(([label] + maskRows(slice, dims: matrixDims)).joined(separator: "\n"))
    }
    return blocks.joined(separator: "\n\n")
}

/// A mask on one line, rows joined by ` / ` as in a trace: `■ □ ■ / □ ■ □ / ...`.
///
/// Rows beyond `maxRows` (all leading axes flattened) and cells beyond `maxColumns` in a row
/// are replaced by `...`, so a large mask still fits beside its name.
public func maskGridInline(
    _ mask: Tensor, maxRows: Int = 2, maxColumns: Int = 16, filled: String = "■", empty: String = "□"
) -> String {
    let unbatched = mask.world(0)
    if unbatched.elementCount == 0 { return "[]" }
    let cells = unbatched.scalars.map { $0 != 0 ? filled : empty }
    let rowLength = unbatched.rank == 0 ? 1 : unbatched.shape.dims.last!
    let rowCount = cells.count / rowLength
    var rows: [String] = []
    for row in 0..<Swift.min(rowCount, Swift.max(1, maxRows)) {
        var shown = Array(cells[row * rowLength..<(row * rowLength + Swift.min(rowLength, maxColumns))])
        if rowLength > maxColumns { shown.append("...") }
        rows.append(shown.joined(separator: " "))
    }
    if rowCount > rows.count { rows.append("...") }
    return rows.joined(separator: " / ")
}

/// Rows of space-separated cells for a rank 0 to 2 shape.
private func maskRows(_ cells: [String], dims: [Int]) -> [String] {
    let rowLength = dims.last ?? 1
    return stride(from: 0, to: cells.count, by: rowLength).map {
        cells[$0..<($0 + rowLength)].joined(separator: " ")
    }
}

/// The label of block `block` among blocks indexed by `leadingDims`, e.g. `[0, 2]`.
func pictureBlockLabel(_ block: Int, leadingDims: [Int]) -> String {
    var rest = block
    var index = [Int](repeating: 0, count: leadingDims.count)
    for axis in leadingDims.indices.reversed() {
        index[axis] = rest % leadingDims[axis]
        rest /= leadingDims[axis]
    }
    return "[" + index.map(String.init).joined(separator: ", ") + "]"
}
