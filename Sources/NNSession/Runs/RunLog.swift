/// The runs a session remembers: the last `capacity` records, numbered from 1 for the session
/// (numbers keep rising when old runs are forgotten).
public struct RunLog: Equatable, Sendable {
    /// How many runs are kept.
    public static let capacity = 20

    /// The runs kept, oldest first.
    public private(set) var records: [RunRecord] = []
    /// The number the next run gets.
    public private(set) var nextNumber = 1

    public init() {}

    /// Keeps a run under the next number (forgetting the oldest past `capacity`); returns it.
    @discardableResult
    public mutating func add(_ make: (Int) -> RunRecord) -> RunRecord {
        let record = make(nextNumber)
        nextNumber += 1
        records.append(record)
        if records.count > Self.capacity { records.removeFirst(records.count - Self.capacity) }
        return record
    }

    /// The run numbered `number`, if it is still kept.
    public func record(number: Int) -> RunRecord? { records.first { $0.number == number } }

    /// The run before `record` in the log, nil for the first kept.
    public func previous(of record: RunRecord) -> RunRecord? {
        guard let i = records.firstIndex(where: { $0.number == record.number }), i > 0 else { return nil }
        return records[i - 1]
    }
}
