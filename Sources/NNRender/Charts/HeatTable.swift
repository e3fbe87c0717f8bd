import Foundation

/// A matrix printed as a table of numbers whose backgrounds show sign and size on a
/// blue–white–red scale, with row and column labels; rows and columns that do not fit are
/// replaced by a `…`/`⋮ N more` marker.
public struct HeatTable: Widget {
    public var values: [[Double]]
    /// Row labels; nil numbers the rows from 0.
    public var rowLabels: [String]?
    /// Column labels; nil numbers the columns from 0.
    public var columnLabels: [String]?
    /// The magnitude shown at full color; nil uses the largest |value|.
    public var limit: Double?
    /// Decimals of the printed values; nil chooses from the magnitude.
    public var decimals: Int?
    /// `.none` prints the numbers without colors; `.basic8` uses blue, white and red only.
    public var colorMode: ColorMode
    public var glyphs: GlyphSet

    public init(values: [[Double]], rowLabels: [String]? = nil, columnLabels: [String]? = nil, limit: Double? = nil,
                decimals: Int? = nil, colorMode: ColorMode = .indexed256, glyphs: GlyphSet = .unicode) {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.limit = limit
        self.decimals = decimals
        self.colorMode = colorMode
        self.glyphs = glyphs
    }

    private var columnCount: Int { values.map(\.count).max() ?? 0 }

    /// The printed form of a value.
    public func format(_ v: Double) -> String {
        guard v.isFinite else { return NumberFormat.significant(v) }
        let maxAbs = values.flatMap { $0 }.filter(\.isFinite).map(abs).max() ?? 0
        if let decimals { return NumberFormat.fixed(v, decimals: decimals) }
        if maxAbs > 0 && (maxAbs < 0.01 || maxAbs >= 1e5) { return v == 0 ? "0" : NumberFormat.exponential(v, digits: 2) }
        let d = maxAbs >= 100 ? 0 : (maxAbs >= 10 ? 1 : 2)
        return NumberFormat.fixed(v, decimals: d)
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty, !values.isEmpty else { return }
        let rows = values.count, columns = columnCount
        let rowNames = (0..<rows).map { i in rowLabels.flatMap { i < $0.count ? $0[i] : nil } ?? "\(i)" }
        let columnNames = (0..<columns).map { j in columnLabels.flatMap { j < $0.count ? $0[j] : nil } ?? "\(j)" }
        let texts = values.map { $0.map(format) }
        let cellWidth = max(texts.flatMap { $0 }.map { DisplayWidth.of($0) }.max() ?? 1,
                            columnNames.map { DisplayWidth.of($0) }.max() ?? 1) + 1
        let labelWidth = min(rowNames.map { DisplayWidth.of($0) }.max() ?? 0, max(1, area.width / 3))
        let maxAbs = limit ?? (values.flatMap { $0 }.filter(\.isFinite).map(abs).max() ?? 0)

        // How many columns and rows fit, keeping one slot for the "more" marker when cut.
        let available = area.width - labelWidth
        var shownColumns = min(columns, max(0, available / cellWidth))
        let cutColumns = shownColumns < columns
        if cutColumns { shownColumns = max(0, (available - 2) / cellWidth) }
        var shownRows = min(rows, max(0, area.height - 1))
        let cutRows = shownRows < rows
        if cutRows { shownRows = max(0, area.height - 2) }

        // Header.
        for j in 0..<shownColumns {
            let x = area.left + labelWidth + j * cellWidth
            buffer.set(x: x, y: area.top, string: DisplayWidth.padLeft(columnNames[j], toWidth: cellWidth), style: Style(dim: true), clip: area)
        }
        if cutColumns {
            let x = area.left + labelWidth + shownColumns * cellWidth
            buffer.set(x: x, y: area.top, string: " " + (glyphs == .unicode ? "…" : ">"), style: Style(dim: true), clip: area)
        }
        // Rows.
        for i in 0..<shownRows {
            let y = area.top + 1 + i
            buffer.set(x: area.left, y: y, string: DisplayWidth.padRight(rowNames[i], toWidth: labelWidth), style: Style(dim: true), clip: area)
            for j in 0..<min(shownColumns, values[i].count) {
                let x = area.left + labelWidth + j * cellWidth
                let style = cellStyle(values[i][j], limit: maxAbs)
                buffer.set(x: x, y: y, string: " ", clip: area)
                buffer.set(x: x + 1, y: y, string: DisplayWidth.padLeft(texts[i][j], toWidth: cellWidth - 1), style: style, clip: area)
            }
            if cutColumns {
                let x = area.left + labelWidth + shownColumns * cellWidth
                buffer.set(x: x, y: y, string: " " + (glyphs == .unicode ? "…" : ">"), style: Style(dim: true), clip: area)
            }
        }
        if cutRows, area.height >= 2 {
            var text = (glyphs == .unicode ? "⋮ " : ": ") + "\(rows - shownRows) more rows"
            if cutColumns { text += ", \(columns - shownColumns) more columns" }
            buffer.set(x: area.left, y: area.top + 1 + shownRows, string: text, style: Style(dim: true), clip: area)
        } else if cutColumns, shownRows + 1 < area.height {
            buffer.set(x: area.left, y: area.top + 1 + shownRows, string: "\(columns - shownColumns) more columns",
                       style: Style(dim: true), clip: area)
        }
    }

    private func cellStyle(_ v: Double, limit: Double) -> Style {
        guard v.isFinite else { return colorMode == .none ? .plain : Style(fg: .red, bold: true) }
        let t = limit > 0 ? max(-1, min(1, v / limit)) : 0
        switch colorMode {
        case .none:
            return .plain
        case .basic8:
            let bg = DivergingPalette.basicColor(for: t, deadZone: 0.33)
            return Style(fg: bg == .white ? .black : .white, bg: bg)
        case .indexed256:
            let rgb = DivergingPalette.blueWhiteRed.rgb(for: t)
            return Style(fg: rgb.contrastingText, bg: rgb.color)
        }
    }
}
