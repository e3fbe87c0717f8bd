/// A small grid of numbers the pass explorer draws for a network built layer by layer: an
/// input image with a convolution's receptive field marked, a feature map filling in position
/// by position, a pooling window and its winner, or a vector of units.
public struct PassGrid: Sendable, Equatable {
    /// The grid's name, e.g. "input channel 1" or "filter 2: z".
    public var label: String
    /// Rows and columns.
    public var height: Int
    public var width: Int
    /// The values in row order; NaN for a value the walk has not reached yet.
    public var values: [Double]
    /// The cells the step reads (a receptive field, a pooling window).
    public var marked: Set<Int>
    /// The cell the step computes or picks, if any.
    public var current: Int?
    /// The decimals a cell shows when the grid fits with them (fewer when it does not).
    public var decimals = 1

    /// Makes a grid.
    public init(label: String, height: Int, width: Int, values: [Double], marked: Set<Int> = [], current: Int? = nil) {
        precondition(values.count == height * width, "grid values must fill height × width")
        self.label = label
        self.height = height
        self.width = width
        self.values = values
        self.marked = marked
        self.current = current
    }

    /// A vector laid out in rows of `columns` values (the last row may be short, padded with NaN).
    public static func vector(_ label: String, _ values: [Double], columns: Int = 8, current: Int? = nil,
                              marked: Set<Int> = []) -> PassGrid {
        let width = max(1, min(columns, values.count))
        let height = max(1, (values.count + width - 1) / width)
        let padded = values + [Double](repeating: .nan, count: height * width - values.count)
        return PassGrid(label: label, height: height, width: width, values: padded, marked: marked, current: current)
    }

    /// A value as a grid cell: one decimal (none when `decimals` is 0), "·" for NaN.
    public static func cell(_ x: Double, decimals: Int) -> String {
        if x.isNaN { return "·" }
        let text = String(format: "%.\(decimals)f", x)
        return text == String(format: "-%.\(decimals)f", 0.0) ? String(format: "%.\(decimals)f", 0.0) : text
    }
}
