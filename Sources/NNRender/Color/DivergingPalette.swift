/// A blue–white–red scale for signed values: negative blue, zero near-white, positive red.
///
/// Colors are interpolated between the stops of ColorBrewer's RdBu (reversed), whose two arms
/// differ in lightness as well as hue, so the sign stays readable for colour-blind readers.
public struct DivergingPalette: Sendable {
    /// Stops from −1 to +1, evenly spaced.
    public var stops: [RGBColor]

    public init(stops: [RGBColor]) {
        precondition(stops.count >= 2, "a diverging palette needs at least two stops")
        self.stops = stops
    }

    /// Blue (negative) through near-white to red (positive).
    public static let blueWhiteRed = DivergingPalette(stops: [
        RGBColor(33, 102, 172), RGBColor(103, 169, 207), RGBColor(209, 229, 240), RGBColor(247, 247, 247),
        RGBColor(253, 219, 199), RGBColor(239, 138, 98), RGBColor(178, 24, 43),
    ])

    /// The color for `t` in −1...1 (clamped; NaN gives the middle).
    public func rgb(for t: Double) -> RGBColor {
        let clamped = t.isNaN ? 0 : max(-1, min(1, t))
        let position = (clamped + 1) / 2 * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(position))
        return stops[i].mixed(with: stops[i + 1], amount: position - Double(i))
    }

    /// The terminal color for `t` in −1...1.
    public func color(for t: Double) -> Color { rgb(for: t).color }

    /// The color for `value` on a scale symmetric around zero reaching ±`limit`.
    public func color(forValue value: Double, limit: Double) -> Color {
        guard limit > 0, limit.isFinite else { return rgb(for: 0).color }
        return color(for: value / limit)
    }

    /// A named 8-color equivalent: blue below −`deadZone`, red above, white in between.
    public static func basicColor(for t: Double, deadZone: Double = 0.2) -> Color {
        if t.isNaN { return .white }
        if t < -deadZone { return .blue }
        if t > deadZone { return .red }
        return .white
    }
}
