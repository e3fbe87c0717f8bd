/// A model's decision regions over the input plane, with the data points on top.
///
/// Each cell shows two pixels, one above the other, with the upper half block `▀` (foreground =
/// upper pixel, background = lower pixel). For classification a pixel takes its predicted class's
/// color, pale where the model is unsure and deeper where it is confident (or flat with
/// `discretize`); for regression it takes the predicted value's color on a blue–white–red scale.
/// Points are drawn on top, shaped and colored by class, filled for training and hollow for test.
///
/// Without color (`colorMode: .none`) regions become shade characters (` ·░▒`) and points become
/// class letters (`A`, `B`… for training, `a`, `b`… for test).
///
/// The model can be evaluated one pixel at a time through a closure, or — faster — in one batch:
/// ask `gridPoints(for:)` for the pixel centers, evaluate them together, and pass the results
/// with `.precomputedClasses` or `.precomputedValues`.
public struct DecisionBoundaryPlot: Widget {
    /// What colors the plane.
    public enum Surface {
        /// Called once per pixel with (x, y): the predicted class and its confidence.
        case classes(count: Int, evaluate: (Double, Double) -> ClassPrediction)
        /// Called once per pixel with (x, y): the predicted value, colored within `range`.
        case values(range: ClosedRange<Double>, evaluate: (Double, Double) -> Double)
        /// Predictions for `gridPoints(for:)`, in the same order.
        case precomputedClasses(count: Int, predictions: [ClassPrediction])
        /// Predicted values for `gridPoints(for:)`, in the same order, colored within `range`.
        case precomputedValues(range: ClosedRange<Double>, values: [Double])
    }

    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var surface: Surface
    public var points: [LabeledPoint]
    /// Names for the classes in the legend; nil shows "class 0", "class 1"…
    public var classNames: [String]?
    /// Flat class colors, without confidence shading.
    public var discretize: Bool
    /// The colors the output will have: `.none` selects the monochrome rendering, `.basic8` a
    /// rendering readable with 8 colors.
    public var colorMode: ColorMode
    public var glyphs: GlyphSet
    public var showsAxes: Bool
    public var showsLegend: Bool
    public var palette: ClassPalette
    public var xTitle: String?
    public var yTitle: String?

    /// A classification plot evaluating `evaluate` once per pixel.
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, classCount: Int, points: [LabeledPoint] = [],
                colorMode: ColorMode = .indexed256, evaluate: @escaping (Double, Double) -> ClassPrediction) {
        self.init(xRange: xRange, yRange: yRange, surface: .classes(count: classCount, evaluate: evaluate),
                  points: points, colorMode: colorMode)
    }

    /// A regression plot evaluating `evaluate` once per pixel, colored within `valueRange`.
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, valueRange: ClosedRange<Double>,
                points: [LabeledPoint] = [], colorMode: ColorMode = .indexed256, evaluate: @escaping (Double, Double) -> Double) {
        self.init(xRange: xRange, yRange: yRange, surface: .values(range: valueRange, evaluate: evaluate),
                  points: points, colorMode: colorMode)
    }

    /// A classification plot from predictions at `gridPoints(for:)`, in order.
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, classCount: Int, points: [LabeledPoint] = [],
                predictions: [ClassPrediction], colorMode: ColorMode = .indexed256) {
        self.init(xRange: xRange, yRange: yRange, surface: .precomputedClasses(count: classCount, predictions: predictions),
                  points: points, colorMode: colorMode)
    }

    /// A plot with any surface.
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, surface: Surface, points: [LabeledPoint] = [],
                classNames: [String]? = nil, discretize: Bool = false, colorMode: ColorMode = .indexed256,
                glyphs: GlyphSet = .unicode, showsAxes: Bool = true, showsLegend: Bool = true,
                palette: ClassPalette = .standard, xTitle: String? = "x1", yTitle: String? = "x2") {
        self.xRange = xRange
        self.yRange = yRange
        self.surface = surface
        self.points = points
        self.classNames = classNames
        self.discretize = discretize
        self.colorMode = colorMode
        self.glyphs = glyphs
        self.showsAxes = showsAxes
        self.showsLegend = showsLegend
        self.palette = palette
        self.xTitle = xTitle
        self.yTitle = yTitle
    }

    /// The part of `area` covered by the colored plane (inside the axes and legend).
    public func plotArea(for area: Rect) -> Rect { frame(for: area).plotArea }

    /// The pixel centers to evaluate for a plot drawn in `area`: two pixels per cell, row by row
    /// from the top, left to right — the order `.precomputedClasses` and `.precomputedValues` expect.
    public func gridPoints(for area: Rect) -> [PlanePoint] {
        let f = frame(for: area)
        var result: [PlanePoint] = []
        result.reserveCapacity(f.plotArea.width * f.plotArea.height * 2)
        for pixelRow in 0..<(f.plotArea.height * 2) {
            let y = f.y.valueAtDotCenter(pixelRow)
            for column in 0..<f.plotArea.width {
                result.append(PlanePoint(x: f.x.valueAtDotCenter(column), y: y))
            }
        }
        return result
    }

    /// The number of pixels (grid points) for a plot drawn in `area`.
    public func pixelCount(for area: Rect) -> Int {
        let p = plotArea(for: area)
        return p.width * p.height * 2
    }

    private func frame(for area: Rect) -> ChartFrame {
        ChartFrame.make(area: area, xAxis: Axis(title: xTitle, range: xRange), xData: nil,
                        yAxis: Axis(title: yTitle, range: yRange), yData: nil, xSubdivisions: 1, ySubdivisions: 2,
                        glyphs: glyphs, showsAxes: showsAxes, footerRows: showsLegend ? 1 : 0)
    }

    // MARK: - Drawing

    /// A pixel's evaluation.
    private enum Pixel {
        case prediction(ClassPrediction)
        case value(Double)
        case missing
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let f = frame(for: area)
        let plot = f.plotArea
        let pixels = evaluatePixels(frame: f)
        let width = plot.width
        let monochrome = colorMode == .none
        let colors = monochrome ? [] : pixelColors(pixels)

        // The plane.
        if !plot.isEmpty {
            for row in 0..<plot.height {
                for column in 0..<width {
                    let upperIndex = (2 * row) * width + column, lowerIndex = (2 * row + 1) * width + column
                    let x = plot.left + column, y = plot.top + row
                    if monochrome {
                        buffer.set(x: x, y: y, string: shade(pixels[upperIndex]), style: .plain, clip: plot)
                    } else {
                        let top = colors[upperIndex], bottom = colors[lowerIndex]
                        let cell = HalfBlockPixels.cell(top: top, bottom: glyphs == .ascii ? top : bottom)
                        buffer.set(x: x, y: y, string: cell.symbol, style: cell.style, clip: plot)
                    }
                }
            }
        }

        // The points: training first, so test points stay visible on top.
        for p in points.filter({ !$0.isTest }) + points.filter(\.isTest) {
            guard let column = f.x.cellIndex(p.x), let pixelRow = f.y.dotIndex(p.y), !plot.isEmpty else { continue }
            let row = pixelRow / 2
            let symbol: String
            var style = Style(bold: true)
            if case .regression = kind, p.value != nil {
                symbol = glyphs == .ascii ? (p.isTest ? "o" : "@") : (p.isTest ? "○" : "●")
            } else {
                symbol = ClassMarks.symbol(classIndex: p.classIndex, isTest: p.isTest, glyphs: glyphs, monochrome: monochrome)
            }
            if !monochrome {
                let bg = colors[pixelRow * width + column]
                style.bg = bg
                style.fg = markColor(for: p, on: bg)
            }
            buffer.set(x: plot.left + column, y: plot.top + row, string: symbol, style: style, clip: plot)
        }

        f.drawAxes(into: &buffer)
        if showsLegend, f.footer.height > 0 { drawLegend(row: f.footer.row(0), buffer: &buffer) }
    }

    private enum Kind {
        case classification(count: Int)
        case regression(range: ClosedRange<Double>)
    }

    private var kind: Kind {
        switch surface {
        case .classes(let count, _), .precomputedClasses(let count, _): return .classification(count: max(1, count))
        case .values(let range, _), .precomputedValues(let range, _): return .regression(range: range)
        }
    }

    private func evaluatePixels(frame f: ChartFrame) -> [Pixel] {
        let width = f.plotArea.width, count = f.plotArea.width * f.plotArea.height * 2
        guard count > 0 else { return [] }
        var pixels: [Pixel] = []
        pixels.reserveCapacity(count)
        switch surface {
        case .classes(_, let evaluate):
            for pixelRow in 0..<(count / max(1, width)) {
                let y = f.y.valueAtDotCenter(pixelRow)
                for column in 0..<width { pixels.append(.prediction(evaluate(f.x.valueAtDotCenter(column), y))) }
            }
        case .values(_, let evaluate):
            for pixelRow in 0..<(count / max(1, width)) {
                let y = f.y.valueAtDotCenter(pixelRow)
                for column in 0..<width { pixels.append(.value(evaluate(f.x.valueAtDotCenter(column), y))) }
            }
        case .precomputedClasses(_, let predictions):
            guard predictions.count == count else { return Array(repeating: .missing, count: count) }
            pixels = predictions.map { .prediction($0) }
        case .precomputedValues(_, let values):
            guard values.count == count else { return Array(repeating: .missing, count: count) }
            pixels = values.map { .value($0) }
        }
        return pixels
    }

    /// How strongly a prediction prefers its class: 0 at chance, 1 when certain.
    private func strength(_ p: ClassPrediction) -> Double {
        guard case .classification(let count) = kind else { return 1 }
        let chance = 1 / Double(max(2, count))
        let s = (p.confidence - chance) / (1 - chance)
        return s.isFinite ? max(0, min(1, s)) : 0
    }

    /// A regression value as a position in −1...1 of the value range.
    private func normalized(_ v: Double) -> Double {
        guard case .regression(let range) = kind else { return 0 }
        let mid = (range.lowerBound + range.upperBound) / 2, half = (range.upperBound - range.lowerBound) / 2
        guard half > 0, v.isFinite else { return 0 }
        return max(-1, min(1, (v - mid) / half))
    }

    /// Every pixel's color. Classification colors depend only on the class and the strength,
    /// so they are worked out once per class and strength level (1/256 apart, finer than any
    /// palette step) rather than once per pixel.
    private func pixelColors(_ pixels: [Pixel]) -> [Color] {
        // One slot per class and strength level, filled on first use.
        var memo: [Color?] = []
        return pixels.map { pixel in
            guard case .prediction(let p) = pixel, p.classIndex >= 0 else { return pixelColor(pixel) }
            let level = Int((strength(p) * 255).rounded())
            let key = p.classIndex * 256 + level
            if key >= memo.count { memo += [Color?](repeating: nil, count: (p.classIndex + 1) * 256 - memo.count) }
            if let color = memo[key] { return color }
            let quantized = ClassPrediction(classIndex: p.classIndex, confidence: confidence(forStrength: Double(level) / 255))
            let color = pixelColor(.prediction(quantized))
            memo[key] = color
            return color
        }
    }

    /// The confidence whose strength is `s` (the inverse of `strength`).
    private func confidence(forStrength s: Double) -> Double {
        guard case .classification(let count) = kind else { return 1 }
        let chance = 1 / Double(max(2, count))
        return chance + s * (1 - chance)
    }

    /// A pixel's color, already mapped to the palette of `colorMode` so that neighbours that
    /// would look the same compare equal (and become a plain space instead of a half block).
    private func pixelColor(_ pixel: Pixel) -> Color {
        let color = unmappedPixelColor(pixel)
        if colorMode == .indexed256, let index = color.paletteIndex(in: .indexed256) { return .indexed(UInt8(index)) }
        return color
    }

    private func unmappedPixelColor(_ pixel: Pixel) -> Color {
        switch pixel {
        case .missing:
            return .default
        case .prediction(let p):
            if colorMode == .basic8 {
                return discretize || strength(p) >= 0.2 ? palette.basicColor(forClass: p.classIndex) : .default
            }
            return palette.regionRGB(forClass: p.classIndex, strength: discretize ? 1 : strength(p)).color
        case .value(let v):
            guard v.isFinite else { return .default }
            if colorMode == .basic8 { return DivergingPalette.basicColor(for: normalized(v)) }
            return DivergingPalette.blueWhiteRed.rgb(for: normalized(v)).mixed(with: .white, amount: 0.3).color
        }
    }

    private func markColor(for point: LabeledPoint, on background: Color) -> Color {
        if colorMode == .basic8 {
            switch background {
            case .yellow, .green, .cyan, .white: return .black
            case .default: return point.value == nil ? palette.basicColor(forClass: point.classIndex) : .default
            default: return .white
            }
        }
        if case .regression = kind, let v = point.value {
            return DivergingPalette.blueWhiteRed.rgb(for: normalized(v)).mixed(with: .black, amount: 0.35).color
        }
        return palette.markColor(forClass: point.classIndex)
    }

    /// The monochrome character for a pixel.
    private func shade(_ pixel: Pixel) -> String {
        let u = glyphs == .unicode
        switch pixel {
        case .missing:
            return " "
        case .value(let v):
            guard v.isFinite else { return " " }
            let ramp = u ? [" ", "·", "░", "▒", "▓"] : [" ", ".", ":", "=", "#"]
            let t = (normalized(v) + 1) / 2
            return ramp[min(ramp.count - 1, Int(t * Double(ramp.count)))]
        case .prediction(let p):
            guard case .classification(let count) = kind else { return " " }
            if count == 2 && !discretize {
                // Denser as P(class 1) grows: class 0 sure / unsure, class 1 unsure / sure. The
                // densest shade stays light enough for point letters to stand out.
                let ramp = u ? [" ", "·", "░", "▒"] : [" ", ".", ":", "="]
                let sure = strength(p) >= 0.5
                return p.classIndex == 0 ? ramp[sure ? 0 : 1] : ramp[sure ? 3 : 2]
            }
            let shades: [String]
            switch (count, u) {
            case (...2, true): shades = [" ", "▒"]
            case (3, true): shades = [" ", "░", "▓"]
            case (_, true): shades = [" ", "░", "▒", "▓", "·", ":", "+", "="]
            case (...2, false): shades = [" ", ":"]
            case (3, false): shades = [" ", ".", "#"]
            case (_, false): shades = [" ", ".", ":", "#", "-", "=", "~", "%"]
            }
            return shades[max(0, p.classIndex) % shades.count]
        }
    }

    private func drawLegend(row: Rect, buffer: inout Buffer) {
        switch kind {
        case .classification(let count):
            var legends = ClassMarks.legends(classCount: count, classNames: classNames, hasTest: points.contains(where: \.isTest),
                                             glyphs: glyphs, monochrome: colorMode == .none,
                                             color: { colorMode == .basic8 ? palette.basicColor(forClass: $0) : palette.markColor(forClass: $0) })
            if colorMode == .none {
                // Say which shade is which class, and which shades mean "unsure".
                let binaryShading = count == 2 && !discretize
                legends = legends.map { legend in
                    var l = legend
                    for i in 0..<min(count, l.entries.count) {
                        let sure = shade(.prediction(ClassPrediction(classIndex: i, confidence: 1)))
                        l.entries[i].label += " [" + sure + "]"
                    }
                    if binaryShading {
                        let unsure = shade(.prediction(ClassPrediction(classIndex: 0, confidence: 0.6)))
                            + shade(.prediction(ClassPrediction(classIndex: 1, confidence: 0.6)))
                        l.entries.append(ChartLegend.Entry(symbol: "", symbolStyle: .plain, label: "[" + unsure + "] unsure"))
                    }
                    return l
                } + legends
            }
            for legend in legends where legend.drawLine(into: &buffer, row: row, alignRight: false) { return }
        case .regression(let range):
            let values = [range.lowerBound, (range.lowerBound + range.upperBound) / 2, range.upperBound]
            var entries = [ChartLegend.Entry(symbol: "", symbolStyle: .plain, label: "prediction")]
            for v in values {
                let symbol: String
                var style = Style()
                if colorMode == .none {
                    symbol = "[" + shade(.value(v)) + "]"
                } else {
                    symbol = glyphs == .unicode ? "██" : "  "
                    style = glyphs == .unicode ? Style(fg: pixelColor(.value(v))) : Style(bg: pixelColor(.value(v)))
                }
                entries.append(ChartLegend.Entry(symbol: symbol, symbolStyle: style, label: NumberFormat.significant(v, digits: 3)))
            }
            ChartLegend(entries: entries).drawLine(into: &buffer, row: row, alignRight: false)
        }
    }
}
