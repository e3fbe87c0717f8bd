/// A chart of one or more named series of (x, y) values, such as training and test loss.
///
/// Lines are drawn in braille (2×4 dots per cell) or, with `.ascii` glyphs, one marker character
/// per cell (`*`, `+`, `o`…, so series differ without color). Axes get nice tick labels, the y axis
/// can be logarithmic, NaN and ±∞ values leave gaps, and the drawing cost does not grow with the
/// number of points: each dot column draws one vertical stroke from the lowest to the highest
/// value that falls in it.
public struct LineChart: Widget {
    /// One named line.
    public struct Series {
        public var name: String
        /// The y values.
        public var ys: [Double]
        /// The x values; nil means `xStart + i·xStep` for the i-th value.
        public var xs: [Double]?
        public var xStart: Double
        public var xStep: Double
        /// The line color; nil picks the series' color from the class palette.
        public var color: Color?
        /// The character drawn for this series in ASCII mode; nil picks `*`, `+`, `o`, `x`, `#`, `@`.
        public var marker: String?
        public var pattern: LinePattern
        /// A short label drawn at the line's last point (`1`, `#3`), so lines are told apart
        /// without color; nil draws none.
        public var endLabel: String?

        /// A series of values at x = `xStart`, `xStart + xStep`, … (epochs 1, 2, 3… by default).
        public init(name: String, values: [Double], xStart: Double = 1, xStep: Double = 1,
                    color: Color? = nil, marker: String? = nil, pattern: LinePattern = .solid) {
            self.name = name
            ys = values
            xs = nil
            self.xStart = xStart
            self.xStep = xStep
            self.color = color
            self.marker = marker
            self.pattern = pattern
        }

        /// A series of paired x and y values (extra values of the longer array are ignored).
        public init(name: String, xs: [Double], ys: [Double], color: Color? = nil, marker: String? = nil,
                    pattern: LinePattern = .solid) {
            self.name = name
            self.ys = ys
            self.xs = xs
            xStart = 0
            xStep = 1
            self.color = color
            self.marker = marker
            self.pattern = pattern
        }

        /// A series of points.
        public init(name: String, points: [PlanePoint], color: Color? = nil, marker: String? = nil,
                    pattern: LinePattern = .solid) {
            self.init(name: name, xs: points.map(\.x), ys: points.map(\.y), color: color, marker: marker, pattern: pattern)
        }

        /// The number of points.
        public var count: Int { xs.map { min($0.count, ys.count) } ?? ys.count }

        /// The x value of the i-th point.
        public func x(at i: Int) -> Double { xs?[i] ?? (xStart + Double(i) * xStep) }

        /// The last finite y value.
        public var lastFiniteValue: Double? {
            var i = count - 1
            while i >= 0 {
                if ys[i].isFinite { return ys[i] }
                i -= 1
            }
            return nil
        }
    }

    public var series: [Series]
    public var xAxis: Axis
    public var yAxis: Axis
    public var glyphs: GlyphSet
    /// Show a legend (in the header row when it fits, else in the emptiest corner of the plot).
    public var showsLegend: Bool
    /// Follow each legend name with the series' last value (handy for losses).
    public var legendShowsLastValue: Bool
    /// Draw dim lines at x = 0 and y = 0.
    public var showsZeroLines: Bool

    public init(series: [Series], xAxis: Axis = Axis(), yAxis: Axis = Axis(), glyphs: GlyphSet = .unicode,
                showsLegend: Bool = true, legendShowsLastValue: Bool = true, showsZeroLines: Bool = false) {
        self.series = series
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.glyphs = glyphs
        self.showsLegend = showsLegend
        self.legendShowsLastValue = legendShowsLastValue
        self.showsZeroLines = showsZeroLines
    }

    /// The markers of the series in ASCII mode, in order.
    public static let asciiMarkers = ["*", "+", "o", "x", "#", "@", "%", "&"]

    /// The color of series `i` when it has none of its own.
    public static func defaultColor(forSeries i: Int) -> Color { ClassPalette.standard.color(forClass: i) }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let logY = yAxis.scale == .log10
        var xExtent: ChartFrame.Extent?
        var yExtent: ChartFrame.Extent?
        for s in series {
            var xlo = Double.infinity, xhi = -Double.infinity, ylo = Double.infinity, yhi = -Double.infinity
            for i in 0..<s.count {
                let x = s.x(at: i), y = s.ys[i]
                guard x.isFinite, y.isFinite, !logY || y > 0, xAxis.scale != .log10 || x > 0 else { continue }
                xlo = min(xlo, x); xhi = max(xhi, x); ylo = min(ylo, y); yhi = max(yhi, y)
            }
            if xlo <= xhi {
                xExtent = ChartFrame.Extent(lower: xlo, upper: xhi).union(xExtent)
                yExtent = ChartFrame.Extent(lower: ylo, upper: yhi).union(yExtent)
            }
        }
        if showsZeroLines && !logY, let e = yExtent {
            yExtent = e.union(ChartFrame.Extent(lower: 0, upper: 0))
        }
        let resolution: PlotCanvas.Resolution = glyphs == .unicode ? .braille : .cell
        let sub = resolution == .braille ? (2, 4) : (1, 1)
        let frame = ChartFrame.make(area: area, xAxis: xAxis, xData: xExtent, yAxis: yAxis, yData: yExtent,
                                    xSubdivisions: sub.0, ySubdivisions: sub.1, glyphs: glyphs,
                                    wantsHeader: showsLegend && !series.isEmpty)
        let plot = frame.plotArea
        var canvas = PlotCanvas(columns: plot.width, rows: plot.height, resolution: resolution)
        for (index, s) in series.enumerated() {
            draw(s, index: index, frame: frame, canvas: &canvas)
        }
        if showsZeroLines { frame.drawZeroLines(into: &buffer) }
        canvas.draw(into: &buffer, at: plot)
        frame.drawAxes(into: &buffer)
        drawEndLabels(frame: frame, subdivisions: sub, buffer: &buffer)
        if showsLegend && !series.isEmpty { drawLegend(frame: frame, canvas: canvas, buffer: &buffer) }
    }

    /// Draws each series' end label just right of its last finite point (inside the plot,
    /// moved a row up or down when another label is there already).
    private func drawEndLabels(frame: ChartFrame, subdivisions: (Int, Int), buffer: inout Buffer) {
        let plot = frame.plotArea
        var placed: [(y: Int, from: Int, to: Int)] = []
        for (index, s) in series.enumerated() {
            guard let label = s.endLabel, !label.isEmpty else { continue }
            var end: (Double, Double)?
            var i = s.count - 1
            while i >= 0, end == nil {
                if let px = frame.x.position(s.x(at: i)), let py = frame.y.position(s.ys[i]) { end = (px, py) }
                i -= 1
            }
            guard let (px, py) = end else { continue }
            let width = DisplayWidth.of(label)
            guard width <= plot.width else { continue }
            let column = min(max(Int(px.rounded(.down)) / subdivisions.0, 0), plot.width - 1)
            let row = min(max(Int(py.rounded(.down)) / subdivisions.1, 0), plot.height - 1)
            let x = min(plot.left + column + 1, plot.right - width)
            let candidates = [0, -1, 1, -2, 2, -3, 3].map { plot.top + row + $0 }.filter { $0 >= plot.top && $0 < plot.bottom }
            guard let y = candidates.first(where: { y in !placed.contains { $0.y == y && $0.from < x + width + 1 && x < $0.to + 1 } })
            else { continue }
            placed.append((y, x, x + width))
            buffer.set(x: x, y: y, string: label, style: Style(fg: color(of: s, index: index), bold: true), clip: plot)
        }
    }

    private func color(of s: Series, index: Int) -> Color { s.color ?? LineChart.defaultColor(forSeries: index) }
    private func marker(of s: Series, index: Int) -> String {
        s.marker ?? LineChart.asciiMarkers[index % LineChart.asciiMarkers.count]
    }

    /// Draws a series with one stroke per dot column (min to max of the values in it), joined
    /// to its neighbours; a non-finite value breaks the line.
    private func draw(_ s: Series, index: Int, frame: ChartFrame, canvas: inout PlotCanvas) {
        let color = color(of: s, index: index)
        let marker = marker(of: s, index: index)
        var step = 0
        var bucketColumn: Int?
        var first = 0.0, last = 0.0, low = 0.0, high = 0.0
        var previous: (x: Double, y: Double)?

        func flush() {
            guard let column = bucketColumn else { return }
            let cx = Double(column) + 0.5
            if let p = previous {
                canvas.drawLine(from: p, to: (cx, first), color: color, marker: marker, priority: index,
                                pattern: s.pattern, step: &step)
            }
            if Int(low.rounded(.down)) != Int(high.rounded(.down)) || previous == nil {
                canvas.drawLine(from: (cx, low), to: (cx, high), color: color, marker: marker, priority: index,
                                pattern: s.pattern, step: &step)
            }
            previous = (cx, last)
            bucketColumn = nil
        }

        for i in 0..<s.count {
            guard let px = frame.x.position(s.x(at: i)), let py = frame.y.position(s.ys[i]) else {
                flush()
                previous = nil
                continue
            }
            let column = Int(px.rounded(.down))
            if column != bucketColumn {
                flush()
                bucketColumn = column
                first = py; last = py; low = py; high = py
            } else {
                last = py
                low = min(low, py)
                high = max(high, py)
            }
        }
        flush()
    }

    private func drawLegend(frame: ChartFrame, canvas: PlotCanvas, buffer: inout Buffer) {
        func entries(withValues: Bool, aligned: Bool) -> ChartLegend {
            let names = series.map { $0.name }
            let nameWidth = names.map { DisplayWidth.of($0) }.max() ?? 0
            return ChartLegend(entries: series.enumerated().map { index, s in
                let symbol = glyphs == .unicode ? s.pattern.legendSymbol(.unicode) : String(repeating: marker(of: s, index: index), count: 2)
                var label = s.name
                if withValues, let v = s.lastFiniteValue {
                    let name = aligned ? DisplayWidth.padRight(s.name, toWidth: nameWidth) : s.name
                    label = name + " " + NumberFormat.significant(v, digits: 3)
                }
                return ChartLegend.Entry(symbol: symbol, symbolStyle: Style(fg: color(of: s, index: index), bold: true), label: label)
            })
        }
        let withValues = legendShowsLastValue ? [true, false] : [false]
        if let header = frame.headerRow {
            let reserved = frame.yTitle.map { DisplayWidth.of($0) + 2 } ?? 0
            for v in withValues where entries(withValues: v, aligned: false).drawLine(into: &buffer, row: header, reserveLeft: reserved) {
                return
            }
        }
        for v in withValues where entries(withValues: v, aligned: true).drawBox(into: &buffer, plot: frame.plotArea, canvas: canvas) {
            return
        }
    }
}
