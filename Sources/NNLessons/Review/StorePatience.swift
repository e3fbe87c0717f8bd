import Foundation

/// How long the store waits for another process that holds it locked before giving up.
///
/// SQLite waits up to `busyTimeout` seconds for a lock; a statement that still finds the store
/// busy is retried, `attempts` times in all. Only then is the store reported busy — a locked
/// store is never taken for a damaged one.
public struct StorePatience: Sendable, Equatable {
    /// How long one attempt waits for a lock (seconds).
    public var busyTimeout: TimeInterval
    /// How many attempts are made before the store is reported busy.
    public var attempts: Int

    /// A patience of `attempts` tries of `busyTimeout` seconds each.
    public init(busyTimeout: TimeInterval, attempts: Int) {
        self.busyTimeout = max(0.01, busyTimeout)
        self.attempts = max(1, attempts)
    }

    /// What nnlab uses: 3 tries of 2 seconds (another nnlab's transaction takes milliseconds).
    public static let standard = StorePatience(busyTimeout: 2, attempts: 3)

    /// The longest wait in all (seconds).
    public var total: TimeInterval { busyTimeout * Double(attempts) }

    /// `1 second`, `6 seconds`, `0.5 seconds`.
    static func seconds(_ value: Double) -> String {
        let text = value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
        return text + (text == "1" ? " second" : " seconds")
    }
}
