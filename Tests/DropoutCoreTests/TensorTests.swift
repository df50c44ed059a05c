import Testing

@testable import DropoutCore

@Suite struct TensorArithmeticTests {
    @Test func broadcastsRowsAndColumns() throws {
        let x = Tensor.matrix([[1, 2, 3], [4, 5, 6]])
        expectClose(try x + Tensor([10, 20, 30]), .matrix([[11, 22, 33], [14, 25, 36]]))
        expectClose(try x * Tensor(shape: [2, 1], scalars: [2, 3]), .matrix([[2, 4, 6], [12, 15, 18]]))
        expectClose(
            try Tensor(shape: [3, 1], scalars: [1, 2, 3]) - Tensor([1, 1]),
            .matrix([[0, 0], [1, 1], [2, 2]]))
        expectClose(try Tensor(2) / x, .matrix([[2, 1, 2.0 / 3], [0.5, 0.4, 2.0 / 6]]))
    }

    @Test func comparisonsGiveZeroOne() throws {
        let x = Tensor([0.2, 0.5, 0.7])
        expectClose(try Tensor.combine(x, Tensor(0.5), .less), Tensor([1, 0, 0]))
        expectClose(try Tensor.combine(x, Tensor(0.5), .greaterOrEqual), Tensor([0, 1, 1]))
    }

    @Test func shapeErrorsNameBothShapesAndTheOperation() {
        #expect(throws: CoreError("+: cannot broadcast shapes [2, 3] and [2]")) {
            try Tensor.matrix([[1, 2, 3], [4, 5, 6]]) + Tensor([1, 2])
        }
        #expect(throws: CoreError("@: shapes [2, 2] and [3] do not align")) {
            try Tensor.matmul(.matrix([[1, 2], [3, 4]]), Tensor([1, 2, 3]))
        }
    }

    @Test func matmulFollowsNumpyRules() throws {
        let a = Tensor.matrix([[1, 2], [3, 4]])
        let v = Tensor([1, 10])
        expectClose(try Tensor.matmul(a, a), .matrix([[7, 10], [15, 22]]))
        expectClose(try Tensor.matmul(v, a), Tensor([31, 42]))
        expectClose(try Tensor.matmul(a, v), Tensor([21, 43]))
        expectClose(try Tensor.matmul(v, v), Tensor(101))
        let batch = Tensor(shape: [2, 2, 2], scalars: [1, 0, 0, 1, 2, 0, 0, 2])
        expectClose(
            try Tensor.matmul(batch, a), Tensor(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 2, 4, 6, 8]))
    }

    @Test func reductionsWithAxes() throws {
        let x = Tensor.matrix([[1, 5, 3], [4, 2, 6]])
        expectClose(try x.reduced(.sum), Tensor(21))
        expectClose(try x.reduced(.sum, axes: [0]), Tensor([5, 7, 9]))
        expectClose(try x.reduced(.mean, axes: [-1]), Tensor([3, 4]))
        expectClose(try x.reduced(.max, axes: [1], keepDims: true), Tensor(shape: [2, 1], scalars: [5, 6]))
        expectClose(try x.reduced(.min, axes: [0]), Tensor([1, 2, 3]))
        expectClose(try Tensor([0, 1, 0, 2]).reduced(.countNonzero), Tensor(2))
        #expect(throws: CoreError("sum: axis 2 is out of range for shape [2, 3]")) {
            try x.reduced(.sum, axes: [2])
        }
    }

    @Test func reshapeTransposeIndexing() throws {
        let x = try Tensor.arange(1, 13).reshaped(to: [4, 3])
        expectClose(try x.indexed([.at(2)]), Tensor([7, 8, 9]))
        expectClose(try x.indexed([.all, .at(0)]), Tensor([1, 4, 7, 10]))
        expectClose(try x.indexed([.at(0), .slice(start: 1, stop: 3, step: nil)]), Tensor([2, 3]))
        expectClose(
            try x.indexed([.slice(start: nil, stop: nil, step: -2)]), .matrix([[10, 11, 12], [4, 5, 6]]))
        expectClose(try x.indexed([.at(-1), .at(-1)]), Tensor(12))
        expectClose(try x.transposed(), .matrix([[1, 4, 7, 10], [2, 5, 8, 11], [3, 6, 9, 12]]))
        expectClose(try x.reshaped(to: [2, -1]).indexed([.at(1)]), Tensor([7, 8, 9, 10, 11, 12]))
        #expect(throws: CoreError("index: 4 is out of range for axis 0 with size 4")) {
            try x.indexed([.at(4)])
        }
        let replaced = try x.replacing([.at(0), .all], with: Tensor(0))
        expectClose(try replaced.indexed([.at(0)]), Tensor([0, 0, 0]))
    }

    @Test func concatStackWhereClip() throws {
        let a = Tensor.matrix([[1, 2]])
        let b = Tensor.matrix([[3, 4]])
        expectClose(try Tensor.concatenate([a, b], axis: 0), .matrix([[1, 2], [3, 4]]))
        expectClose(try Tensor.concatenate([a, b], axis: 1), .matrix([[1, 2, 3, 4]]))
        expectClose(
            try Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], axis: 1), .matrix([[1, 3], [2, 4]]))
        expectClose(try Tensor.select(Tensor([1, 0, 1]), Tensor([1, 2, 3]), Tensor(0)), Tensor([1, 0, 3]))
        expectClose(Tensor([-2, 0.5, 3]).clipped(low: 0, high: 1), Tensor([0, 0.5, 1]))
        expectClose(try Tensor.linspace(0, 1, count: 5), Tensor([0, 0.25, 0.5, 0.75, 1]))
        expectClose(try Tensor.eye(2), .matrix([[1, 0], [0, 1]]))
    }

    @Test func softmaxIsStableAndNormalised() throws {
        let y = try Operation.softmax(Tensor([1000, 1001, 1002]), axis: -1)
        #expect(abs(try y.reduced(.sum).scalars[0] - 1) < 1e-12)
        #expect(y.scalars.allSatisfy { $0.isFinite })
    }

    /// Every operation maps over worlds: a batched evaluation equals evaluating each world alone.
    @Test func batchedEvaluationMatchesOneWorldAtATime() throws {
        let worlds = (0..<3).map { sample([2, 3], seed: Double($0)) }
        let batched = Tensor.batched(worlds)
        let w = sample([3, 2], seed: 7)
        let v = sample([3], seed: 9)
        let computations: [(Tensor) throws -> Tensor] = [
            { try Tensor.matmul($0, w) },
            { try Tensor.matmul(v, $0.transposed()) },
            { try $0 + v },
            { try $0.reduced(.sum, axes: [0]) },
            { try $0.reduced(.max) },
            { try Operation.softmax($0, axis: 1) },
            { try $0.indexed([.at(1), .slice(start: 0, stop: 2, step: nil)]) },
            { try Tensor.concatenate([$0, w.transposed()], axis: 0) },
            { try $0.reshaped(to: [3, 2]) },
        ]
        for compute in computations {
            let together = try compute(batched)
            let apart = Tensor.batched(try worlds.map(compute))
            expectClose(together, apart)
        }
    }
}
