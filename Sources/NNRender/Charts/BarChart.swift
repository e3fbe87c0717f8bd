import Foundation

/// Labeled horizontal bars with their values printed — for example the gradient norm of every
/// layer — on a linear or logarithmic scale.
///
/// On a log scale each bar's length is proportional to the decades between the smallest and the
/// largest value, so a vanishing gradient (1e-7 next to 1e-1) is still visible; values that cannot
/// be drawn (zero or negative on a log scale, NaN, ±∞) get no bar but keep their printed value.
public struct BarChart: Widget {
    /// One bar.
    public struct Bar {
        public var label: String
        public var value: Double
        /// The bar's color; nil uses the chart's color.
        public var color: Color?

        public init(label: String, value: Double, color: Color? = nil) {
            self.label = label
            self.value = value
            self.color = color
        }
    }

    public var bars: [Bar]
    public var logScale: Bool
    public var color: Color
    public var glyphs: GlyphSet
    /// Draw a scale under the bars when a row is free.
    public var showsScale: Bool
    /// Turns a value into the text printed after its bar.
    public var formatValue: (Double) -> String

    public init(bars: [Bar], logScale: Bool = false, color: Color = ClassPalette.standard.color(forClass: 5),
                glyphs: GlyphSet = .unicode, showsScale: Bool = true,
                formatValue: @escaping (Double) -> String = { NumberFormat.significant($0, digits: 3) }) {
        self.bars = bars
        self.logScale = logScale
        self.color = color
        self.glyphs = glyphs
        self.showsScale = showsScale
        self.formatValue = formatValue
    }

    /// The bar length, as a fraction of the longest possible bar, for each value (nil: no bar).
    public func fractions() -> [Double?] {
        if logScale {
            let positive = bars.map(\.value).filter { $0 > 0 && $0.isFinite }
            guard let lo = positive.min(), let hi = positive.max() else { return bars.map { _ in nil } }
            let (low, high) = logBounds(lo, hi)
            return bars.map { bar in
                guard bar.value > 0, bar.value.isFinite else { return nil }
                return (log10(bar.value) - low) / (high - low)
            }
        }
        let maxAbs = bars.map { abs($0.value) }.filter(\.isFinite).max() ?? 0
        return bars.map { bar in
            guard bar.value.isFinite else { return nil }
            return maxAbs > 0 ? abs(bar.value) / maxAbs : 0
        }
    }

    /// The decades the log scale spans: one below the smallest value's decade (so the smallest
    /// bar stays visible) to the largest value's decade ceiling.
    private func logBounds(_ lo: Double, _ hi: Double) -> (Double, Double) {
        let low = floor(log10(lo)) - (log10(lo) == floor(log10(lo)) ? 1 : 0)
        var high = ceil(log10(hi))
        if high <= low { high = low + 1 }
        return (low, high)
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty, !bars.isEmpty else { return }
        let texts = bars.map { formatValue($0.value) }
        let valueWidth = texts.map { DisplayWidth.of($0) }.max() ?? 0
        let labelWidth = min(bars.map { DisplayWidth.of($0.label) }.max() ?? 0, max(1, area.width / 3))
        let barWidth = area.width - labelWidth - 1 - valueWidth - 1
        let fractions = fractions()
        let wantsScale = showsScale && barWidth >= 10 && area.height > bars.count
        let rowsForBars = wantsScale ? area.height - 1 : area.height
        var visible = bars.count
        if visible > rowsForBars { visible = max(0, rowsForBars - 1) }
        let barLeft = area.left + labelWidth + 1

        for i in 0..<visible {
            let y = area.top + i
            let bar = bars[i]
            buffer.set(x: area.left, y: y, string: DisplayWidth.padRight(bar.label, toWidth: labelWidth), clip: area)
            var end = barLeft
            if barWidth > 0, let fraction = fractions[i] {
                let eighths = Int((max(0, min(1, fraction)) * Double(barWidth * 8)).rounded())
                let shown = bar.value != 0 ? max(1, eighths) : 0
                let text = barText(eighths: shown)
                let style = Style(fg: bar.color ?? (bar.value < 0 ? ClassPalette.standard.color(forClass: 0) : color))
                end = buffer.set(x: barLeft, y: y, string: text, style: style, clip: area)
            }
            let valueStyle = bar.value.isFinite ? Style.plain : Style(fg: .red, bold: true)
            buffer.set(x: end > barLeft ? end + 1 : barLeft, y: y, string: texts[i], style: valueStyle, clip: area)
        }
        if visible < bars.count, visible < area.height {
            let more = glyphs == .unicode ? "… \(bars.count - visible) more" : "... \(bars.count - visible) more"
            buffer.set(x: area.left, y: area.top + visible, string: more, style: Style(dim: true), clip: area)
        }
        if wantsScale && visible == bars.count {
            drawScale(row: area.row(visible), barLeft: barLeft, barWidth: barWidth, buffer: &buffer)
        }
    }

    private func barText(eighths: Int) -> String {
        let full = eighths / 8, rest = eighths % 8
        if glyphs == .ascii { return String(repeating: "#", count: full + (rest >= 4 ? 1 : 0)) }
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: full) + partial[rest]
    }

    /// Tick labels under the bars: decades on a log scale, nice values on a linear one.
    private func drawScale(row: Rect, barLeft: Int, barWidth: Int, buffer: inout Buffer) {
        var ticks: [(Double, String)] = []
        if logScale {
            let positive = bars.map(\.value).filter { $0 > 0 && $0.isFinite }
            guard let lo = positive.min(), let hi = positive.max() else { return }
            let (low, high) = logBounds(lo, hi)
            // Decades from the left end, as many as fit about seven columns apart.
            let decadeCount = Int(high - low)
            let every = max(1, Int(ceil(Double(decadeCount) / Double(max(1, barWidth / 7)))))
            let exponents = stride(from: Int(low), through: Int(high), by: every).map { $0 }
            let decades = exponents.map { TickGenerator.powerOfTen($0) }
            let labels = TickGenerator.logLabels(for: decades)
            ticks = zip(exponents, labels).map { ((Double($0) - low) / (high - low), $1) }
        } else {
            let maxAbs = bars.map { abs($0.value) }.filter(\.isFinite).max() ?? 0
            guard maxAbs > 0 else { return }
            let values = TickGenerator().ticks(from: 0, to: maxAbs, targetCount: max(2, barWidth / 10)).filter { $0 <= maxAbs * (1 + 1e-9) }
            ticks = zip(values, TickGenerator.labels(for: values)).map { ($0 / maxAbs, $1) }
        }
        var lastEnd = Int.min
        for (fraction, label) in ticks {
            let column = barLeft + min(barWidth - 1, Int((fraction * Double(barWidth)).rounded(.down)))
            let w = DisplayWidth.of(label)
            let start = ChartFrame.labelStart(center: column, width: w, left: row.left, right: row.right)
            guard start > lastEnd else { continue }
            buffer.set(x: start, y: row.top, string: label, style: Style(dim: true), clip: row)
            lastEnd = start + w
        }
    }
}
