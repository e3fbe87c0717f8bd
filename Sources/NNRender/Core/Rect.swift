/// A rectangle of cells: origin at the top left, sizes in columns and rows.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The empty rectangle at the origin.
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    public var left: Int { x }
    /// One past the last column.
    public var right: Int { x + width }
    public var top: Int { y }
    /// One past the last row.
    public var bottom: Int { y + height }
    /// The number of cells.
    public var area: Int { width * height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    public var description: String { "Rect(x: \(x), y: \(y), width: \(width), height: \(height))" }

    /// True when the cell at (x, y) lies inside.
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < right && py >= y && py < bottom
    }

    /// The part of both rectangles (empty when they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let l = max(left, other.left), t = max(top, other.top)
        let r = min(right, other.right), b = min(bottom, other.bottom)
        if r <= l || b <= t { return Rect(x: l, y: t, width: 0, height: 0) }
        return Rect(x: l, y: t, width: r - l, height: b - t)
    }

    /// The rectangle shrunk by margins on each side (never negative).
    public func inset(left l: Int = 0, top t: Int = 0, right r: Int = 0, bottom b: Int = 0) -> Rect {
        Rect(x: x + l, y: y + t, width: max(0, width - l - r), height: max(0, height - t - b))
    }

    /// The rectangle shrunk by the same margin on every side.
    public func inset(by margin: Int) -> Rect {
        inset(left: margin, top: margin, right: margin, bottom: margin)
    }

    /// The row at offset `row` from the top, one cell high.
    public func row(_ row: Int) -> Rect { Rect(x: x, y: y + row, width: width, height: 1) }
}
