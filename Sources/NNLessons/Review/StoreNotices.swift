import Foundation

/// Remembers which problems with the store were already reported in this process, so that a
/// folder that cannot be written is said once and not at every save.
enum StoreNotices {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var reported: Set<String> = []

    /// True the first time a message is passed, false after.
    static func isFirst(_ message: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return reported.insert(message).inserted
    }
}
