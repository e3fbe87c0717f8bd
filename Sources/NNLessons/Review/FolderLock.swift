#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An advisory lock (`flock`) on a data folder that serializes opening the store between
/// processes: checking what the file is, creating its tables, importing old files and moving a
/// damaged file aside happen under it, so no process ever sees a half-created store.
///
/// Transactions do not take it; SQLite's own locks keep them apart. Where the file system
/// cannot lock a folder, opening goes ahead without it.
final class FolderLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit {
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// How taking the lock went.
    enum Outcome {
        /// Held until the lock is released (deallocated).
        case locked(FolderLock)
        /// The folder cannot be locked here; go ahead without.
        case unsupported
        /// Another process kept it for all of `timeout` seconds.
        case timedOut
    }

    /// Takes the lock on `folder`, waiting up to `timeout` seconds for another process to release it.
    static func acquire(_ folder: String, timeout: TimeInterval) -> Outcome {
        let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .unsupported }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return .locked(FolderLock(descriptor: descriptor)) }
            let error = errno
            guard error == EWOULDBLOCK || error == EINTR else {
                close(descriptor)
                return .unsupported
            }
            if Date() >= deadline {
                close(descriptor)
                return .timedOut
            }
            usleep(5_000)
        }
    }
}
