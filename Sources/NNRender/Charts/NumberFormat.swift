import Foundation

/// Short, readable renderings of numbers for labels, legends and tables.
public enum NumberFormat {
    /// `value` with about `digits` significant digits, trailing zeros dropped; exponent notation
    /// (`1.5e-5`) below 0.001 and from one million on; `NaN`, `∞` and `-∞` for the rest.
    public static func significant(_ value: Double, digits: Int = 3) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "-∞" }
        if value == 0 { return "0" }
        let digits = max(1, digits)
        let exponent = Int(floor(log10(abs(value))))
        if exponent < -3 || exponent >= 6 {
            return exponential(value, digits: digits)
        }
        let decimals = max(0, digits - 1 - exponent)
        return trimZeros(String(format: "%.*f", decimals, value))
    }

    /// `value` as `m.mme±x` with `digits` significant digits, trailing zeros dropped (`2.5e-5`).
    public static func exponential(_ value: Double, digits: Int = 3) -> String {
        if !value.isFinite || value == 0 { return significant(value, digits: digits) }
        var exponent = Int(floor(log10(abs(value))))
        var mantissa = value / pow(10, Double(exponent))
        let scale = pow(10, Double(max(0, digits - 1)))
        mantissa = (mantissa * scale).rounded() / scale
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        let text = trimZeros(String(format: "%.*f", max(0, digits - 1), mantissa))
        return "\(text)e\(exponent)"
    }

    /// `value` with exactly `decimals` decimals (`-0` shown as `0`).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "-∞" }
        let text = String(format: "%.*f", max(0, decimals), value)
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text
    }

    /// Drops trailing zeros after a decimal point, and the point itself when nothing follows.
    static func trimZeros(_ text: String) -> String {
        guard text.contains("."), !text.contains("e") else { return text == "-0" ? "0" : text }
        var t = text
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        if t == "-0" { return "0" }
        return t
    }
}
