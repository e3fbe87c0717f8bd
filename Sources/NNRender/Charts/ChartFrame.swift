import Foundation

/// The layout shared by the x–y charts: a header row, the plot area, y tick labels and axis on the
/// left, the x axis and its labels below, and footer rows; and the drawing of the axes.
struct ChartFrame {
    /// One labelled tick.
    struct Tick {
        var value: Double
        var label: String
        /// The cell (column for x, row for y) inside the plot area.
        var cell: Int
    }

    var area: Rect
    var plotArea: Rect
    var x: AxisScaleMap
    var y: AxisScaleMap
    var xTicks: [Tick] = []
    var yTicks: [Tick] = []
    var showsAxes: Bool
    /// The row above the plot for the y title and legend, if there is one.
    var headerRow: Rect?
    /// Rows below the x labels for a legend or notes.
    var footer: Rect
    var xTitle: String?
    var yTitle: String?
    var glyphs: GlyphSet

    /// The data range of values a chart shows, for one axis.
    struct Extent {
        var lower: Double
        var upper: Double

        /// The smallest range holding every finite (and, for log scale, positive) value.
        static func of<S: Sequence>(_ values: S, positiveOnly: Bool = false) -> Extent? where S.Element == Double {
            var lo = Double.infinity, hi = -Double.infinity
            for v in values where v.isFinite && (!positiveOnly || v > 0) {
                if v < lo { lo = v }
                if v > hi { hi = v }
            }
            return lo <= hi ? Extent(lower: lo, upper: hi) : nil
        }

        func union(_ other: Extent?) -> Extent {
            guard let other else { return self }
            return Extent(lower: min(lower, other.lower), upper: max(upper, other.upper))
        }
    }

    /// Lays out a chart in `area`.
    ///
    /// - Parameters:
    ///   - xData, yData: the extent of the data, used when the axis has no fixed range.
    ///   - xSubdivisions, ySubdivisions: dots per cell of the canvas that will draw in the plot.
    ///   - wantsHeader: reserve a header row (for a legend) even without a y title.
    ///   - footerRows: rows reserved under the x labels (dropped first when space is short).
    static func make(area: Rect, xAxis: Axis, xData: Extent?, yAxis: Axis, yData: Extent?,
                     xSubdivisions: Int, ySubdivisions: Int, glyphs: GlyphSet,
                     showsAxes wantsAxes: Bool = true, wantsHeader: Bool = false, footerRows: Int = 0) -> ChartFrame {
        let showsAxes = wantsAxes && area.width >= 12 && area.height >= 5
        var top = area.top
        var bottomReserve = 0
        var headerRow: Rect?
        let wantsHeaderRow = (wantsHeader || (yAxis.title != nil && showsAxes)) && area.height >= 7
        if wantsHeaderRow {
            headerRow = area.row(0)
            top += 1
        }
        if showsAxes { bottomReserve += 2 }
        var footerCount = footerRows
        if area.height - (top - area.top) - bottomReserve - footerCount < 3 { footerCount = 0 }
        let plotHeight = max(0, area.height - (top - area.top) - bottomReserve - footerCount)
        let footer = Rect(x: area.left, y: area.bottom - footerCount, width: area.width, height: footerCount)

        // The y axis first: its labels decide how wide the plot can be.
        let yTarget = max(2, min(9, plotHeight / 3 + 1))
        let yResolved = resolve(axis: yAxis, data: yData, targetCount: yTarget)
        let labelWidth = showsAxes ? (yResolved.labels.map { DisplayWidth.of($0) }.max() ?? 1) : 0
        let left = showsAxes ? area.left + labelWidth + 1 : area.left
        let rightMargin = showsAxes && area.width >= 30 ? 2 : 0
        let plotWidth = max(0, area.right - rightMargin - left)
        let plotArea = Rect(x: left, y: top, width: plotWidth, height: plotHeight)

        // The x axis: fewer ticks until the labels fit side by side.
        var target = max(2, min(12, plotWidth / 8))
        var xResolved = resolve(axis: xAxis, data: xData, targetCount: target)
        var xMap = AxisScaleMap(lower: xResolved.lower, upper: xResolved.upper, isLog: xAxis.scale == .log10,
                                cells: plotWidth, subdivisions: xSubdivisions, inverted: false)
        var xTicks = ticks(xResolved, map: xMap)
        while showsAxes && target > 2 && !labelsFit(xTicks, plotLeft: left, areaLeft: area.left, areaRight: area.right) {
            target -= 1
            xResolved = resolve(axis: xAxis, data: xData, targetCount: target)
            xMap.lower = xResolved.lower
            xMap.upper = xResolved.upper
            xTicks = ticks(xResolved, map: xMap)
        }
        let yMap = AxisScaleMap(lower: yResolved.lower, upper: yResolved.upper, isLog: yAxis.scale == .log10,
                                cells: plotHeight, subdivisions: ySubdivisions, inverted: true)
        var frame = ChartFrame(area: area, plotArea: plotArea, x: xMap, y: yMap, showsAxes: showsAxes,
                               headerRow: headerRow, footer: footer, xTitle: xAxis.title, yTitle: yAxis.title,
                               glyphs: glyphs)
        if showsAxes {
            frame.xTicks = xTicks
            // One label per row: drop ticks that land on a row already taken.
            var seenRows = Set<Int>()
            frame.yTicks = ticks(yResolved, map: yMap).filter { seenRows.insert($0.cell).inserted }
        }
        return frame
    }

    /// Draws the axes, tick marks, labels and titles.
    func drawAxes(into buffer: inout Buffer, lineStyle: Style = Style(dim: true), labelStyle: Style = .plain) {
        if let headerRow, let yTitle, !yTitle.isEmpty {
            buffer.set(x: headerRow.left, y: headerRow.top, string: yTitle, style: labelStyle, clip: headerRow)
        }
        guard showsAxes, !plotArea.isEmpty else { return }
        let u = glyphs == .unicode
        let axisX = plotArea.left - 1
        let tickRows = Dictionary(yTicks.map { ($0.cell, $0) }, uniquingKeysWith: { a, _ in a })
        for row in 0..<plotArea.height {
            let y = plotArea.top + row
            let symbol = tickRows[row] != nil ? (u ? "┤" : "+") : (u ? "│" : "|")
            buffer.set(x: axisX, y: y, string: symbol, style: lineStyle, clip: area)
            if let tick = tickRows[row] {
                let w = DisplayWidth.of(tick.label)
                buffer.set(x: axisX - w, y: y, string: tick.label, style: labelStyle, clip: area)
            }
        }
        let axisY = plotArea.bottom
        let tickColumns = Set(xTicks.map { $0.cell })
        var line = u ? "└" : "+"
        for column in 0..<plotArea.width {
            line += tickColumns.contains(column) ? (u ? "┬" : "+") : (u ? "─" : "-")
        }
        buffer.set(x: axisX, y: axisY, string: line, style: lineStyle, clip: area)
        let labelY = axisY + 1
        var lastEnd = area.left - 1
        for tick in xTicks {
            let w = DisplayWidth.of(tick.label)
            let start = ChartFrame.labelStart(center: plotArea.left + tick.cell, width: w, left: area.left, right: area.right)
            if start <= lastEnd { continue }
            buffer.set(x: start, y: labelY, string: tick.label, style: labelStyle, clip: area)
            lastEnd = start + w
        }
        if let xTitle, !xTitle.isEmpty {
            let w = DisplayWidth.of(xTitle)
            let start = area.right - w
            if start > lastEnd + 1 {
                buffer.set(x: start, y: labelY, string: xTitle, style: labelStyle, clip: area)
            }
        }
    }

    /// Draws dim reference lines at y = 0 and x = 0 where they fall inside the plot.
    func drawZeroLines(into buffer: inout Buffer, style: Style = Style(dim: true)) {
        guard !plotArea.isEmpty else { return }
        let u = glyphs == .unicode
        let row = y.isLog ? nil : y.cellIndex(0)
        let column = x.isLog ? nil : x.cellIndex(0)
        if let row {
            let line = String(repeating: u ? "─" : "-", count: plotArea.width)
            buffer.set(x: plotArea.left, y: plotArea.top + row, string: line, style: style, clip: plotArea)
        }
        if let column {
            for r in 0..<plotArea.height {
                let symbol = r == row ? (u ? "┼" : "+") : (u ? "│" : "|")
                buffer.set(x: plotArea.left + column, y: plotArea.top + r, string: symbol, style: style, clip: plotArea)
            }
        }
    }

    // MARK: - Helpers

    struct ResolvedAxis {
        var lower: Double
        var upper: Double
        var ticks: [Double]
        var labels: [String]
    }

    /// The range and ticks of an axis: a fixed range keeps its bounds and only the ticks inside;
    /// a data range is widened to the outermost nice ticks around it.
    static func resolve(axis: Axis, data: Extent?, targetCount: Int) -> ResolvedAxis {
        let generator = TickGenerator()
        switch axis.scale {
        case .log10:
            var lo: Double, hi: Double
            if let range = axis.range, range.upperBound > 0 {
                hi = range.upperBound
                lo = range.lowerBound > 0 ? range.lowerBound : (data?.lower ?? hi / 1000)
                lo = min(lo, hi)
                if lo == hi { lo = hi / 10 }
                let ticks = generator.logTicks(from: lo, to: hi, targetCount: targetCount)
                    .filter { $0 >= lo * (1 - 1e-9) && $0 <= hi * (1 + 1e-9) }
                return ResolvedAxis(lower: log10(lo), upper: log10(hi), ticks: ticks, labels: TickGenerator.logLabels(for: ticks))
            }
            lo = data?.lower ?? 1
            hi = data?.upper ?? 10
            if lo <= 0 || hi <= 0 { lo = 1; hi = 10 }
            if lo == hi { lo /= 10; hi *= 10 }
            let ticks = generator.logTicks(from: lo, to: hi, targetCount: targetCount, looseOnly: true)
            lo = min(lo, ticks.first ?? lo)
            hi = max(hi, ticks.last ?? hi)
            return ResolvedAxis(lower: log10(lo), upper: log10(hi), ticks: ticks, labels: TickGenerator.logLabels(for: ticks))
        case .linear:
            if let range = axis.range, range.lowerBound.isFinite, range.upperBound.isFinite {
                var lo = range.lowerBound, hi = range.upperBound
                if lo == hi {
                    let pad = lo == 0 ? 1 : abs(lo) * 0.1
                    lo -= pad
                    hi += pad
                }
                let tolerance = (hi - lo) * 1e-9
                let ticks = generator.ticks(from: lo, to: hi, targetCount: targetCount, integersOnly: axis.integerTicks)
                    .filter { $0 >= lo - tolerance && $0 <= hi + tolerance }
                return ResolvedAxis(lower: lo, upper: hi, ticks: ticks, labels: TickGenerator.labels(for: ticks))
            }
            let lo = data?.lower ?? 0, hi = data?.upper ?? 1
            let ticks = generator.ticks(from: lo, to: hi, targetCount: targetCount, integersOnly: axis.integerTicks)
            var lower = min(lo, ticks.first ?? lo), upper = max(hi, ticks.last ?? hi)
            if lower == upper {
                lower -= 1
                upper += 1
            }
            return ResolvedAxis(lower: lower, upper: upper, ticks: ticks, labels: TickGenerator.labels(for: ticks))
        }
    }

    static func ticks(_ resolved: ResolvedAxis, map: AxisScaleMap) -> [Tick] {
        zip(resolved.ticks, resolved.labels).compactMap { value, label in
            guard let dot = map.dotIndex(value) else { return nil }
            return Tick(value: value, label: label, cell: dot / map.subdivisions)
        }
    }

    static func labelStart(center: Int, width: Int, left: Int, right: Int) -> Int {
        var start = center - (width - 1) / 2
        if start + width > right { start = right - width }
        if start < left { start = left }
        return start
    }

    /// True when centered labels leave at least two spaces between neighbours.
    static func labelsFit(_ ticks: [Tick], plotLeft: Int, areaLeft: Int, areaRight: Int) -> Bool {
        var lastEnd = Int.min / 2
        for tick in ticks {
            let w = DisplayWidth.of(tick.label)
            let start = labelStart(center: plotLeft + tick.cell, width: w, left: areaLeft, right: areaRight)
            if start < lastEnd + 2 { return false }
            lastEnd = start + w
        }
        return true
    }
}
