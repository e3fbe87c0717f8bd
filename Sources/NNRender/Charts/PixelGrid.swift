import Foundation

/// A grid of small images (data samples, learned filters, feature maps) drawn with half-block
/// pixels, each tile labeled underneath, with a one-row legend giving the color scale.
///
/// With color each cell shows two pixels, one above the other (`▀` with the upper pixel as
/// foreground and the lower as background), so a pixel `scale` columns wide and `scale` half
/// rows tall is square on a terminal. Without color (`.none`) each cell shows one character of
/// a ramp for the mean of its two pixels: a grayscale ramp (` .:-=+*#%@`) for a sequential
/// scale, and low marks for negative values, high marks for positive ones (`= - , . ' + #`)
/// for a diverging one; the legend says which character stands for which value.
public struct PixelGrid: Widget {
    /// One image: `height` rows of `width` values, row-major, and a label drawn under it.
    public struct Tile: Sendable, Equatable {
        public var label: String
        public var width: Int
        public var height: Int
        public var values: [Double]

        public init(label: String, width: Int, height: Int, values: [Double]) {
            precondition(values.count == width * height, "a tile of \(width)×\(height) needs \(width * height) values")
            self.label = label
            self.width = width
            self.height = height
            self.values = values
        }

        /// The value at a row and column.
        public func value(row: Int, column: Int) -> Double { values[row * width + column] }
    }

    /// How values map to colors.
    public enum Scale: Sendable, Equatable {
        /// Black at `low` to white at `high` (images, feature maps that are never negative).
        case gray(low: Double, high: Double)
        /// Blue (negative) through white (zero) to red (positive), full color at ±`limit`.
        case diverging(limit: Double)
    }

    /// The plain-mode ramp of a gray scale, darkest (lowest) first.
    public static let grayRamp = Array(" .:-=+*#%@").map(String.init)
    /// The plain-mode ramp of a diverging scale, from −limit to +limit: low marks below zero,
    /// high marks above, `.` around zero.
    public static let divergingRamp = ["=", "-", ",", ".", "'", "+", "#"]

    public var tiles: [Tile]
    public var scale: Scale
    /// Columns (and half rows) per pixel; nil picks the largest scale, up to `maximumScale`,
    /// at which every tile fits the area.
    public var pixelScale: Int?
    public var maximumScale: Int
    /// Blank columns between tiles.
    public var gap: Int
    /// Blank rows between rows of tiles.
    public var rowGap: Int
    /// What the legend calls a value (`pixel`, `weight`, `activation`); nil draws no legend.
    public var legendTitle: String?
    public var colorMode: ColorMode

    public init(tiles: [Tile], scale: Scale, pixelScale: Int? = nil, maximumScale: Int = 4, gap: Int = 2, rowGap: Int = 1,
                legendTitle: String? = nil, colorMode: ColorMode = .indexed256) {
        self.tiles = tiles
        self.scale = scale
        self.pixelScale = pixelScale
        self.maximumScale = max(1, maximumScale)
        self.gap = max(0, gap)
        self.rowGap = max(0, rowGap)
        self.legendTitle = legendTitle
        self.colorMode = colorMode
    }

    /// The grid's geometry at one pixel scale.
    public struct Geometry: Equatable, Sendable {
        /// Columns and half rows per pixel.
        public var scale: Int
        /// Columns one tile takes (the widest tile's pixels, or its label if wider).
        public var tileWidth: Int
        /// Rows one tile takes: its pixel rows (two pixels a row) and the label row.
        public var tileHeight: Int
        /// Tiles in each row of the grid.
        public var perRow: Int
        /// Rows of tiles.
        public var rows: Int
        /// Rows the whole grid takes, legend included.
        public var height: Int
    }

    /// The geometry at a pixel scale for a given width.
    public func geometry(scale s: Int, width: Int) -> Geometry {
        let pixelWidth = (tiles.map(\.width).max() ?? 0) * s
        let pixelHeight = (tiles.map(\.height).max() ?? 0) * s
        let labelWidth = tiles.map { DisplayWidth.of($0.label) }.max() ?? 0
        let tileWidth = max(pixelWidth, min(labelWidth, max(pixelWidth, 4)), 1)
        let tileHeight = (pixelHeight + 1) / 2 + (labelWidth > 0 ? 1 : 0)
        let perRow = max(1, min(tiles.count, (width + gap) / (tileWidth + gap)))
        let rows = (tiles.count + perRow - 1) / perRow
        // `rowGap` blank rows between rows of tiles, and the legend under a blank row.
        let legend = legendTitle == nil ? 0 : 2
        return Geometry(scale: s, tileWidth: tileWidth, tileHeight: tileHeight, perRow: perRow, rows: rows,
                        height: rows * tileHeight + max(rows - 1, 0) * rowGap + legend)
    }

    /// The geometry the grid is drawn with in an area of `width` × `height`: the set pixel
    /// scale, or the largest one at which every tile fits (1 when none does).
    public func geometry(width: Int, height: Int) -> Geometry {
        if let pixelScale { return geometry(scale: max(1, pixelScale), width: width) }
        for s in stride(from: maximumScale, through: 1, by: -1) {
            let g = geometry(scale: s, width: width)
            let fitsWidth = g.perRow * g.tileWidth + (g.perRow - 1) * gap <= width
            if fitsWidth && g.height <= height { return g }
        }
        return geometry(scale: 1, width: width)
    }

    /// The rows the grid needs at a width (for output blocks, which are drawn at a set height).
    public func height(forWidth width: Int) -> Int {
        geometry(width: width, height: .max).height
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty, !tiles.isEmpty else { return }
        let g = geometry(width: area.width, height: area.height)
        let legendRows = legendTitle == nil ? 0 : 2
        let gridBottom = area.bottom - (legendRows > 0 && area.height > legendRows ? legendRows : 0)
        var shown = 0
        for (index, tile) in tiles.enumerated() {
            let row = index / g.perRow, column = index % g.perRow
            let x = area.x + column * (g.tileWidth + gap)
            let y = area.y + row * (g.tileHeight + rowGap)
            guard y + g.tileHeight <= gridBottom || (y < gridBottom && row == 0) else { break }
            draw(tile, at: x, y, geometry: g, clip: Rect(x: area.x, y: area.y, width: area.width, height: gridBottom - area.y),
                 buffer: &buffer)
            shown += 1
        }
        if shown < tiles.count, gridBottom > area.y {
            let note = "+\(tiles.count - shown) more"
            buffer.set(x: area.right - DisplayWidth.of(note), y: gridBottom - 1, string: note, style: Style(dim: true), clip: area)
        }
        if legendRows > 0, area.height > legendRows {
            drawLegend(in: Rect(x: area.x, y: area.bottom - 1, width: area.width, height: 1), buffer: &buffer)
        }
    }

    private func draw(_ tile: Tile, at x: Int, _ y: Int, geometry g: Geometry, clip: Rect, buffer: inout Buffer) {
        let s = g.scale
        let halfRows = tile.height * s
        for cy in 0..<((halfRows + 1) / 2) {
            for cx in 0..<(tile.width * s) {
                let column = cx / s
                let top = tile.value(row: (2 * cy) / s, column: column)
                let bottom: Double? = 2 * cy + 1 < halfRows ? tile.value(row: (2 * cy + 1) / s, column: column) : nil
                let cell: Cell
                if colorMode == .none {
                    cell = Cell(character(for: bottom.map { (top + $0) / 2 } ?? top))
                } else {
                    let (symbol, style) = HalfBlockPixels.cell(top: color(for: top), bottom: bottom.map(color(for:)) ?? .default)
                    cell = Cell(symbol, style: style)
                }
                let px = x + cx, py = y + cy
                if clip.contains(x: px, y: py) { buffer.set(x: px, y: py, cell: cell) }
            }
        }
        if g.tileHeight > (halfRows + 1) / 2 {
            let label = Self.cut(tile.label, to: g.tileWidth)
            buffer.set(x: x, y: y + (halfRows + 1) / 2, string: label, style: Style(bold: true),
                       clip: clip.intersection(Rect(x: x, y: y, width: g.tileWidth, height: g.tileHeight)))
        }
    }

    /// The position of a value on the scale: 0...1 for gray, −1...1 for diverging.
    func position(_ v: Double) -> Double {
        guard v.isFinite else { return 0 }
        switch scale {
        case .gray(let low, let high):
            return high > low ? max(0, min(1, (v - low) / (high - low))) : 0
        case .diverging(let limit):
            return limit > 0 ? max(-1, min(1, v / limit)) : 0
        }
    }

    /// The color of a pixel.
    public func color(for v: Double) -> Color {
        switch scale {
        case .gray:
            let t = position(v)
            if colorMode == .basic8 { return t < 0.5 ? .black : .white }
            return .indexed(UInt8(232 + Int((t * 23).rounded())))
        case .diverging:
            let t = position(v)
            if colorMode == .basic8 { return DivergingPalette.basicColor(for: t) }
            return DivergingPalette.blueWhiteRed.color(for: t)
        }
    }

    /// The plain-mode character of a value.
    public func character(for v: Double) -> String {
        switch scale {
        case .gray:
            let ramp = Self.grayRamp
            return ramp[min(ramp.count - 1, Int(position(v) * Double(ramp.count)))]
        case .diverging:
            let ramp = Self.divergingRamp
            let t = (position(v) + 1) / 2
            return ramp[min(ramp.count - 1, Int(t * Double(ramp.count)))]
        }
    }

    /// The ends of the scale.
    var range: (low: Double, high: Double) {
        switch scale {
        case .gray(let low, let high): return (low, high)
        case .diverging(let limit): return (-limit, limit)
        }
    }

    /// The legend row: in color `weight  -0.84 ████████ 0.84` (a bar of the scale's colors);
    /// without color each ramp character with the lowest value it stands for
    /// (`pixel  ' ' 0  . 1.6 … @ 14 to 16`), or the ramp, its ends and its step when that is too wide.
    private func drawLegend(in row: Rect, buffer: inout Buffer) {
        let (low, high) = range
        var x = row.x
        if let legendTitle, !legendTitle.isEmpty {
            x = buffer.set(x: x, y: row.y, string: legendTitle + "  ", style: Style(dim: true), clip: row)
        }
        if colorMode == .none {
            let ramp: [String]
            switch scale {
            case .gray: ramp = Self.grayRamp
            case .diverging: ramp = Self.divergingRamp
            }
            // Each character with the lowest value it stands for, the last with the top of the
            // scale too: `' ' 0  . 1.6  : 3.2 … @ 14 to 16`.
            var parts: [String] = []
            for (i, symbol) in ramp.enumerated() {
                let edge = low + (high - low) * Double(i) / Double(ramp.count)
                parts.append("\(symbol == " " ? "' '" : symbol) \(NumberFormat.significant(edge, digits: 2))")
            }
            var text = parts.joined(separator: "  ") + " to \(NumberFormat.significant(high, digits: 3))"
            if DisplayWidth.of(text) > row.right - x {
                // Narrow: the ramp, its ends and its step: `' '.:-=+*#%@ from 0 to 4.83, steps of 0.483`.
                let step = (high - low) / Double(ramp.count)
                text = "\(ramp.first == " " ? "' '" : "")\(ramp.joined().trimmingCharacters(in: .whitespaces)) from " +
                    "\(NumberFormat.significant(low, digits: 3)) to \(NumberFormat.significant(high, digits: 3)), steps of " +
                    NumberFormat.significant(step, digits: 2)
                if DisplayWidth.of(text) > row.right - x, let comma = text.range(of: ", steps of") {
                    text = String(text[..<comma.lowerBound])
                }
            }
            buffer.set(x: x, y: row.y, string: text, clip: row)
            return
        }
        x = buffer.set(x: x, y: row.y, string: NumberFormat.significant(low, digits: 3) + " ", clip: row)
        let highText = " " + NumberFormat.significant(high, digits: 3)
        let barWidth = max(0, min(24, row.right - x - DisplayWidth.of(highText)))
        for i in 0..<barWidth {
            let v = low + (high - low) * (Double(i) + 0.5) / Double(barWidth)
            buffer.set(x: x + i, y: row.y, cell: Cell(" ", style: Style(bg: color(for: v))))
        }
        buffer.set(x: x + barWidth, y: row.y, string: highText, clip: row)
    }

    /// A label cut to a width (no `…` for one that fits).
    static func cut(_ text: String, to width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var out = ""
        for c in text {
            if DisplayWidth.of(out + String(c)) > width { break }
            out.append(c)
        }
        return out
    }
}
