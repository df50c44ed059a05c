import DropoutCore

/// A tensor cut into the matrices a grid picture draws: one per world of a batched tensor and
/// per leading index of a rank 3 or 4 tensor, labelled as the terminal labels them.
///
/// Very large tensors are cut to their first rows, columns and blocks, so a page stays small;
/// ``omission`` says what was left out.
struct GridBlocks {
    /// One matrix to draw.
    struct Block {
        /// `world 1`, `[0, 2]`, both, or nil for a plain matrix.
        var label: String?
        var rows: Int
        var columns: Int
        /// The shown values, row by row.
        var values: [Double]

        func value(row: Int, column: Int) -> Double { values[row * columns + column] }
    }

    var blocks: [Block] = []
    /// What the picture leaves out, e.g. `first 64 of 100 rows shown`, or nil.
    var omission: String?

    init(_ tensor: Tensor, maxRows: Int = 64, maxColumns: Int = 96, maxBlocks: Int = 16) {
        var worldTensors: [(String?, Tensor)] = []
        if let worlds = tensor.worlds {
            worldTensors = (0..<worlds).map { ("world \($0)", tensor.world($0)) }
        } else {
            worldTensors = [(nil, tensor)]
        }
        var totalBlocks = 0
        var rowsCut: (shown: Int, of: Int)?
        var columnsCut: (shown: Int, of: Int)?
        for (worldLabel, matrix) in worldTensors {
            let dims = matrix.shape.dims
            let columns = dims.last ?? 1
            let rows = dims.count >= 2 ? dims[dims.count - 2] : 1
            let leading = Array(dims.dropLast(2))
            let count = dims.count > 2 ? leading.reduce(1, *) : 1
            for block in 0..<count {
                totalBlocks += 1
                guard blocks.count < maxBlocks, rows > 0, columns > 0 else { continue }
                let shownRows = Swift.min(rows, maxRows)
                let shownColumns = Swift.min(columns, maxColumns)
                if shownRows < rows { rowsCut = (shownRows, rows) }
                if shownColumns < columns { columnsCut = (shownColumns, columns) }
                let base = block * rows * columns
                var values: [Double] = []
                values.reserveCapacity(shownRows * shownColumns)
                for row in 0..<shownRows {
                    let start = base + row * columns
                    values += matrix.scalars[start..<(start + shownColumns)]
                }
                let blockLabel = dims.count > 2 ? pictureBlockLabel(block, leadingDims: leading) : nil
                let label = [worldLabel, blockLabel].compactMap { $0 }.joined(separator: " ")
                blocks.append(
                    Block(
                        label: label.isEmpty ? nil : label, rows: shownRows, columns: shownColumns,
                        values: values))
            }
        }
        var parts: [String] = []
        if let rowsCut { parts.append("first \(rowsCut.shown) of \(rowsCut.of) rows") }
        if let columnsCut { parts.append("first \(columnsCut.shown) of \(columnsCut.of) columns") }
        if totalBlocks > blocks.count { parts.append("first \(blocks.count) of \(totalBlocks) blocks") }
        omission = parts.isEmpty ? nil : parts.joined(separator: ", ") + " shown"
    }

    /// The most columns of any block.
    var widestColumns: Int { blocks.map(\.columns).max() ?? 0 }
}

/// How big one cell of a grid picture is: large for a few columns, smaller for many, so that
/// a wide grid stays near a page's width (it scales down further on a phone).
func gridCellSize(columns: Int, largest: Double = 22, smallest: Double = 5, width: Double = 640) -> Double {
    guard columns > 0 else { return largest }
    return Swift.max(smallest, Swift.min(largest, (width / Double(columns)).rounded(.down)))
}
