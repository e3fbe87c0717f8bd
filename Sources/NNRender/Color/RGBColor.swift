/// A 24-bit color value with the arithmetic palettes need (mixing, luminance).
public struct RGBColor: Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public static let white = RGBColor(255, 255, 255)
    public static let black = RGBColor(0, 0, 0)

    /// The terminal color for this value.
    public var color: Color { .rgb(red, green, blue) }

    /// Relative luminance in 0...1 (sRGB weights, no gamma).
    public var luminance: Double {
        (0.2126 * Double(red) + 0.7152 * Double(green) + 0.0722 * Double(blue)) / 255
    }

    /// The color `amount` of the way (0...1) from this one to `other`.
    public func mixed(with other: RGBColor, amount: Double) -> RGBColor {
        let t = amount.isFinite ? max(0, min(1, amount)) : 0
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8(max(0, min(255, (Double(a) + (Double(b) - Double(a)) * t).rounded())))
        }
        return RGBColor(mix(red, other.red), mix(green, other.green), mix(blue, other.blue))
    }

    /// Black or white, whichever reads better on top of this color.
    public var contrastingText: Color { luminance > 0.55 ? .black : .white }
}
