/// A scatter plot of a 2-D dataset: one mark per point, shaped and colored by class (filled for
/// training points, hollow for test points), with axes and a legend.
///
/// Marks sit at cell resolution; when several classes share a cell, the class with the most
/// points there is shown. Regression points (with a `value`) are colored on a blue–white–red scale.
public struct ScatterPlot: Widget {
    public var points: [LabeledPoint]
    public var xAxis: Axis
    public var yAxis: Axis
    /// Names for the classes in the legend; nil shows "class 0", "class 1"…
    public var classNames: [String]?
    public var glyphs: GlyphSet
    public var palette: ClassPalette
    public var showsLegend: Bool

    public init(points: [LabeledPoint], xAxis: Axis = Axis(title: "x1"), yAxis: Axis = Axis(title: "x2"),
                classNames: [String]? = nil, glyphs: GlyphSet = .unicode, palette: ClassPalette = .standard,
                showsLegend: Bool = true) {
        self.points = points
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.classNames = classNames
        self.glyphs = glyphs
        self.palette = palette
        self.showsLegend = showsLegend
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        let isRegression = !finite.isEmpty && finite.allSatisfy { $0.value != nil }
        let classCount = isRegression ? 0 : (finite.map(\.classIndex).max().map { $0 + 1 } ?? 0)
        let frame = ChartFrame.make(area: area, xAxis: xAxis, xData: .of(finite.map(\.x)), yAxis: yAxis,
                                    yData: .of(finite.map(\.y)), xSubdivisions: 1, ySubdivisions: 1, glyphs: glyphs,
                                    footerRows: showsLegend ? 1 : 0)
        let plot = frame.plotArea
        let valueExtent = ChartFrame.Extent.of(finite.compactMap(\.value))

        // Count points per cell and class; remember whether a cell's class has training points.
        struct Tally { var counts: [Int: Int] = [:]; var hasTrain: [Int: Bool] = [:]; var valueSum = 0.0; var valueCount = 0; var anyTrain = false }
        var tallies: [Int: Tally] = [:]
        for p in finite {
            guard let column = frame.x.cellIndex(p.x), let row = frame.y.cellIndex(p.y) else { continue }
            let key = row * max(1, plot.width) + column
            var t = tallies[key] ?? Tally()
            t.counts[p.classIndex, default: 0] += 1
            if !p.isTest { t.hasTrain[p.classIndex] = true; t.anyTrain = true }
            if let v = p.value { t.valueSum += v; t.valueCount += 1 }
            tallies[key] = t
        }
        for (key, t) in tallies {
            let column = key % max(1, plot.width), row = key / max(1, plot.width)
            let symbol: String
            let color: Color
            if isRegression {
                symbol = glyphs == .unicode ? (t.anyTrain ? "●" : "○") : (t.anyTrain ? "@" : "o")
                color = valueColor(t.valueSum / Double(max(1, t.valueCount)), extent: valueExtent)
            } else {
                let best = t.counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }!.key
                symbol = ClassMarks.symbol(classIndex: best, isTest: !(t.hasTrain[best] ?? false), glyphs: glyphs, monochrome: false)
                color = palette.color(forClass: best)
            }
            buffer.set(x: plot.left + column, y: plot.top + row, string: symbol, style: Style(fg: color, bold: true), clip: plot)
        }
        frame.drawAxes(into: &buffer)
        guard showsLegend, frame.footer.height > 0 else { return }
        if isRegression {
            drawValueLegend(extent: valueExtent, row: frame.footer.row(0), buffer: &buffer)
        } else {
            let legends = ClassMarks.legends(classCount: classCount, classNames: classNames,
                                             hasTest: finite.contains { $0.isTest }, glyphs: glyphs, monochrome: false,
                                             color: { palette.color(forClass: $0) })
            for legend in legends where legend.drawLine(into: &buffer, row: frame.footer.row(0), alignRight: false) { break }
        }
    }

    private func valueColor(_ v: Double, extent: ChartFrame.Extent?) -> Color {
        guard let e = extent, e.upper > e.lower else { return DivergingPalette.blueWhiteRed.color(for: 0) }
        let mid = (e.lower + e.upper) / 2, half = (e.upper - e.lower) / 2
        return DivergingPalette.blueWhiteRed.color(for: (v - mid) / half)
    }

    private func drawValueLegend(extent: ChartFrame.Extent?, row: Rect, buffer: inout Buffer) {
        guard let e = extent else { return }
        let block = glyphs == .unicode ? "●" : "@"
        let values = [e.lower, (e.lower + e.upper) / 2, e.upper]
        var entries = [ChartLegend.Entry(symbol: "", symbolStyle: .plain, label: "value")]
        for v in values {
            entries.append(ChartLegend.Entry(symbol: block, symbolStyle: Style(fg: valueColor(v, extent: e), bold: true),
                                             label: NumberFormat.significant(v, digits: 3)))
        }
        ChartLegend(entries: entries).drawLine(into: &buffer, row: row, alignRight: false)
    }
}
