import Foundation
import Testing

/// The Chinese lessons: opened in the learner's language, and checked to be twins of the English.
@Suite struct ChineseTests {
    @Test func aChineseLocaleOpensTheChineseTwinAndKeepsTypedChinese() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-zh-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: state) }
        // zh_CN.UTF-8 need not be installed: the reader falls back to C.UTF-8 for its characters.
        let terminal = try PseudoTerminal(
            executable: PseudoTerminal.executable(named: "dropstep"),
            arguments: ["--lessons", lessonsDirectory()],
            environment: ["XDG_STATE_HOME": state, "HOME": state, "LANG": "zh_CN.UTF-8", "LC_ALL": ""])
        _ = try terminal.expect("dropstep> ")
        try terminal.send(":load 03\r")
        _ = try terminal.expect("# 期望匹配")
        _ = try terminal.expect("[0/")
        try terminal.sendKey(.enter)
        let step = try terminal.expect("[1/")
        #expect(step.contains("这一课把“平均”说精确"))
        // The same numbers as the English lesson's first cell.
        #expect(step.contains(">>> x = [3., 6., 9.]"))
        try terminal.send("权重 = 3\r")
        _ = try terminal.expect("[1/")
        try terminal.send("权重 * 2\r")
        _ = try terminal.expect("6")
        // Every lesson has its twin: the tour opens in Chinese too.
        try terminal.send(":load 00\r")
        _ = try terminal.expect("(00-tour, 6 steps)")
        try terminal.sendKey(.ctrlD)
        #expect(terminal.waitForExit() == 0)
    }

    @Test func checkFailsOnATranslationThatDrifted() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-twins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("zh"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let name = "02-inverted-vs-downscale.md"
        for path in [name, "zh/" + name] {
            try FileManager.default.copyItem(
                atPath: lessonsDirectory() + "/" + path, toPath: directory.appendingPathComponent(path).path)
        }
        let good = try runDropstep(["check", directory.path])
        #expect(good.status == 0, "\(good.err)")
        #expect(good.out.contains("1 of 1 translations are twins"))
        // A changed number in a Chinese output fails, naming both files' lines.
        let zh = directory.appendingPathComponent("zh/" + name)
        let text = try String(contentsOf: zh, encoding: .utf8)
        let drifted = text.replacingOccurrences(of: "[10 11 12]]", with: "[10 11 13]]")
        #expect(drifted != text)
        try drifted.write(to: zh, atomically: true, encoding: .utf8)
        let bad = try runDropstep(["check", directory.path])
        #expect(bad.status == 1)
        #expect(bad.err.contains("zh/\(name):"))
        #expect(bad.err.contains("recorded output differs from the English cell's (English: "))
    }

    @Test func aLessonWithoutATwinOpensInEnglishWithANote() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dropstep-no-twin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "---\nid: 97-alone\ntitle: Alone\n---\n```dropstep\nx = 1\n```\n".write(
            to: directory.appendingPathComponent("97-alone.md"), atomically: true, encoding: .utf8)
        let result = try runDropstep(
            ["--lessons", directory.path, "--lang", "zh"], input: ":load 97\n",
            environment: ["XDG_STATE_HOME": directory.appendingPathComponent("state").path])
        #expect(result.out.contains("No Chinese version of this lesson yet"))
        #expect(result.out.contains("# Alone"))
    }
}
