import Testing

@testable import DropoutCore

@Suite struct ShapeTests {
    @Test func broadcastsLikeNumpy() throws {
        #expect(try Shape.broadcast([2, 3], [3], operation: "+") == [2, 3])
        #expect(try Shape.broadcast([4, 1], [1, 5], operation: "+") == [4, 5])
        #expect(try Shape.broadcast([], [2, 2], operation: "+") == [2, 2])
    }

    @Test func namesBothShapesWhenBroadcastFails() {
        #expect(throws: CoreError("+: cannot broadcast shapes [2, 3] and [4]")) {
            try Shape.broadcast([2, 3], [4], operation: "+")
        }
    }

    @Test func stridesAreRowMajor() {
        #expect(Shape([2, 3, 4]).strides == [12, 4, 1])
        #expect(Shape([2, 1]).broadcastStrides(to: [2, 5]) == [1, 0])
    }
}
