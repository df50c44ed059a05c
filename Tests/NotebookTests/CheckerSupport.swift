import Notebook
import Rendering

extension LessonChecker {
    /// Checks a lesson with the plain renderer `dropstep check` records outputs with.
    static func check(_ lesson: Lesson) -> LessonCheckResult {
        check(lesson, render: StepRenderer.recording.recordedText(of:))
    }
}
