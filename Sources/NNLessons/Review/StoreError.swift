/// A problem with the store of progress and quiz answers (or its folder), in plain English.
///
/// The message names the file or folder, says what went wrong and how to fix it. It never
/// includes the `error:` prefix, which the session adds when it prints the message.
/// `alreadyReported` is set when the same problem was already reported in this process (a
/// folder that cannot be written is said once, not at every save).
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The full explanation shown to the learner.
    public let message: String
    /// Whether this very message was already given to the learner in this process.
    public let alreadyReported: Bool
    /// Whether the store was busy: another process held it locked for longer than nnlab waits.
    public let isBusy: Bool

    /// Makes an error with the given explanation.
    public init(_ message: String, alreadyReported: Bool = false, isBusy: Bool = false) {
        self.message = message
        self.alreadyReported = alreadyReported
        self.isBusy = isBusy
    }

    public var description: String { message }

    public static func == (lhs: StoreError, rhs: StoreError) -> Bool { lhs.message == rhs.message }

    /// The store stayed locked by another program for all of `waited` seconds.
    static func busy(_ path: String, waited: Double, doing prefix: String = "") -> StoreError {
        StoreError(prefix + "the progress store is busy (another nnlab?): \(path) stayed locked for \(StorePatience.seconds(waited)); " +
                   "close the other nnlab or program using it and try again", isBusy: true)
    }
}

/// The name the review store's errors had before progress moved into the same store.
public typealias ReviewStoreError = StoreError
