import LessonScript
import Notebook
import Testing

@testable import Rendering

@Suite struct NumpyFunctionTests {
    @Test func defIsAPythonDefWithItsDefaults() throws {
        let lines = try exported("x = [1., 2.]\ndef f(y, p=0.5):\n    return dropout(y, p=p) * 2\nr = f(x)")
        #expect(lines.contains("def f(y, p=0.5):"))
        #expect(lines.contains("    mask = np.random.rand(*np.shape(y)) < (1 - p)"))
        #expect(lines.contains("    return y * mask / (1 - p) * 2"))
        #expect(lines.contains("r = f(x)"))
    }

    @Test func lambdaIsWrittenAsTheDefItStandsFor() throws {
        let lines = try exported("x = [1., 2.]\ndouble = lambda y: y * 2\nd = double(x)")
        #expect(lines.contains("def double(y):"))
        #expect(lines.contains("    return y * 2"))
        #expect(lines.contains("d = double(x)"))
    }

    @Test func aCallInsideExpectRunsEveryOutcomeThroughAWorld() throws {
        let lines = try exported(
            "x = [1., 2.]\ndef f(y, p=0.5):\n    return dropout(y, p=p) * 2\ne = expect(f(f(x)))")
        #expect(lines.contains("def f_in_world(world, y, p=0.5):"))
        #expect(lines.contains("    mask = world.bernoulli((1 - p), np.shape(y)) > 0"))
        #expect(lines.contains("        return f_in_world(world, f_in_world(world, x))"))
        #expect(lines.contains("    return each_world(o, in_world)"))
        #expect(lines.contains("e = expectation(per_outcome, 4)"))
    }

    @Test func aCallInsideMcRunsRunAfterRunInNumpysOrder() throws {
        let lines = try exported(
            "def g():\n    s = 1.\n    for t in range(3):\n        s = s * bernoulli(0.5)\n    return s\n"
                + "seed(0)\nm = mc(g(), samples=10)")
        #expect(lines.contains("        keep = float(np.random.rand() < 0.5)"))
        #expect(lines.contains("for run in range(10):"))
        #expect(lines.contains("    runs.append(g())"))
    }

    @Test func aDefaultTheBodyNeedsCannotBeOverridden() throws {
        let error = try #require(
            exportError("x = [1., 2.]\ndef f(y, p=0.5):\n    return dropout(y, p=p)\nr = f(x, p=0.2)"))
        #expect(error.contains("cannot export 'r = f(x, p=0.2)'"))
        #expect(error.contains("needs 'p' at its default"))
    }
}
