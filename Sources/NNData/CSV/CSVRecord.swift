/// One row of a CSV file: its fields and the line of the file it starts on.
struct CSVRecord: Equatable, Sendable {
    /// The line number (1-based, counting every physical line) where the row starts.
    let line: Int
    /// The fields, unquoted, with quotes inside quoted fields undoubled.
    let fields: [String]
}
