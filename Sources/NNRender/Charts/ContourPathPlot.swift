import Foundation

/// A 2-D loss surface drawn as contour bands, with optimizer paths across it.
///
/// Levels are spaced on a log scale above the lowest value in view, so the shape near the minimum
/// stays visible next to steep walls. With 256 colors the bands are gray shades (dark = low) at
/// two pixels per cell; with 8 colors or none they become contour lines of dots. Each path is a
/// line in its own color (or, without color, its own letter) from its start (`○`, or `S`) to its
/// end (`●`, `■`, `▲`…, or the uppercase letter); minima are marked `+`.
public struct ContourPathPlot: Widget {
    /// One optimizer's trajectory.
    public struct Path {
        public var name: String
        public var points: [PlanePoint]
        /// The line color; nil picks the path's color from the plot's path colors.
        public var color: Color?

        public init(name: String, points: [PlanePoint], color: Color? = nil) {
            self.name = name
            self.points = points
            self.color = color
        }
    }

    public var function: (Double, Double) -> Double
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var paths: [Path]
    /// Points marked `+`, such as the minima.
    public var markers: [PlanePoint]
    /// The number of contour levels.
    public var levelCount: Int
    public var colorMode: ColorMode
    public var glyphs: GlyphSet
    public var showsLegend: Bool
    /// Follow each path's legend name with the loss at its end.
    public var legendShowsFinalValue: Bool

    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, paths: [Path] = [], markers: [PlanePoint] = [],
                levelCount: Int = 12, colorMode: ColorMode = .indexed256, glyphs: GlyphSet = .unicode,
                showsLegend: Bool = true, function: @escaping (Double, Double) -> Double) {
        self.function = function
        self.xRange = xRange
        self.yRange = yRange
        self.paths = paths
        self.markers = markers
        self.levelCount = levelCount
        self.colorMode = colorMode
        self.glyphs = glyphs
        self.showsLegend = showsLegend
        legendShowsFinalValue = true
    }

    /// A plot of a named surface over its default range, with its minima marked.
    public init(surface: LossSurface, paths: [Path] = [], colorMode: ColorMode = .indexed256, glyphs: GlyphSet = .unicode) {
        self.init(xRange: surface.xRange, yRange: surface.yRange, paths: paths, markers: surface.minima,
                  colorMode: colorMode, glyphs: glyphs, function: { surface.value(x: $0, y: $1) })
    }

    /// Path colors for 256-color output: bright Okabe–Ito hues that stand out on the gray bands.
    public static let pathColors: [RGBColor] = [
        RGBColor(230, 159, 0), RGBColor(86, 180, 233), RGBColor(240, 228, 66), RGBColor(204, 121, 167),
        RGBColor(0, 158, 115), RGBColor(213, 94, 0),
    ]
    /// Path colors for 8-color output.
    public static let basicPathColors: [Color] = [.yellow, .cyan, .green, .magenta, .red, .blue]
    /// End-of-path marks.
    public static let endSymbols = ["●", "■", "▲", "◆", "★", "▼"]

    private var monochrome: Bool { colorMode == .none }
    private var usesLetters: Bool { colorMode == .none || glyphs == .ascii }

    private func pathColor(_ index: Int) -> Color {
        if let c = paths[index].color { return c }
        if colorMode == .basic8 { return ContourPathPlot.basicPathColors[index % ContourPathPlot.basicPathColors.count] }
        return ContourPathPlot.pathColors[index % ContourPathPlot.pathColors.count].color
    }

    private func endSymbol(_ index: Int) -> String {
        usesLetters ? ClassPalette.classLetter(index, uppercase: true) : ContourPathPlot.endSymbols[index % ContourPathPlot.endSymbols.count]
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let frame = ChartFrame.make(area: area, xAxis: Axis(title: "x", range: xRange), xData: nil,
                                    yAxis: Axis(title: "y", range: yRange), yData: nil, xSubdivisions: 1, ySubdivisions: 2,
                                    glyphs: glyphs, footerRows: showsLegend ? 1 : 0)
        let plot = frame.plotArea
        // Contour lines need fewer levels than shaded bands to stay readable.
        let contourLines = colorMode != .indexed256
        let levels = computeLevels(frame: frame, levelCount: contourLines ? max(3, levelCount / 2) : levelCount)
        let width = plot.width
        func level(column: Int, pixelRow: Int) -> Int { levels[pixelRow * width + column] }

        // The surface.
        var cellBackground: [Color] = Array(repeating: .default, count: plot.width * plot.height)
        for row in 0..<plot.height {
            for column in 0..<width {
                let x = plot.left + column, y = plot.top + row
                if colorMode == .indexed256 {
                    let top = bandColor(level(column: column, pixelRow: 2 * row))
                    let bottom = bandColor(level(column: column, pixelRow: 2 * row + 1))
                    cellBackground[row * width + column] = top
                    let cell = HalfBlockPixels.cell(top: top, bottom: glyphs == .ascii ? top : bottom)
                    buffer.set(x: x, y: y, string: cell.symbol, style: cell.style, clip: plot)
                } else {
                    // Contour lines: a dot where the level changes towards the next cell to the
                    // right or below (comparing the upper pixels of the cells).
                    let here = level(column: column, pixelRow: 2 * row)
                    let right = column + 1 < width ? level(column: column + 1, pixelRow: 2 * row) : here
                    let below = row + 1 < plot.height ? level(column: column, pixelRow: 2 * row + 2) : here
                    if right != here || below != here {
                        buffer.set(x: x, y: y, string: glyphs == .unicode ? "·" : ".", style: Style(dim: true), clip: plot)
                    }
                }
            }
        }

        // The paths.
        if usesLetters {
            var canvas = PlotCanvas(columns: plot.width, rows: plot.height, resolution: .cell)
            for (index, path) in paths.enumerated() {
                drawPath(path, index: index, frame: frame, canvas: &canvas,
                         marker: ClassPalette.classLetter(index, uppercase: false), color: monochrome ? .default : pathColor(index))
            }
            canvas.draw(into: &buffer, at: plot, bold: !monochrome)
        } else {
            var canvas = PlotCanvas(columns: plot.width, rows: plot.height, resolution: .braille)
            for (index, path) in paths.enumerated() {
                drawPath(path, index: index, frame: frame, canvas: &canvas, marker: "*", color: pathColor(index))
            }
            canvas.draw(into: &buffer, at: plot, bold: true) { column, row in cellBackground[row * width + column] }
        }

        // Start, end and minimum marks.
        func mark(_ p: PlanePoint, _ symbol: String, _ color: Color) {
            guard let column = frame.x.cellIndex(p.x), let row = frame.y.cellIndex(p.y) else { return }
            let bg = cellBackground.isEmpty ? Color.default : cellBackground[row * width + column]
            buffer.set(x: plot.left + column, y: plot.top + row, string: symbol,
                       style: Style(fg: monochrome ? .default : color, bg: bg, bold: true), clip: plot)
        }
        for m in markers { mark(m, "+", .brightWhite) }
        for path in paths {
            guard let first = path.points.first(where: \.isFinite) else { continue }
            mark(first, usesLetters ? "S" : "○", .brightWhite)
        }
        for (index, path) in paths.enumerated() {
            guard let last = path.points.last(where: \.isFinite) else { continue }
            mark(last, endSymbol(index), pathColor(index))
        }

        frame.drawAxes(into: &buffer)
        if showsLegend, frame.footer.height > 0 { drawLegend(row: frame.footer.row(0), buffer: &buffer) }
    }

    private func drawPath(_ path: Path, index: Int, frame: ChartFrame, canvas: inout PlotCanvas, marker: String, color: Color) {
        let sx = Double(canvas.subdivisionsX), sy = Double(canvas.subdivisionsY)
        var previous: (x: Double, y: Double)?
        for p in path.points {
            guard let px = frame.x.position(p.x), let py = frame.y.position(p.y) else {
                previous = nil
                continue
            }
            // Positions are in the frame's pixels (1 across, 2 down per cell): scale to canvas dots.
            let point = (x: px * sx, y: py * sy / 2)
            if let q = previous {
                canvas.drawLine(from: q, to: point, color: color, marker: marker, priority: index)
            } else {
                canvas.drawLine(from: point, to: point, color: color, marker: marker, priority: index)
            }
            previous = point
        }
    }

    /// The contour level (0 = lowest) of every pixel, row by row from the top.
    private func computeLevels(frame: ChartFrame, levelCount requested: Int) -> [Int] {
        let plot = frame.plotArea
        let count = plot.width * plot.height * 2
        guard count > 0 else { return [] }
        var values: [Double] = []
        values.reserveCapacity(count)
        for pixelRow in 0..<(plot.height * 2) {
            let y = frame.y.valueAtDotCenter(pixelRow)
            for column in 0..<plot.width { values.append(function(frame.x.valueAtDotCenter(column), y)) }
        }
        let levelCount = max(2, requested)
        guard let extent = ChartFrame.Extent.of(values) else { return Array(repeating: levelCount - 1, count: count) }
        let span = extent.upper - extent.lower
        let delta = max(span * 1e-3, 1e-12)
        let gmin = log(delta), gmax = log(span + delta)
        return values.map { v in
            guard v.isFinite else { return levelCount - 1 }
            let g = log(max(0, v - extent.lower) + delta)
            let t = gmax > gmin ? (g - gmin) / (gmax - gmin) : 0
            guard t.isFinite else { return levelCount - 1 }
            return max(0, min(levelCount - 1, Int(t * Double(levelCount))))
        }
    }

    /// The gray of a band: dark for low loss, lighter going up.
    private func bandColor(_ level: Int) -> Color {
        let levels = max(2, levelCount)
        // Gray-ramp entries 234 (dark) to 244 (mid gray), so bright path colors stay visible.
        let index = 234 + Int((Double(level) / Double(levels - 1) * 10).rounded())
        return .indexed(UInt8(max(232, min(255, index))))
    }

    private func drawLegend(row: Rect, buffer: inout Buffer) {
        func entries(withValues: Bool, markers withMarkers: Bool) -> ChartLegend {
            var result: [ChartLegend.Entry] = paths.enumerated().map { index, path in
                var label = path.name
                if withValues, let last = path.points.last(where: \.isFinite) {
                    label += " " + NumberFormat.significant(function(last.x, last.y), digits: 3)
                }
                let symbol = usesLetters ? ClassPalette.classLetter(index, uppercase: false) + "…" + endSymbol(index) : endSymbol(index)
                return ChartLegend.Entry(symbol: symbol, symbolStyle: Style(fg: monochrome ? .default : pathColor(index), bold: true),
                                         label: label)
            }
            if withMarkers {
                if !paths.isEmpty { result.append(ChartLegend.Entry(symbol: usesLetters ? "S" : "○", symbolStyle: Style(bold: true), label: "start")) }
                if !markers.isEmpty { result.append(ChartLegend.Entry(symbol: "+", symbolStyle: Style(bold: true), label: "minimum")) }
            }
            return ChartLegend(entries: result)
        }
        for (v, m) in [(legendShowsFinalValue, true), (false, true), (false, false)] {
            if entries(withValues: v, markers: m).drawLine(into: &buffer, row: row, alignRight: false) { return }
        }
    }
}
