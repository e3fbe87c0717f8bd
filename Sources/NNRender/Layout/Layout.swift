/// Splits a rectangle into a row or column of smaller ones by constraints.
///
/// ```swift
/// let parts = Layout.split(area, direction: .vertical, constraints: [.length(1), .fill, .percent(30)])
/// ```
public enum Layout {
    /// The axis along which a rectangle is split.
    public enum Direction: Hashable, Sendable {
        /// Side by side, left to right.
        case horizontal
        /// Stacked, top to bottom.
        case vertical
    }

    /// The size one part asks for.
    public enum Constraint: Hashable, Sendable {
        /// Exactly `n` cells (less when the space runs out).
        case length(Int)
        /// `p` percent of the space (after spacing), rounded down.
        case percent(Int)
        /// An equal share of what the other constraints leave.
        case fill
    }

    /// The parts of `rect`, one per constraint, in order, with `spacing` cells between them.
    ///
    /// Lengths and percentages are served first (from the start, truncating the last ones when
    /// they do not fit); fills share the rest equally, the first ones getting any remainder.
    public static func split(_ rect: Rect, direction: Direction, constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        guard !constraints.isEmpty else { return [] }
        let total = direction == .horizontal ? rect.width : rect.height
        let gaps = max(0, spacing) * (constraints.count - 1)
        let available = max(0, total - gaps)
        var sizes = [Int](repeating: 0, count: constraints.count)
        var remaining = available
        var fillIndices: [Int] = []
        for (i, c) in constraints.enumerated() {
            switch c {
            case .length(let n):
                sizes[i] = min(max(0, n), remaining)
                remaining -= sizes[i]
            case .percent(let p):
                sizes[i] = min(available * max(0, min(100, p)) / 100, remaining)
                remaining -= sizes[i]
            case .fill:
                fillIndices.append(i)
            }
        }
        if !fillIndices.isEmpty {
            let share = remaining / fillIndices.count
            var extra = remaining % fillIndices.count
            for i in fillIndices {
                sizes[i] = share + (extra > 0 ? 1 : 0)
                if extra > 0 { extra -= 1 }
            }
        }
        var offset = 0
        var result: [Rect] = []
        for size in sizes {
            let start = min(offset, total)
            let length = max(0, min(size, total - start))
            switch direction {
            case .horizontal:
                result.append(Rect(x: rect.x + start, y: rect.y, width: length, height: rect.height))
            case .vertical:
                result.append(Rect(x: rect.x, y: rect.y + start, width: rect.width, height: length))
            }
            offset += size + max(0, spacing)
        }
        return result
    }
}
