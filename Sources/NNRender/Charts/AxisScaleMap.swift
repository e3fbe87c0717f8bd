import Foundation

/// The mapping between data values and positions along one side of a plot area.
///
/// Positions are continuous, measured in sub-cell dots from the start of the axis (the left edge,
/// or the top edge for an inverted vertical axis): a value at the lower bound sits at 0, one at
/// the upper bound at `dots`. A dot or cell index is the floor of the position.
struct AxisScaleMap: Sendable {
    /// The bounds in transformed units (log10 of the value on a log axis).
    var lower: Double
    var upper: Double
    var isLog: Bool
    /// Cells along the axis.
    var cells: Int
    /// Dots per cell.
    var subdivisions: Int
    /// True for vertical axes: position 0 is the top (the upper bound).
    var inverted: Bool

    var dots: Int { cells * subdivisions }

    /// The value in transformed units, or nil when it cannot be shown (non-finite, ≤ 0 on log).
    func transform(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        if isLog {
            guard v > 0 else { return nil }
            return log10(v)
        }
        return v
    }

    /// The continuous position of a value in dots (may lie outside 0...dots), clamped to ±1e9.
    func position(_ v: Double) -> Double? {
        guard let t = transform(v) else { return nil }
        let span = upper - lower
        guard span > 0 else { return Double(dots) / 2 }
        var fraction = (t - lower) / span
        if inverted { fraction = 1 - fraction }
        let p = fraction * Double(dots)
        return max(-1e9, min(1e9, p))
    }

    /// The dot index of a value, or nil when it falls outside the axis (a value exactly at the
    /// far bound maps to the last dot).
    func dotIndex(_ v: Double) -> Int? {
        guard let p = position(v) else { return nil }
        let tolerance = 1e-9 * Double(max(1, dots))
        if p < -tolerance || p > Double(dots) + tolerance { return nil }
        return max(0, min(dots - 1, Int(floor(p))))
    }

    /// The cell index of a value, or nil outside the axis.
    func cellIndex(_ v: Double) -> Int? {
        dotIndex(v).map { $0 / subdivisions }
    }

    /// The data value at the center of dot `i`.
    func valueAtDotCenter(_ i: Int) -> Double {
        var fraction = (Double(i) + 0.5) / Double(max(1, dots))
        if inverted { fraction = 1 - fraction }
        let t = lower + fraction * (upper - lower)
        return isLog ? pow(10, t) : t
    }
}
