import NNRender

/// The pass explorer's left panel for a network built layer by layer: the step's grids (an
/// input with the receptive field marked, a map filling in, a window and its winner, a vector
/// of units) instead of the network diagram.
extension TraceView {
    /// One grid fitted to a width and a height: the decimals, the cell width, and the rows and
    /// columns shown (a window around the current or marked cells when it does not fit whole).
    struct FittedGrid {
        var grid: PassGrid
        var decimals: Int
        var cellWidth: Int
        var rows: Range<Int>
        var columns: Range<Int>

        /// The columns the grid takes on screen.
        var width: Int { max(DisplayWidth.of(grid.label), columns.count * (cellWidth + 1) - 1) }
        /// The lines it takes: its label and its rows.
        var height: Int { 1 + rows.count }
    }

    /// The widths of a grid's cells at a count of decimals.
    static func cellWidth(_ grid: PassGrid, decimals: Int) -> Int {
        grid.values.map { DisplayWidth.of(PassGrid.cell($0, decimals: decimals)) }.max() ?? 1
    }

    /// Fits a grid into at most `width` columns and `height` lines: one decimal when that
    /// fits, else none, else a window of columns and rows around the cells the step is about.
    static func fit(_ grid: PassGrid, width: Int, height: Int) -> FittedGrid {
        var decimals = grid.decimals
        var cell = cellWidth(grid, decimals: decimals)
        while decimals > 0 && grid.width * (cell + 1) - 1 > width {
            decimals -= 1
            cell = cellWidth(grid, decimals: decimals)
        }
        let focus = grid.current ?? grid.marked.min() ?? 0
        let focusRow = focus / max(grid.width, 1), focusColumn = focus % max(grid.width, 1)
        func window(_ extent: Int, _ room: Int, _ at: Int) -> Range<Int> {
            let n = max(1, min(extent, room))
            let start = max(0, min(at - n / 2, extent - n))
            return start..<(start + n)
        }
        let columns = window(grid.width, (width + 1) / (cell + 1), focusColumn)
        let rows = window(grid.height, height - 1, focusRow)
        return FittedGrid(grid: grid, decimals: decimals, cellWidth: cell, rows: rows, columns: columns)
    }

    /// The width the step's grids would like, for sizing the left panel.
    func pictureWidth() -> Int {
        step.picture.map { g in
            max(DisplayWidth.of(g.label), g.width * (Self.cellWidth(g, decimals: g.decimals) + 1) - 1)
        }.max() ?? 20
    }

    /// Draws the step's grids top to bottom (two side by side when both fit), clipped to the area.
    func renderPicture(into buffer: inout Buffer, _ area: Rect) {
        let panel = Panel(title: step.layer.map { "layer \($0 + 1) · \(walk.network.stack?.describe($0) ?? "")" } ?? (step.phase == .loss ? "the output" : "the sample"))
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area).inset(left: 1)
        guard !inner.isEmpty else { return }
        var y = inner.y
        var index = 0
        let grids = step.picture
        while index < grids.count, y < inner.bottom - 1 {
            let room = inner.bottom - y
            // A grid keeps at least its label and two rows; the last one takes what is left.
            let share = index == grids.count - 1 ? room : max(3, min(1 + grids[index].height, room - 3))
            let first = Self.fit(grids[index], width: inner.width, height: share)
            var placed = [first]
            if index + 1 < grids.count {
                let second = Self.fit(grids[index + 1], width: inner.width - first.width - 3, height: share)
                if first.width + 3 + second.width <= inner.width, second.columns.count == grids[index + 1].width,
                   first.columns.count == grids[index].width {
                    placed.append(second)
                }
            }
            var x = inner.x
            var used = 0
            for fitted in placed {
                draw(fitted, x: x, y: y, clip: inner, buffer: &buffer)
                x += fitted.width + 3
                used = max(used, fitted.height)
            }
            y += used + 1
            index += placed.count
        }
    }

    /// Draws one fitted grid: its label, then its rows; marked cells reversed, the current cell
    /// bold and reversed, values not reached yet as a dim dot.
    func draw(_ fitted: FittedGrid, x: Int, y: Int, clip: Rect, buffer: inout Buffer) {
        let g = fitted.grid
        var label = g.label
        if fitted.rows.count < g.height || fitted.columns.count < g.width {
            label += " (rows \(fitted.rows.lowerBound + 1)–\(fitted.rows.upperBound), cols \(fitted.columns.lowerBound + 1)–\(fitted.columns.upperBound))"
        }
        buffer.set(x: x, y: y, string: label, style: Style(dim: true), clip: clip)
        for (k, r) in fitted.rows.enumerated() {
            var cx = x
            for c in fitted.columns {
                let i = r * g.width + c
                let value = g.values[i]
                let text = DisplayWidth.padLeft(PassGrid.cell(value, decimals: fitted.decimals), toWidth: fitted.cellWidth)
                let style: Style
                if i == g.current {
                    style = Style(fg: .yellow, bold: true, reverse: true)
                } else if g.marked.contains(i) {
                    style = Style(fg: .cyan, reverse: true)
                } else if value.isNaN {
                    style = Style(dim: true)
                } else {
                    style = Style()
                }
                buffer.set(x: cx, y: y + 1 + k, string: text, style: style, clip: clip)
                cx += fitted.cellWidth + 1
            }
        }
    }
}
