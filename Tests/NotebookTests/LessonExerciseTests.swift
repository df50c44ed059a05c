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
    HandAnswer(
        lesson: "01", exercise: 0, right: ["6"],
        wrong: [("0", "below p = 0.3"), ("2", "counts the dropped units"), ("5", "not quite")]),
    HandAnswer(
        lesson: "01", exercise: 1, right: ["8.75", "7 / 0.8"],
        wrong: [("5.6", "multiplies by prob"), ("35", "divided by prob"), ("8.8", "give at least 3")]),
    HandAnswer(
        lesson: "01", exercise: 2, right: ["924/4096", "0.2256", "0.226"],
        wrong: [
            ("0.015625", "six given elements"), ("0.0769", "not equally likely"), ("0.23", "give at least 3"),
            ("0.25", "not quite"),
        ]),
    HandAnswer(
        lesson: "01", exercise: 3, right: ["6"],
        wrong: [("5", "not quite")]),
    HandAnswer(
        lesson: "01", exercise: 4, right: ["11.2", "28 * 0.4"],
        wrong: [("125.44", "the variance"), ("25.04", "both p and q"), ("11", "give at least 3")]),
    HandAnswer(
        lesson: "02", exercise: 0, right: ["5.5", "11 * 0.5"],
        wrong: [("11", "upscale_in_train's inference"), ("22", "dividing by q"), ("4.5", "not quite")]),
    HandAnswer(
        lesson: "02", exercise: 1, right: ["10.67", "10.7", "10.667", "8 / 0.75"],
        wrong: [
            ("32", "divides by p"), ("6", "multiplies by q"), ("16", "scale for p = 0.5"),
            ("10.6", "only the first 2 digits"), ("11", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "02", exercise: 2, right: ["12", "3 / 0.25"],
        wrong: [("4", "what the text intended"), ("2.25", "does not multiply"), ("9", "not quite")]),
    HandAnswer(
        lesson: "03", exercise: 0, right: ["0.140625", "0.1406", "0.141", "0.75 * 0.25 * 0.75"],
        wrong: [
            ("0.046875", "kept with probability q"), ("0.5625", "its own factor p"),
            ("0.14", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "03", exercise: 1, right: ["6.75", "0.75 * 9"],
        wrong: [("9", "inverted dropout's expectation"), ("2.25", "not p"), ("6.7", "give at least 3")]),
    HandAnswer(
        lesson: "03", exercise: 2, right: ["0.0346", "0.03464"],
        wrong: [
            ("3.46", "standard deviation of one draw"), ("0.000346", "not by n"),
            ("0.0260", "its variance is"), ("0.035", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "03", exercise: 3, right: ["16"],
        wrong: [("4", "downscale_in_infer's variance"), ("8", "not quite")]),
    HandAnswer(
        lesson: "04", exercise: 0, right: ["-0.0953", "-0.09527"],
        wrong: [
            ("-0.0476", "divides its gradient by q too"), ("-0.0238", "multiplies by q"),
            ("0.0953", "not quite"), ("-0.095", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "04", exercise: 1, right: ["0", "-0"],
        wrong: [("0.5439", "no gradient reaches it"), ("1", "not quite")]),
    HandAnswer(
        lesson: "04", exercise: 2, right: ["0.99999", "0.999986", "1.00"],
        wrong: [
            ("4251.66", "divide it by"), ("145300", "not by |a| alone"), ("1", "give at least 3"),
            ("0.99", "not quite"),
        ]),
    HandAnswer(
        lesson: "05", exercise: 0, right: ["0.5", "2 / 4"],
        wrong: [("0", "relu of the average"), ("0.25", "divided by q"), ("1", "not quite")]),
    HandAnswer(
        lesson: "05", exercise: 1, right: ["0.2884", "0.288"],
        wrong: [("0.5769", "unscaled network"), ("1.154", "multiplies by q"), ("0.29", "give at least 3")]),
    HandAnswer(
        lesson: "05", exercise: 2, right: ["0.982", "0.9820", "1 / (1 + exp(-4))"],
        wrong: [("0.7498", "arithmetic mean"), ("0.9997", "average its logits"), ("0.98", "give at least 3")]),
    HandAnswer(
        lesson: "06", exercise: 0, right: ["2"],
        wrong: [("-4", "keeps W[0, 1]"), ("4", "does not rescale"), ("3", "not quite")]),
    HandAnswer(
        lesson: "06", exercise: 1, right: ["2"],
        wrong: [("1", "gets g[1], not g[0]"), ("4", "does not rescale"), ("0", "gets a gradient")]),
    HandAnswer(
        lesson: "06", exercise: 2, right: ["[3.5, 0]", "[3.5, 0.0]"],
        wrong: [
            ("[1.5, -1]", "without a mask"), ("[-0.5, 1]", "example 1"), ("3.5", "expected shape [2]"),
            ("[3.5, 1]", "1 of 2 elements are off"),
        ]),
    HandAnswer(
        lesson: "07", exercise: 0, right: ["0.75"],
        wrong: [("1.5", "kept only with probability q"), ("0.5", "not quite")]),
    HandAnswer(
        lesson: "07", exercise: 1, right: ["2.5625", "2.56"],
        wrong: [("0.5625", "square each term"), ("5.125", "q (1 - q)"), ("2.6", "give at least 3")]),
    HandAnswer(
        lesson: "07", exercise: 2, right: ["0.6616", "0.6615", "0.662", "sqrt(2.75) / sqrt(2 * pi)"],
        wrong: [("1.097", "standard deviation"), ("0.3989", "multiplied by sd"), ("0.66", "give at least 3")]),
    HandAnswer(
        lesson: "08", exercise: 0, right: ["-0.0563", "-0.05627"],
        wrong: [("-0.527", "first column"), ("0.0563", "not quite"), ("-0.056", "give at least 3")]),
    HandAnswer(
        lesson: "08", exercise: 1, right: ["7"],
        wrong: [("8", "squared mean"), ("3", "mean squares multiply"), ("6", "not quite")]),
    HandAnswer(
        lesson: "08", exercise: 2, right: ["0.262", "0.2621", "0.8 ** 6"],
        wrong: [("0.2 ** 6", "dropped at all six"), ("-0.2", "overcounts"), ("0.26", "give at least 3")]),
    HandAnswer(
        lesson: "09", exercise: 0, right: ["0.06136", "0.0614"],
        wrong: [("0.00715", "gates are swapped"), ("0.2213", "at rate i"), ("0.061", "give at least 3")]),
    HandAnswer(
        lesson: "09", exercise: 1, right: ["0.02484", "0.0248"],
        wrong: [("0.0613", "output gate"), ("0.025", "give at least 3")]),
    HandAnswer(
        lesson: "09", exercise: 2, right: ["7"],
        wrong: [("3", "Zaremba's count"), ("4", "going up"), ("8", "not quite")]),
    HandAnswer(
        lesson: "09", exercise: 3, right: ["0.242", "0.2422", "31 / 128"],
        wrong: [
            ("0.125", "one given path"), ("0.00781", "not all five"), ("0.969", "must keep too"),
            ("0.24", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "10", exercise: 0, right: ["0.0480", "0.04801"],
        wrong: [("0.0240", "scaled by 1/q"), ("0", "by mh[1]"), ("0.048", "give at least 3")]),
    HandAnswer(
        lesson: "10", exercise: 1, right: ["2.441", "2.44", "1 / 0.8 ** 4"],
        wrong: [
            ("1", "independent masks"), ("3.052", "only when the mask keeps"), ("2.4", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "10", exercise: 2, right: ["16"],
        wrong: [("4", "fresh mask per step"), ("8", "not quite")]),
    HandAnswer(
        lesson: "10", exercise: 3, right: ["1.68", "7 * 0.24"],
        wrong: [("1.2", "independent"), ("0.96", "counts twice"), ("1.7", "give at least 3")]),
    HandAnswer(
        lesson: "11", exercise: 0, right: ["-1.409", "-1.41", "-1.4085"],
        wrong: [
            ("-1.5", "multiplied by the forget gate"), ("-0.924", "only f * c remains"),
            ("0", "not the memory"), ("-1.4", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "11", exercise: 1, right: ["0.0563", "0.75 ** 10"],
        wrong: [("0.000000954", "dropped all ten"), ("-1.5", "overcounts"), ("0.056", "give at least 3")]),
    HandAnswer(
        lesson: "11", exercise: 2, right: ["-0.528", "-0.5285"],
        wrong: [("-0.756", "zoned out"), ("-0.301", "plain RNN"), ("-0.53", "give at least 3")]),
    HandAnswer(
        lesson: "11", exercise: 3, right: ["0.737", "0.7369", "1 - (7 / 8) ** 10"],
        wrong: [
            ("1.25", "overcounts"), ("0.263", "survives"), ("0.7405", "only the first 2 digits"),
            ("0.74", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "12", exercise: 0, right: ["0.0625", "0.5 ** 4"],
        wrong: [("0.5", "four independent draws"), ("2", "overcounts"), ("0.06", "give at least 3")]),
    HandAnswer(
        lesson: "12", exercise: 1, right: ["0.1025", "0.25 * 0.25 + 1 * 0.04"],
        wrong: [("0.0025", "column mask"), ("0.05", "square each term"), ("0.10", "give at least 3")]),
    HandAnswer(
        lesson: "12", exercise: 2, right: ["42"],
        wrong: [("33", "two weight matrices"), ("36", "embedding dropout"), ("40", "not quite")]),
    HandAnswer(
        lesson: "13", exercise: 0, right: ["2"],
        wrong: [("0.5", "divides |w|"), ("0.1353", "minus its logarithm"), ("1", "not quite")]),
    HandAnswer(
        lesson: "13", exercise: 1, right: ["0.722", "13 / 18", "0.7222"],
        wrong: [("0.929", "least squares"), ("0.72", "give at least 3")]),
    HandAnswer(
        lesson: "13", exercise: 2, right: ["7.0625", "7.06"],
        wrong: [("5.65", "not p"), ("15.3125", "what it adds"), ("7.1", "give at least 3")]),
    HandAnswer(
        lesson: "13", exercise: 3, right: ["1.4"],
        wrong: [("0.6", "step against the gradient"), ("1.3", "not quite")]),
    HandAnswer(
        lesson: "13", exercise: 4, right: ["1.756", "1.7562"],
        wrong: [("2.404", "min(va1)"), ("1.8", "give at least 3")]),
    HandAnswer(
        lesson: "14", exercise: 0, right: ["2.25", "9 * 0.25"],
        wrong: [
            ("1.44", "downscale_in_infer's variance"), ("0.75", "grows with x^2"), ("2.2", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "14", exercise: 1, right: ["-0.779", "-0.7792"],
        wrong: [
            ("0.779", "a kept unit"), ("-1.758", "where a dropped unit starts"), ("-0.78", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "14", exercise: 2, right: ["0.5403", "0.540"],
        wrong: [("0.7204", "divides by T"), ("12.886", "subtract"), ("0.54", "give at least 3")]),
    HandAnswer(
        lesson: "15", exercise: 0, right: ["2"],
        wrong: [("1", "not quite")]),
    HandAnswer(
        lesson: "15", exercise: 1, right: ["0.5065", "0.506", "0.50648"],
        wrong: [("0.6652", "unscaled"), ("0.3333", "not equal"), ("0.51", "give at least 3")]),
    HandAnswer(
        lesson: "15", exercise: 2, right: ["1.3856", "1.386"],
        wrong: [("0.6928", "divided by q"), ("1", "do not sum to 1"), ("1.4", "give at least 3")]),
    HandAnswer(
        lesson: "15", exercise: 3, right: ["0.330", "0.3301", "1 - (7 / 8) ** 3"],
        wrong: [("0.125", "one given query"), ("0.375", "counts draws"), ("0.33", "give at least 3")]),
    HandAnswer(
        lesson: "16", exercise: 0, right: ["0.6", "1 - 0.4"],
        wrong: [
            ("0.4", "drop probability"), ("1", "scaled down"), ("1.667", "in training"), ("0.5", "not quite"),
        ]),
    HandAnswer(
        lesson: "16", exercise: 1, right: ["0.2", "1 - 0.8"],
        wrong: [("0.8", "p = 1 - keep_prob"), ("1.25", "training scale"), ("0.3", "not quite")]),
    HandAnswer(
        lesson: "16", exercise: 2, right: ["7.14", "7.143", "5 / 0.7"],
        wrong: [
            ("16.67", "keep probability, 1 - rate"), ("3.5", "test-time rule"), ("5", "divided by 1 - rate"),
            ("7.1", "give at least 3"),
        ]),
    HandAnswer(
        lesson: "16", exercise: 3, right: ["0.5"],
        wrong: [("2", "not 1 / q"), ("1", "average q x"), ("0.25", "not quite")]),
]

/// The shipped lessons directory, found from this file (the tests run from anywhere).
func shippedLessonsDirectory() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("lessons")
}

func shippedLesson(_ number: String) throws -> Lesson {
    let directory = shippedLessonsDirectory()
    let name = try #require(
        try FileManager.default.contentsOfDirectory(atPath: directory.path).first {
            $0.hasPrefix(number + "-")
        })
    let path = directory.appendingPathComponent(name).path
    return try LessonParser.parse(try String(contentsOfFile: path, encoding: .utf8), path: path)
}

@Suite struct LessonExerciseTests {
    /// One walk through each lesson, judging each exercise's answers as it is reached.
    @Test(arguments: Array(Set(handAnswers.map(\.lesson))).sorted())
    func handCalculationsAreJudgedAsATeacherWould(_ lesson: String) throws {
        var session = Session()
        session.load(try shippedLesson(lesson))
        let rows = Dictionary(
            uniqueKeysWithValues: handAnswers.filter { $0.lesson == lesson }.map { ($0.exercise, $0) })
        while let output = session.next() {
            guard case .exercise(let index, let exercise) = output.kind else { continue }
            let row = try #require(rows[index], "no hand answers for exercise \(index + 1)")
            let key = try session.answerKey(for: exercise)
            for text in row.right {
                let verdict = try session.judge(text, for: exercise, key: key)
                #expect(verdict.isAccepted, "\(row): \(text): \(verdict.message)")
            }
            for (text, why) in row.wrong {
                let verdict = try session.judge(text, for: exercise, key: key)
                #expect(!verdict.isAccepted, "\(row): \(text) is accepted")
                #expect(verdict.message.contains(why), "\(row): \(text): \(verdict.message)")
            }
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
