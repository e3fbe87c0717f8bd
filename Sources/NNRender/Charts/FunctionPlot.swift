/// A plot of functions of one variable over an x range — typically an activation and its
/// derivative — with axes, zero lines and a legend.
public struct FunctionPlot: Widget {
    /// One function to draw.
    public struct Curve {
        public var name: String
        public var function: (Double) -> Double
        public var color: Color?
        public var pattern: LinePattern

        public init(name: String, color: Color? = nil, pattern: LinePattern = .solid, function: @escaping (Double) -> Double) {
            self.name = name
            self.function = function
            self.color = color
            self.pattern = pattern
        }
    }

    public var curves: [Curve]
    public var xRange: ClosedRange<Double>
    /// A fixed y range; nil fits the sampled values (non-finite samples are skipped).
    public var yRange: ClosedRange<Double>?
    public var xTitle: String?
    public var glyphs: GlyphSet

    public init(curves: [Curve], xRange: ClosedRange<Double> = -4...4, yRange: ClosedRange<Double>? = nil,
                xTitle: String? = "x", glyphs: GlyphSet = .unicode) {
        self.curves = curves
        self.xRange = xRange
        self.yRange = yRange
        self.xTitle = xTitle
        self.glyphs = glyphs
    }

    /// An activation `name` and, when given, its derivative (named `name′`, drawn dashed).
    public init(name: String, function: @escaping (Double) -> Double, derivative: ((Double) -> Double)? = nil,
                xRange: ClosedRange<Double> = -4...4, yRange: ClosedRange<Double>? = nil, glyphs: GlyphSet = .unicode) {
        var curves = [Curve(name: name, function: function)]
        if let derivative {
            curves.append(Curve(name: name + "′", pattern: .dashed, function: derivative))
        }
        self.init(curves: curves, xRange: xRange, yRange: yRange, glyphs: glyphs)
    }

    /// The x values sampled for an area `width` columns wide: evenly spaced, always including
    /// both ends and 0 (where activations have their kinks).
    public func sampleXs(width: Int) -> [Double] {
        let count = max(2, width * 4 + 1)
        let lo = xRange.lowerBound, hi = xRange.upperBound
        var xs = (0..<count).map { lo + (hi - lo) * Double($0) / Double(count - 1) }
        if lo < 0 && hi > 0, !xs.contains(0) {
            let index = xs.firstIndex { $0 > 0 } ?? xs.count
            xs.insert(0, at: index)
        }
        return xs
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let xs = sampleXs(width: area.width)
        let series = curves.enumerated().map { index, curve in
            LineChart.Series(name: curve.name, xs: xs, ys: xs.map(curve.function),
                             color: curve.color ?? LineChart.defaultColor(forSeries: index), pattern: curve.pattern)
        }
        let chart = LineChart(series: series, xAxis: Axis(title: xTitle, range: xRange), yAxis: Axis(range: yRange),
                              glyphs: glyphs, showsLegend: true, legendShowsLastValue: false, showsZeroLines: true)
        chart.render(in: area, buffer: &buffer)
    }
}
