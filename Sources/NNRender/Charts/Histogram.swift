import Foundation

/// A histogram: values sorted into equal-width bins with nice edges, drawn as vertical bars with
/// eighth-block tops, counts above the bars where they fit, axes, and a one-line summary
/// (count, mean, standard deviation, range).
public struct Histogram: Widget {
    /// One bin: values in `lower..<upper` (the last bin also holds its upper edge).
    public struct Bin: Hashable, Sendable {
        public var lower: Double
        public var upper: Double
        public var count: Int

        public init(lower: Double, upper: Double, count: Int) {
            self.lower = lower
            self.upper = upper
            self.count = count
        }
    }

    public var values: [Double]
    /// The number of bins wanted; nil picks Sturges' rule, capped by the width.
    public var binCount: Int?
    /// A fixed value range; nil uses the data's range, rounded out to nice edges.
    public var range: ClosedRange<Double>?
    public var color: Color
    public var xTitle: String?
    public var glyphs: GlyphSet
    /// Show count, mean, standard deviation and range in the header row.
    public var showsSummary: Bool

    public init(values: [Double], binCount: Int? = nil, range: ClosedRange<Double>? = nil,
                color: Color = ClassPalette.standard.color(forClass: 5), xTitle: String? = nil,
                glyphs: GlyphSet = .unicode, showsSummary: Bool = true) {
        self.values = values
        self.binCount = binCount
        self.range = range
        self.color = color
        self.xTitle = xTitle
        self.glyphs = glyphs
        self.showsSummary = showsSummary
    }

    /// Bins with nice edges (from the tick generator) covering the finite values, about
    /// `targetCount` of them; values outside a fixed `range` are left out.
    public static func bins(for values: [Double], targetCount: Int, range: ClosedRange<Double>? = nil) -> [Bin] {
        let finite = values.filter { $0.isFinite && (range?.contains($0) ?? true) }
        let lo = range?.lowerBound ?? finite.min() ?? 0
        let hi = range?.upperBound ?? finite.max() ?? 1
        var edges: [Double]
        if range != nil {
            let n = max(1, targetCount)
            let span = hi > lo ? hi - lo : 1
            edges = (0...n).map { lo + span * Double($0) / Double(n) }
        } else {
            edges = TickGenerator().ticks(from: lo, to: hi, targetCount: max(1, targetCount) + 1, looseOnly: true)
            if edges.count < 2 { edges = [lo - 0.5, lo + 0.5] }
        }
        var counts = Array(repeating: 0, count: edges.count - 1)
        for v in finite {
            // Binary search for the last edge at or below the value (the last bin keeps its top edge).
            var lo = 0, hi = counts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if edges[mid] <= v { lo = mid } else { hi = mid - 1 }
            }
            counts[lo] += 1
        }
        return counts.indices.map { Bin(lower: edges[$0], upper: edges[$0 + 1], count: counts[$0]) }
    }

    /// The summary shown above the histogram.
    public static func summary(of values: [Double]) -> String {
        let finite = values.filter(\.isFinite)
        var parts = ["n=\(finite.count)"]
        if !finite.isEmpty {
            let mean = finite.reduce(0, +) / Double(finite.count)
            let variance = finite.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(finite.count)
            parts.append("mean \(NumberFormat.significant(mean, digits: 3))")
            parts.append("std \(NumberFormat.significant(variance.squareRoot(), digits: 3))")
            parts.append("min \(NumberFormat.significant(finite.min()!, digits: 3))")
            parts.append("max \(NumberFormat.significant(finite.max()!, digits: 3))")
        }
        let skipped = values.count - finite.count
        if skipped > 0 { parts.append("\(skipped) non-finite skipped") }
        return parts.joined(separator: "  ")
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        let finite = values.filter(\.isFinite)
        let sturges = finite.isEmpty ? 1 : Int(ceil(log2(Double(finite.count)))) + 1
        let widthLimit = max(1, (area.width - 8) / 3)
        let bins = Histogram.bins(for: values, targetCount: min(binCount ?? sturges, widthLimit), range: range)
        let maxCount = bins.map(\.count).max() ?? 0
        // Leave room above the tallest bar for its count.
        let yUpper = max(2, (Double(maxCount) * 1.15).rounded(.up))
        let frame = ChartFrame.make(area: area, xAxis: Axis(title: xTitle, range: bins.first!.lower...bins.last!.upper),
                                    xData: nil, yAxis: Axis(range: 0...yUpper, integerTicks: true), yData: nil,
                                    xSubdivisions: 1, ySubdivisions: 8, glyphs: glyphs, wantsHeader: showsSummary)
        let plot = frame.plotArea
        if showsSummary, let header = frame.headerRow {
            buffer.set(x: header.left, y: header.top, string: DisplayWidth.truncate(Histogram.summary(of: values), toWidth: header.width),
                       style: Style(dim: true), clip: header)
        }
        if !plot.isEmpty {
            // The bin under each column.
            let binOfColumn: [Int] = (0..<plot.width).map { column in
                let x = frame.x.valueAtDotCenter(column)
                return bins.lastIndex { $0.lower <= x } ?? 0
            }
            let eighths = glyphs == .unicode ? ["", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["", "", "", "", "#", "#", "#", "#", "#"]
            for column in 0..<plot.width {
                let b = binOfColumn[column]
                let isLastColumnOfBin = column + 1 < plot.width && binOfColumn[column + 1] != b
                let binColumns = binOfColumn.filter { $0 == b }.count
                if isLastColumnOfBin && binColumns >= 3 { continue }
                let height = Int((Double(bins[b].count) / yUpper * Double(plot.height * 8)).rounded())
                let shown = bins[b].count > 0 ? max(1, height) : 0
                for row in 0..<plot.height {
                    let fromBottom = plot.height - 1 - row
                    let fill = max(0, min(8, shown - fromBottom * 8))
                    guard fill > 0 else { continue }
                    buffer.set(x: plot.left + column, y: plot.top + row, string: eighths[fill], style: Style(fg: color), clip: plot)
                }
            }
            // Counts above the bars, where they fit inside the bar's columns.
            for (b, bin) in bins.enumerated() where bin.count > 0 {
                let columns = binOfColumn.indices.filter { binOfColumn[$0] == b }
                guard let first = columns.first else { continue }
                let usable = columns.count >= 3 ? columns.count - 1 : columns.count
                let label = "\(bin.count)"
                let w = DisplayWidth.of(label)
                guard w <= usable else { continue }
                let height = max(1, Int((Double(bin.count) / yUpper * Double(plot.height * 8)).rounded()))
                let topRow = plot.height - 1 - (height - 1) / 8
                let labelRow = topRow - 1
                guard labelRow >= 0 else { continue }
                let start = plot.left + first + (usable - w) / 2
                buffer.set(x: start, y: plot.top + labelRow, string: label, style: Style(dim: true), clip: plot)
            }
        }
        frame.drawAxes(into: &buffer)
    }
}
