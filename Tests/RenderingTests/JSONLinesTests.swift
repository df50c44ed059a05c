import DropoutCore
import LessonScript
import Notebook
import Testing

@testable import Rendering

/// Golden tests for `dropstep eval --json`'s objects (docs/language.md).
@Suite struct JSONLinesTests {
    func lines(_ code: String) -> [String] {
        var evaluator = Evaluator()
        var out = [String]()
        evaluator.onEvent = { event in
            if case .statementFinished(let result) = event { out.append(JSONLines.encode(result)) }
        }
        do {
            try evaluator.run(code)
        } catch {
            out.append(JSONLines.encode(error))
        }
        return out
    }

    @Test func statementsBecomeObjects() {
        #expect(
            lines("x = [[1, 2, 3], [4, 5, 6]]\ny = x * 2") == [
                #"{"line": 1, "source": "x = [[1, 2, 3], [4, 5, 6]]", "name": "x", "value": {"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6]}}"#,
                #"{"line": 2, "source": "y = x * 2", "name": "y", "value": {"shape": [2, 3], "data": [2, 4, 6, 8, 10, 12]}}"#,
            ])
        #expect(
            lines("0.1 + 0.2") == [
                #"{"line": 1, "source": "0.1 + 0.2", "name": null, "value": {"shape": [], "data": [0.30000000000000004]}}"#
            ])
        #expect(lines("seed(1)") == [#"{"line": 1, "source": "seed(1)", "name": null, "value": null}"#])
        #expect(
            lines("(1, \"a\\n\")") == [
                #"{"line": 1, "source": "(1, \"a\\n\")", "name": null, "value": {"tuple": [{"shape": [], "data": [1]}, {"string": "a\n"}]}}"#
            ])
        #expect(
            lines("[1e-7, -0.0, 1e300 * 1e10, -1e300 * 1e10, log(-1)]") == [
                #"{"line": 1, "source": "[1e-7, -0.0, 1e300 * 1e10, -1e300 * 1e10, log(-1)]", "name": null, "value": {"shape": [5], "data": [1e-07, -0.0, "inf", "-inf", "nan"]}}"#
            ])
    }

    @Test func errorsBecomeObjects() {
        #expect(
            lines("x = 1\ny = x @ [1]") == [
                #"{"line": 1, "source": "x = 1", "name": "x", "value": {"shape": [], "data": [1]}}"#,
                #"{"line": 2, "column": 5, "error": "@: operands must have at least one axis, got shapes [] and [1]"}"#,
            ])
    }

    @Test func numbersReadBackExactly() {
        for x in [0.1, 1.0 / 3, 2.5e-300, 123456789.125, -7.0, 1e22] {
            let text = JSONLines.number(x)
            #expect(Double(text) == x, "\(text)")
        }
    }
}
