/// How one chart axis is laid out: its title, an optional fixed range and its scale.
public struct Axis: Hashable, Sendable {
    /// Linear or base-10 logarithmic spacing.
    public enum Scale: Hashable, Sendable {
        case linear
        /// Powers of ten equally spaced; values ≤ 0 cannot be shown and are skipped.
        case log10
    }

    /// A short name shown next to the axis ("epoch", "loss").
    public var title: String?
    /// A fixed range; nil fits the range to the data and rounds it out to nice ticks.
    public var range: ClosedRange<Double>?
    public var scale: Scale
    /// Only whole-number tick steps (for counts and epochs).
    public var integerTicks: Bool

    public init(title: String? = nil, range: ClosedRange<Double>? = nil, scale: Scale = .linear, integerTicks: Bool = false) {
        self.title = title
        self.range = range
        self.scale = scale
        self.integerTicks = integerTicks
    }
}
