import Foundation
import Testing

@testable import Notebook

/// One exercise of a shipped lesson, answered as a learner would: with the value worked out
/// by hand from what the lesson shows (rounded as a hand calculation rounds), and with a
/// wrong value, whose feedback must say why.
struct HandAnswer: Sendable, CustomTestStringConvertible {
    /// The lesson file's number, e.g. "02".
    var lesson: String
    /// The exercise's position in the lesson, from 0.
    var exercise: Int
    /// Answers a teacher accepts: the hand calculation's result, as typed.
    var right: [String]
    /// A wrong answer, and a piece of the feedback it must get.
    var wrong: [(String, String)]

    var testDescription: String { "lesson \(lesson), exercise \(exercise + 1)" }
}

/// Every exercise of lessons 00-16. The right answers are what the lesson's printed numbers
/// give by hand; the wrong ones are the slips its hints foresee, or plain mistakes.
let handAnswers: [HandAnswer] = [
    HandAnswer(
        lesson: "00", exercise: 0, right: ["12", "6 / 0.5"],
        wrong: [("6", "divided by q"), ("3", "scales the wrong way"), ("13", "not quite")]),
]

/// The shipped lessons directory, found from this file (the tests run from anywhere).
func shippedLessonsDirectory() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("lessons")
}

func shippedLesson(_ number: String) throws -> Lesson {
    let directory = shippedLessonsDirectory()
    let name = try #require(
        try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix(number + "-") })
    let path = directory.appendingPathComponent(name).path
    return try LessonParser.parse(try String(contentsOfFile: path, encoding: .utf8), path: path)
}

@Suite struct LessonExerciseTests {
    @Test(arguments: handAnswers)
    func handCalculationsAreJudgedAsATeacherWould(_ row: HandAnswer) throws {
        var session = Session()
        session.load(try shippedLesson(row.lesson))
        var reached = -1
        while reached < row.exercise {
            let output = try #require(session.next(), "the lesson ended before exercise \(row.exercise + 1)")
            if case .exercise(let index, _) = output.kind { reached = index }
        }
        let exercise = try #require(session.currentExercise)
        let key = try session.answerKey(for: exercise)
        for text in row.right {
            let verdict = try session.judge(text, for: exercise, key: key)
            #expect(verdict.isAccepted, "\(text): \(verdict.message)")
        }
        for (text, why) in row.wrong {
            let verdict = try session.judge(text, for: exercise, key: key)
            #expect(!verdict.isAccepted, "\(text) is accepted")
            #expect(verdict.message.contains(why), "\(text): \(verdict.message)")
        }
    }

    @Test func everyExerciseHasHandAnswers() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: shippedLessonsDirectory().path)
            .filter { $0.hasSuffix(".md") }.sorted()
        for file in files {
            let number = String(file.prefix(2))
            let count = try shippedLesson(number).exercises.count
            let covered = Set(handAnswers.filter { $0.lesson == number }.map(\.exercise))
            #expect(covered == Set(0..<count), "\(file): hand answers for \(covered.sorted()) of \(count)")
        }
    }
}
