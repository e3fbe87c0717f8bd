import NNEngine

/// Python source text for numbers, lists and strings, as the exported scripts hold them.
///
/// Floats are written with Swift's shortest round-trip digits (at most 17 significant
/// digits), which Python's `float()` reads back to the same double, bit for bit.
enum PythonLiteral {
    /// A float literal that reads back exactly: `0.1`, `1e-05`, `float('nan')`.
    static func float(_ x: Double) -> String {
        if x.isNaN { return "float('nan')" }
        if x.isInfinite { return x > 0 ? "float('inf')" : "float('-inf')" }
        return "\(x)"
    }

    /// A list of floats: `[0.1, -2.0]`.
    static func list(_ xs: [Double]) -> String { "[" + xs.map(float).joined(separator: ", ") + "]" }

    /// A matrix as a list of rows, one row per line, indented by `indent` spaces.
    static func matrix(_ t: Tensor, indent: Int) -> String {
        let rows = t.shape[0], columns = t.count / max(rows, 1)
        let pad = String(repeating: " ", count: indent + 4)
        let lines = (0..<rows).map { r in pad + list(Array(t.scalars[(r * columns)..<((r + 1) * columns)])) + "," }
        return "[\n" + lines.joined(separator: "\n") + "\n" + String(repeating: " ", count: indent) + "]"
    }

    /// A string literal with quotes and backslashes escaped (non-ASCII written as \u escapes).
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    out += scalar.value <= 0xFFFF ? "\\u" + hex(scalar.value, 4) : "\\U" + hex(scalar.value, 8)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A list of strings.
    static func strings(_ xs: [String]) -> String { "[" + xs.map(string).joined(separator: ", ") + "]" }

    private static func hex(_ value: UInt32, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
