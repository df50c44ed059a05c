/// A short fingerprint of a lesson step's content, so saved progress can tell which steps a
/// changed lesson still shares with the version the learner worked through.
public enum StepFingerprint {
    /// The fingerprint of one step: its cell's code, or its exercise's question and key.
    public static func of(_ step: Lesson.Step) -> String {
        switch step.kind {
        case .cell(let cell): return hash("cell\n" + cell.code)
        case .exercise(let exercise): return hash("exercise\n" + exercise.question + "\n" + exercise.answer)
        }
    }

    /// 64-bit FNV-1a over the UTF-8 bytes, as 16 hex digits: stable across runs and machines.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
