import NNRender

/// Small numeric grids (feature maps, δ maps, kernel gradients) laid side by side in a band of
/// at most 80 columns, band after band, as plain lines.
///
/// Each grid is a label over H rows of W numbers with a fixed count of decimals. A grid too
/// wide for the line keeps its first columns and says so in its label.
enum MapGrid {
    /// One grid: a label and H × W values in row order.
    struct Map: Equatable {
        var label: String
        var height: Int
        var width: Int
        var values: [Double]
    }

    /// The lines of `maps` laid out within `width` columns, at most `maximum` of them; when
    /// some are left out, a last line says how many and what `more` names them.
    static func lines(_ maps: [Map], decimals: Int = 2, width: Int = 80, maximum: Int = 4,
                      noun: String = "maps") -> [String] {
        let shown = Array(maps.prefix(maximum))
        let blocks = shown.map { block($0, decimals: decimals, width: width) }
        var lines: [String] = []
        var band: [[String]] = []
        var bandWidth = 0
        let gap = "   "
        func flush() {
            guard !band.isEmpty else { return }
            let height = band.map(\.count).max() ?? 0
            let widths = band.map { $0.map(DisplayWidth.of).max() ?? 0 }
            for r in 0..<height {
                let cells = band.indices.map { b in
                    DisplayWidth.padRight(r < band[b].count ? band[b][r] : "", toWidth: widths[b])
                }
                lines.append(cells.joined(separator: gap).trailingSpacesRemoved)
            }
            band = []
            bandWidth = 0
        }
        for block in blocks {
            let w = block.map(DisplayWidth.of).max() ?? 0
            if !band.isEmpty && bandWidth + gap.count + w > width { flush() }
            bandWidth += (band.isEmpty ? 0 : gap.count) + w
            band.append(block)
        }
        flush()
        if maps.count > shown.count {
            lines.append("… \(maps.count - shown.count) more \(noun) not shown (\(shown.count) of \(maps.count) above)")
        }
        return lines
    }

    /// One grid's lines: its label, then its rows, numbers right-aligned in equal columns.
    static func block(_ map: Map, decimals: Int, width: Int) -> [String] {
        let cells = map.values.map { Numbers.fixed($0, decimals) }
        let cell = cells.map(\.count).max() ?? 1
        // The columns that fit: W·cell + (W − 1) spaces ≤ width.
        let fitting = max(1, min(map.width, (width + 1) / (cell + 1)))
        var label = map.label
        if fitting < map.width { label += " (first \(fitting) of \(map.width) columns)" }
        var rows = [label]
        for i in 0..<map.height {
            let row = (0..<fitting).map { j in DisplayWidth.padLeft(cells[i * map.width + j], toWidth: cell) }
            rows.append(row.joined(separator: " "))
        }
        return rows
    }

    /// The C maps of one sample's C × H × W values, labelled by `label(c)`.
    static func maps(_ values: [Double], channels: Int, height: Int, width: Int, label: (Int) -> String) -> [Map] {
        (0..<channels).map { c in
            Map(label: label(c), height: height, width: width,
                values: Array(values[(c * height * width)..<((c + 1) * height * width)]))
        }
    }
}

private extension String {
    var trailingSpacesRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
