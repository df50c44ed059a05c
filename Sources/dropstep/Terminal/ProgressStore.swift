import Notebook
import Synchronization

/// Saves a learner's progress in a lesson, and says so when it cannot.
///
/// Progress is written after every step, so a failure (a read-only state directory, a directory
/// where the file should be) is reported when it starts, and again whenever it changes, rather
/// than after every step.
enum ProgressStore {
    /// The last failure reported, so the same one is not repeated after every step.
    private static let reportedFailure = Mutex<String?>(nil)

    /// Writes `progress` into the state directory atomically; prints a warning on standard error
    /// when it cannot.
    static func save(_ progress: Progress, in paths: StatePaths) {
        let path = paths.progress(forLesson: progress.lessonID)
        SystemFiles.makeDirectories(paths.directory)
        var message: String?
        do {
            try SystemFiles.writeAtomically(progress.serialized, to: path)
        } catch {
            message = "warning: progress cannot be saved (\(error)); it will not be kept"
        }
        let isNew = reportedFailure.withLock { reported in
            defer { reported = message }
            return message != nil && message != reported
        }
        if isNew, let message { Output.error(message) }
    }
}
