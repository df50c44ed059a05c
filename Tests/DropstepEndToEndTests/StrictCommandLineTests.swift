import Foundation
import Testing

/// A typo on the command line is an error, as in any other tool; scripts see failures.
@Suite struct StrictCommandLineTests {
    @Test func anUnknownSubcommandOrLessonIsAUsageErrorWithASuggestion() throws {
        let lesson = try runDropstep(["--lessons", lessonsDirectory(), "lesson"])
        #expect(lesson.status == 2)
        #expect(
            lesson.err.contains("error: 'lesson' is neither a command nor a lesson; did you mean 'lessons'?"))
        #expect(lesson.out.isEmpty, "the REPL must not open: \(lesson.out)")
        let bogus = try runDropstep(["--lessons", lessonsDirectory(), "bogus"], input: "1 + 1\n")
        #expect(bogus.status == 2)
        #expect(bogus.err.contains("'bogus' is neither a command nor a lesson"))
        #expect(!bogus.out.contains("2"))
        let tour = try runDropstep(["--lessons", lessonsDirectory(), "tour"])
        #expect(tour.status == 2)
        #expect(tour.err.contains("did you mean '00-tour'?"))
        let missing = try runDropstep(["--lessons", lessonsDirectory(), "99"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("no lesson '99'"))
        let option = try runDropstep(["--bogus"])
        #expect(option.status == 2)
        #expect(option.err.contains("Unknown option '--bogus'"))
        // A lesson given by number opens (piped, the REPL runs what follows).
        let seven = try runDropstep(
            ["--lessons", lessonsDirectory(), "7"], input: ":where\n",
            environment: [
                "XDG_STATE_HOME": FileManager.default.temporaryDirectory.path + "/dropstep-strict-\(getpid())"
            ])
        #expect(seven.status == 0, "\(seven.err)")
        #expect(seven.out.contains("07-dropconnect-inference: 0 of"))
    }

    @Test func evalReadsStandardInputWhenGivenNoCode() throws {
        let result = try runDropstep(["eval"], input: "x = [1, 2]\nx.sum()\n")
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "3\n")
        let both = try runDropstep(["eval", "-e", "1", "file.txt"])
        #expect(both.status == 2)
        #expect(both.err.contains("give either -e CODE or a FILE, not both"))
        let help = try runDropstep(["help", "eval"])
        #expect(help.out.contains("-e <CODE>"))
        #expect(!help.out.contains("<e>"))
        #expect(!help.out.contains("docs/"))
    }

    @Test func aPipedSessionExitsOneWhenAnythingFailed() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-piped-\(getpid())"
        ).path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let environment = ["XDG_STATE_HOME": state]
        let ok = try runDropstep(
            ["--lessons", lessonsDirectory()], input: "x = 2\nx * 3\n", environment: environment)
        #expect(ok.status == 0)
        #expect(ok.out == "6\n")
        let failed = try runDropstep(
            ["--lessons", lessonsDirectory()], input: "x = 2\nzz * 3\nx\n", environment: environment)
        #expect(failed.status == 1)
        #expect(failed.out.contains("unknown name 'zz'"))
        #expect(failed.out.hasSuffix("2\n"), "the session goes on after the error: \(failed.out)")
        let badCommand = try runDropstep(
            ["--lessons", lessonsDirectory()], input: ":lod 00\n", environment: environment)
        #expect(badCommand.status == 1)
        #expect(badCommand.out.contains("unknown command ':lod'; did you mean ':load'?"))
    }

    @Test func helpAndNumpyHabitsWorkPipedToo() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("dropstep-help-\(getpid())")
            .path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let result = try runDropstep(
            ["--lessons", lessonsDirectory()],
            input: "?mc\nhelp(dropot)\nnp.random.rand(3)\n:load 7\nw = [1, 2]\nw?\n",
            environment: ["XDG_STATE_HOME": state])
        #expect(result.out.contains("mc(expr, samples=10000)"))
        #expect(result.out.contains("No help for 'dropot'; did you mean 'dropout'?\n"))
        #expect(result.out.contains("np.random.rand is rand here: write rand(3)"))
        #expect(result.out.contains("# Predicting with DropConnect"))
        // On a variable, help shows its value.
        #expect(result.out.hasSuffix("w = [1 2]\n"), "\(result.out)")
        #expect(result.status == 1)
    }
}
