/// The legend of a chart: entries of a colored symbol and a label, drawn on one line (in a header
/// or footer row) or stacked in the emptiest corner of the plot.
struct ChartLegend {
    struct Entry {
        var symbol: String
        var symbolStyle: Style
        var label: String
        var labelStyle: Style = .plain
    }

    var entries: [Entry]

    /// The width of all entries on one line, two spaces apart.
    var lineWidth: Int {
        entries.map { ($0.symbol.isEmpty ? 0 : DisplayWidth.of($0.symbol) + 1) + DisplayWidth.of($0.label) }.reduce(0, +)
            + max(0, entries.count - 1) * 2
    }

    /// Draws the entries on one row, aligned right (or left); returns false when they do not fit.
    @discardableResult
    func drawLine(into buffer: inout Buffer, row: Rect, alignRight: Bool = true, reserveLeft: Int = 0) -> Bool {
        guard !entries.isEmpty, row.height > 0 else { return false }
        let width = lineWidth
        guard width <= row.width - reserveLeft else { return false }
        var x = alignRight ? row.right - width : row.left + reserveLeft
        for (i, e) in entries.enumerated() {
            if i > 0 { x += 2 }
            if !e.symbol.isEmpty {
                x = buffer.set(x: x, y: row.top, string: e.symbol, style: e.symbolStyle, clip: row)
                x = buffer.set(x: x, y: row.top, string: " ", style: .plain, clip: row)
            }
            x = buffer.set(x: x, y: row.top, string: e.label, style: e.labelStyle, clip: row)
        }
        return true
    }

    /// Draws the entries stacked in the corner of `plot` where the canvas has the fewest marks,
    /// clearing the cells under them; returns false when the legend does not fit.
    @discardableResult
    func drawBox(into buffer: inout Buffer, plot: Rect, canvas: PlotCanvas?) -> Bool {
        guard !entries.isEmpty else { return false }
        let rows = entries.map { " " + $0.symbol + " " + $0.label + " " }
        let width = rows.map { DisplayWidth.of($0) }.max() ?? 0
        let height = entries.count
        guard width <= plot.width - 2, height <= plot.height - 1 else { return false }
        // Corners as canvas-relative rectangles: top right, top left, bottom right, bottom left.
        let corners = [
            Rect(x: plot.width - width, y: 0, width: width, height: height),
            Rect(x: 0, y: 0, width: width, height: height),
            Rect(x: plot.width - width, y: plot.height - height, width: width, height: height),
            Rect(x: 0, y: plot.height - height, width: width, height: height),
        ]
        var best = corners[0]
        if let canvas {
            var bestCount = Int.max
            for corner in corners {
                let count = canvas.occupiedCount(in: corner)
                if count < bestCount {
                    bestCount = count
                    best = corner
                }
            }
        }
        for (i, e) in entries.enumerated() {
            let y = plot.top + best.top + i
            var x = plot.left + best.left
            buffer.fill(Rect(x: x, y: y, width: width, height: 1))
            x = buffer.set(x: x + 1, y: y, string: e.symbol, style: e.symbolStyle, clip: plot)
            buffer.set(x: x, y: y, string: " " + e.label, style: e.labelStyle, clip: plot)
        }
        return true
    }
}
