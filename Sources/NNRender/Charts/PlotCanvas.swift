/// A grid of dots that lines and points are drawn on, then turned into cells: braille characters
/// (2×4 dots per cell) or, at one dot per cell, marker characters for ASCII output.
///
/// Each cell keeps one color: that of the drawing with the highest priority (the latest among
/// equals), since a terminal cell has only one foreground.
struct PlotCanvas {
    enum Resolution {
        /// 2×4 dots per cell, drawn with the U+2800 braille block.
        case braille
        /// One dot per cell, drawn with the marker character of whatever was drawn there.
        case cell
    }

    let columns: Int
    let rows: Int
    let resolution: Resolution
    private var bits: [UInt8]
    private var colors: [Color]
    private var markers: [String]
    private var priorities: [Int]

    init(columns: Int, rows: Int, resolution: Resolution) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.resolution = resolution
        let n = self.columns * self.rows
        bits = Array(repeating: 0, count: n)
        colors = Array(repeating: .default, count: n)
        markers = Array(repeating: "", count: n)
        priorities = Array(repeating: Int.min, count: n)
    }

    var subdivisionsX: Int { resolution == .braille ? 2 : 1 }
    var subdivisionsY: Int { resolution == .braille ? 4 : 1 }
    var dotsWide: Int { columns * subdivisionsX }
    var dotsHigh: Int { rows * subdivisionsY }

    private static let brailleBits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Sets one dot (ignored outside the canvas).
    mutating func setDot(x: Int, y: Int, color: Color, marker: String = "*", priority: Int = 0) {
        guard x >= 0, y >= 0, x < dotsWide, y < dotsHigh else { return }
        let column = x / subdivisionsX, row = y / subdivisionsY
        let i = row * columns + column
        switch resolution {
        case .braille: bits[i] |= PlotCanvas.brailleBits[x % 2][y % 4]
        case .cell: bits[i] = 1
        }
        if priority >= priorities[i] {
            priorities[i] = priority
            colors[i] = color
            if resolution == .cell { markers[i] = marker }
        }
    }

    /// Draws a line between continuous dot positions, clipped to the canvas.
    ///
    /// `step` counts dots along successive lines so patterns continue across segments; patterns
    /// are scaled to the cell (see `LinePattern.draws`), so their gaps show as blank cells.
    mutating func drawLine(from a: (x: Double, y: Double), to b: (x: Double, y: Double), color: Color,
                           marker: String = "*", priority: Int = 0, pattern: LinePattern = .solid,
                           step: inout Int) {
        guard let (p, q) = clip(a, b) else { return }
        // Positions exactly on the far edge belong to the last dot.
        var x0 = min(dotsWide - 1, Int(p.x.rounded(.down))), y0 = min(dotsHigh - 1, Int(p.y.rounded(.down)))
        let x1 = min(dotsWide - 1, Int(q.x.rounded(.down))), y1 = min(dotsHigh - 1, Int(q.y.rounded(.down)))
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        while true {
            if pattern.draws(step: step, dotsPerCell: subdivisionsX) { setDot(x: x0, y: y0, color: color, marker: marker, priority: priority) }
            step += 1
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x0 += sx }
            if e2 <= dx { error += dx; y0 += sy }
        }
    }

    /// Draws a line with a fresh pattern counter.
    mutating func drawLine(from a: (x: Double, y: Double), to b: (x: Double, y: Double), color: Color,
                           marker: String = "*", priority: Int = 0, pattern: LinePattern = .solid) {
        var step = 0
        drawLine(from: a, to: b, color: color, marker: marker, priority: priority, pattern: pattern, step: &step)
    }

    /// True when something was drawn in the cell.
    func isOccupied(column: Int, row: Int) -> Bool {
        guard column >= 0, row >= 0, column < columns, row < rows else { return false }
        return bits[row * columns + column] != 0
    }

    /// The number of occupied cells in a rectangle of canvas cells.
    func occupiedCount(in region: Rect) -> Int {
        var count = 0
        for r in max(0, region.top)..<min(rows, max(region.top, region.bottom)) {
            for c in max(0, region.left)..<min(columns, max(region.left, region.right)) where bits[r * columns + c] != 0 {
                count += 1
            }
        }
        return count
    }

    /// The color of an occupied cell.
    func color(column: Int, row: Int) -> Color { colors[row * columns + column] }

    /// Draws the occupied cells into `buffer` with the canvas's top-left cell at `origin`;
    /// `background` gives each cell's background (the terminal's default when nil).
    func draw(into buffer: inout Buffer, at origin: Rect, bold: Bool = false,
              background: ((Int, Int) -> Color)? = nil) {
        for row in 0..<rows {
            for column in 0..<columns {
                let i = row * columns + column
                guard bits[i] != 0 else { continue }
                let symbol: String
                switch resolution {
                case .braille: symbol = String(Character(Unicode.Scalar(0x2800 + UInt32(bits[i]))!))
                case .cell: symbol = markers[i]
                }
                let bg = background?(column, row) ?? .default
                buffer.set(x: origin.left + column, y: origin.top + row, string: symbol,
                           style: Style(fg: colors[i], bg: bg, bold: bold), clip: origin)
            }
        }
    }

    /// Liang–Barsky clipping of a segment to [0, dotsWide] × [0, dotsHigh] (the far edges are
    /// included so values at the upper bound of an axis are drawn).
    private func clip(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> ((x: Double, y: Double), (x: Double, y: Double))? {
        guard dotsWide > 0, dotsHigh > 0 else { return nil }
        guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { return nil }
        let maxX = Double(dotsWide), maxY = Double(dotsHigh)
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        let checks: [(Double, Double)] = [(-dx, a.x - 0), (dx, maxX - a.x), (-dy, a.y - 0), (dy, maxY - a.y)]
        for (p, q) in checks {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 {
                    if r > t1 { return nil }
                    if r > t0 { t0 = r }
                } else {
                    if r < t0 { return nil }
                    if r < t1 { t1 = r }
                }
            }
        }
        let p = (x: a.x + t0 * dx, y: a.y + t0 * dy)
        let q = (x: a.x + t1 * dx, y: a.y + t1 * dy)
        return (p, q)
    }
}
