/// A small JSON reader for model files, with exact numbers and line numbers in its errors.
///
/// Foundation's `JSONSerialization` on Linux can round the last digit of a double and reports
/// syntax errors without a line, so model files, which must round-trip every weight exactly,
/// are read with this instead (about a hundred lines; numbers go through `Double(String)`,
/// which rounds correctly).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The members of an object, or nil.
    public var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
    /// The items of an array, or nil.
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    /// The number, or nil.
    public var number: Double? { if case .number(let x) = self { return x } else { return nil } }
    /// The string, or nil.
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
}

/// A JSON syntax error with the line it is on.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var description: String { "line \(line): \(message)" }
}

/// Parses JSON text into a `JSONValue`.
public struct JSONReader {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    /// How deep arrays and objects may nest.
    static let maximumDepth = 64

    /// Parses a whole document.
    public static func parse(_ text: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes: text)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        if reader.position < reader.bytes.count { throw reader.error("unexpected text after the end of the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, line: line) }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x0A: line += 1; position += 1
            case 0x20, 0x09, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < JSONReader.maximumDepth else {
            throw error("lists and objects nest more than \(JSONReader.maximumDepth) levels deep; a model file nests 4")
        }
        guard position < bytes.count else { throw error("the file ends where a value should be (is it cut short?)") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try objectValue(depth: depth)
        case UInt8(ascii: "["): return try arrayValue(depth: depth)
        case UInt8(ascii: "\""): return .string(try stringValue())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try numberValue())
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        let w = Array(word.utf8)
        guard position + w.count <= bytes.count, Array(bytes[position..<position + w.count]) == w else {
            throw error("unexpected character; expected a value")
        }
        position += w.count
    }

    private mutating func objectValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        position += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error(position < bytes.count ? "expected a quoted field name" : "the file ends inside an object (is it cut short?)")
            }
            let key = try stringValue()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':' after \"\(InputExcerpt.cut(key))\"") }
            position += 1
            skipSpace()
            members[key] = try value(depth: depth + 1)
            skipSpace()
            guard position < bytes.count else { throw error("the file ends inside an object (is it cut short?)") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func arrayValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        position += 1
        var items: [JSONValue] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard position < bytes.count else { throw error("the file ends inside a list (is it cut short?)") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            throw error("expected ',' or ']' in a list")
        }
    }

    private mutating func stringValue() throws(JSONSyntaxError) -> String {
        position += 1
        var out: [UInt8] = []
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            if b == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            if b == 0x0A { throw error("a string runs past the end of its line") }
            if b == UInt8(ascii: "\\") {
                guard position < bytes.count else { break }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
                        throw error("bad \\u escape in a string")
                    }
                    position += 4
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "?")).utf8))
                default: out.append(e)
                }
                continue
            }
            out.append(b)
        }
        throw error("the file ends inside a string (is it cut short?)")
    }

    /// The character at a byte offset, escaped if it is a control character, for messages.
    private func firstCharacter(at offset: Int) -> String {
        let text = String(decoding: bytes[offset...].prefix(4), as: UTF8.self)
        return text.unicodeScalars.first.map { InputExcerpt.cut(String($0), width: 12) } ?? "?"
    }

    private mutating func numberValue() throws(JSONSyntaxError) -> Double {
        let start = position
        while position < bytes.count, "+-.eE0123456789".utf8.contains(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard !text.isEmpty, let x = Double(text), x.isFinite else {
            throw error(text.isEmpty ? "unexpected character '\(firstCharacter(at: start))'; expected a value"
                                     : "'\(InputExcerpt.cut(text))' is not a number")
        }
        return x
    }
}
