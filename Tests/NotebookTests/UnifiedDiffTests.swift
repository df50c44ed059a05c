import Testing

@testable import Notebook

@Suite struct UnifiedDiffTests {
    func diff(_ expected: String, _ actual: String, startLine: Int = 1) -> String {
        unifiedDiff(
            expected: expected, actual: actual, expectedLabel: "a", actualLabel: "b", startLine: startLine)
    }

    @Test func matchingIgnoresTrailingWhitespaceAndBlankLines() {
        #expect(outputsMatch("a  \nb\t\n\n\n", "a\nb"))
        #expect(outputsMatch("a\r\nb\r\n", "a\nb"))
        #expect(outputsMatch("", "\n  \n"))
        #expect(!outputsMatch(" a", "a"))
        #expect(!outputsMatch("a\n\nb", "a\nb"))
        #expect(diff("a  \n", "a\n\n") == "")
    }

    @Test func changedLineWithContextAndFileLineNumbers() {
        let expected = (1...9).map { "line \($0)" }.joined(separator: "\n")
        let actual = (1...9).map { $0 == 5 ? "LINE 5" : "line \($0)" }.joined(separator: "\n")
        #expect(
            diff(expected, actual, startLine: 20) == """
                --- a
                +++ b
                @@ -21,7 +21,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +LINE 5
                 line 6
                 line 7
                 line 8
                """)
    }

    @Test func distantChangesMakeSeparateHunks() {
        let expected = (1...20).map { "\($0)" }
        var actual = expected
        actual[1] = "two"
        actual.remove(at: 17)
        #expect(
            diff(expected.joined(separator: "\n"), actual.joined(separator: "\n"), startLine: 10) == """
                --- a
                +++ b
                @@ -10,5 +10,5 @@
                 1
                -2
                +two
                 3
                 4
                 5
                @@ -24,6 +24,5 @@
                 15
                 16
                 17
                -18
                 19
                 20
                """)
    }

    @Test func nearbyChangesShareAHunk() {
        #expect(
            diff("a\nb\nc\nd\ne\nf\ng\nh\ni", "a\nB\nc\nd\ne\nf\ng\nH\ni") == """
                --- a
                +++ b
                @@ -1,9 +1,9 @@
                 a
                -b
                +B
                 c
                 d
                 e
                 f
                 g
                -h
                +H
                 i
                """)
    }

    @Test func emptyRecordedOutput() {
        #expect(
            diff("", "x\ny", startLine: 8) == """
                --- a
                +++ b
                @@ -7,0 +8,2 @@
                +x
                +y
                """)
        #expect(
            diff("x", "", startLine: 8) == """
                --- a
                +++ b
                @@ -8 +7,0 @@
                -x
                """)
    }

    @Test func deletionsComeBeforeInsertions() {
        #expect(
            diff("a\nb\nc", "x\ny\nc") == """
                --- a
                +++ b
                @@ -1,3 +1,3 @@
                -a
                -b
                +x
                +y
                 c
                """)
    }

    /// Random line edits: the diff must turn `expected` into `actual` and be as short as an LCS allows.
    @Test func randomDiffsApplyAndAreMinimal() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<400 {
            let old = (0..<random.next(below: 14)).map { _ in String(random.next(below: 4)) }
            let new = (0..<random.next(below: 14)).map { _ in String(random.next(below: 4)) }
            let start = 1 + random.next(below: 50)
            let text = diff(old.joined(separator: "\n"), new.joined(separator: "\n"), startLine: start)
            if old == new {
                #expect(text == "")
                continue
            }
            #expect(try apply(text, to: old, startLine: start) == new, "\(old) -> \(new)\n\(text)")
            let changes = text.split(separator: "\n").dropFirst(2).filter {
                $0.first == "-" || $0.first == "+"
            }
            #expect(changes.count == old.count + new.count - 2 * lcsLength(old, new))
        }
    }

    @Test func largeUnrelatedOutputsStillDiff() {
        let old = (0..<3000).map { "old \($0)" }.joined(separator: "\n")
        let new = (0..<3000).map { "new \($0)" }.joined(separator: "\n")
        let text = diff(old, new)
        #expect(text.hasPrefix("--- a\n+++ b\n@@ -1,3000 +1,3000 @@\n-old 0\n"))
        #expect(text.split(separator: "\n").count == 6003)
    }

    struct PatchError: Error {}

    /// Applies a unified diff whose line numbers are offset by `startLine`.
    func apply(_ diff: String, to old: [String], startLine: Int) throws -> [String] {
        var result: [String] = []
        var consumed = 0
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2) {
            if line.hasPrefix("@@") {
                let oldPart = line.split(separator: " ")[1].dropFirst()
                let fields = oldPart.split(separator: ",").map { Int($0)! }
                let count = fields.count > 1 ? fields[1] : 1
                let first = (count == 0 ? fields[0] + 1 : fields[0]) - startLine
                guard first >= consumed else { throw PatchError() }
                result += old[consumed..<first]
                consumed = first
            } else if line.hasPrefix(" ") || line.hasPrefix("-") {
                guard consumed < old.count, old[consumed] == line.dropFirst() else { throw PatchError() }
                if line.hasPrefix(" ") { result.append(old[consumed]) }
                consumed += 1
            } else if line.hasPrefix("+") {
                result.append(String(line.dropFirst()))
            }
        }
        return result + old[consumed...]
    }

    func lcsLength(_ a: [String], _ b: [String]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in a.indices.reversed() {
            for j in b.indices.reversed() {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }
}
