/// Splits CSV text into records, keeping the line number of each.
///
/// nnlab reads CSV with its own small parser rather than Foundation or a package because the
/// errors a learner sees must name the exact line (even when quoted fields span lines), the
/// reader must stop at a row limit instead of filling memory, and the dialect is small: comma
/// separators, RFC 4180 quoting (`"a, b"`, `""` for a quote inside quotes), `\n`, `\r\n` or `\r`
/// line ends, an optional UTF-8 byte-order mark, and blank lines, which are skipped. Spaces and
/// tabs around an unquoted field are dropped (` 1.5 ` reads as `1.5`); inside quotes they stay.
struct CSVReader {
    /// The file name used in error messages.
    let source: String

    /// Parses `bytes` into records, stopping with an error after `maximumRecords` records.
    func records(from bytes: [UInt8], maximumRecords: Int) throws -> [CSVRecord] {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var i = start
        var fieldWasQuoted = false
        var recordHasContent = false

        func finishField() throws {
            var text: String
            var low = 0, high = field.count
            if !fieldWasQuoted {
                // Spaces and tabs around an unquoted field are not part of it.
                while low < high, field[low] == UInt8(ascii: " ") || field[low] == UInt8(ascii: "\t") { low += 1 }
                while high > low, field[high - 1] == UInt8(ascii: " ") || field[high - 1] == UInt8(ascii: "\t") { high -= 1 }
            }
            let bytes = field[low..<high]
            if bytes.allSatisfy({ $0 < 0x80 }) {
                text = String(decoding: bytes, as: UTF8.self)
            } else if let valid = String(validating: bytes, as: UTF8.self) {
                text = valid
            } else {
                throw DataError("\(source), line \(recordLine): the text is not valid UTF-8; "
                    + "save the file as UTF-8 (most spreadsheet programs offer \"CSV UTF-8\").")
            }
            fields.append(text)
            if fieldWasQuoted || !text.isEmpty { recordHasContent = true }
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func finishRecord() throws {
            try finishField()
            if recordHasContent || fields.count > 1 {
                if records.count >= maximumRecords {
                    throw DataError("\(source) has more than \(maximumRecords - 1) data rows, the most nnlab loads; "
                        + "use a sample of the rows (for example the first \(maximumRecords - 1)).")
                }
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            recordHasContent = false
        }

        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), ret = UInt8(ascii: "\r")
        while i < bytes.count {
            let byte = bytes[i]
            if byte == quote && !fieldWasQuoted && field.allSatisfy({ $0 == UInt8(ascii: " ") }) {
                // A quoted field (spaces before the quote are dropped): read to the closing quote,
                // across line ends.
                let openedOn = line
                field.removeAll(keepingCapacity: true)
                fieldWasQuoted = true
                i += 1
                var closed = false
                while i < bytes.count {
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < bytes.count && bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    if b == newline || (b == ret && !(i + 1 < bytes.count && bytes[i + 1] == newline)) { line += 1 }
                    field.append(b)
                    i += 1
                }
                if !closed {
                    throw DataError("\(source), line \(openedOn): a quoted field is never closed; "
                        + "add the closing \" (write \"\" for a quote inside a quoted field).")
                }
                // Only spaces may follow the closing quote before the separator.
                while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") { i += 1 }
                if i < bytes.count, bytes[i] != comma, bytes[i] != newline, bytes[i] != ret {
                    throw DataError("\(source), line \(line): unexpected text after a closing quote; "
                        + "write \"\" for a quote inside a quoted field, or quote the whole field.")
                }
                continue
            }
            switch byte {
            case comma:
                try finishField()
                i += 1
            case newline, ret:
                try finishRecord()
                i += (byte == ret && i + 1 < bytes.count && bytes[i + 1] == newline) ? 2 : 1
                line += 1
                recordLine = line
            default:
                field.append(byte)
                i += 1
            }
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { try finishRecord() }
        return records
    }
}
