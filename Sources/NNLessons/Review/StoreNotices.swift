import Foundation

/// What the store has to tell the learner, kept per process: problems already reported (a
/// folder that cannot be written is said once, not at every save), and warnings a caller that
/// shows none (`ProgressStore.peek`) left for the next one that does.
enum StoreNotices {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var reported: Set<String> = []
    nonisolated(unsafe) private static var pending: [String] = []

    /// True the first time a message is passed, false after.
    static func isFirst(_ message: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return reported.insert(message).inserted
    }

    /// Keeps warnings for the next caller that shows them.
    static func postpone(_ warnings: [String]) {
        lock.lock()
        defer { lock.unlock() }
        pending += warnings
    }

    /// The warnings kept so far, in order; they are given out once.
    static func takePending() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        defer { pending = [] }
        return pending
    }
}
