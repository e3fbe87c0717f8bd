import Foundation

/// How the session writes numbers: short, aligned, and exact enough to check by hand.
enum Numbers {
    /// A number with up to `digits` significant digits, in plain notation where it reads well.
    static func format(_ x: Double, digits: Int = 6) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        if magnitude >= 1e-4 && magnitude < 1e7 {
            var text = String(format: "%.\(digits)g", x)
            if text.contains("e") { text = String(format: "%.\(max(0, digits - 1))f", x) }
            return text
        }
        return String(format: "%.\(max(1, digits - 2))e", x)
    }

    /// A fixed-point number with a given count of decimals (for aligned table columns).
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        let text = String(format: "%.\(decimals)f", x)
        // A negative number that rounds to zero reads as zero, without its sign.
        if text.hasPrefix("-") && text.utf8.dropFirst().allSatisfy({ $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") }) {
            return String(text.dropFirst())
        }
        return text
    }

    /// A share as a percentage with one decimal.
    static func percent(_ x: Double) -> String { x.isNaN ? "—" : String(format: "%.1f%%", x * 100) }

    /// A large number in few characters: 950, 12.3k, 4.56M.
    static func compact(_ x: Double) -> String {
        if x >= 1e6 { return String(format: "%.3gM", x / 1e6) }
        if x >= 1e3 { return String(format: "%.3gk", x / 1e3) }
        return String(format: "%.0f", x)
    }

    /// A count with thousands separators.
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + String(out.reversed())
    }
}
