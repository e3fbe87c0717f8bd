import Foundation
import NNEngine
import NNRender

/// The drawing view's screen: title, the canvas (with the net's regions once it trains), a
/// side panel with the classes, training figures and keys, and the key bar.
extension DrawingView {
    /// Marks by class: shape tells classes apart without color.
    static let marks = ["●", "■", "▲", "◆", "★", "✚", "▼", "◉", "✖"]
    static let asciiMarks = ["A", "B", "C", "D", "E", "F", "G", "H", "I"]

    var monochrome: Bool { session.environment.colorMode == .none }

    func mark(_ label: Int) -> String {
        let marks = monochrome ? Self.asciiMarks : Self.marks
        return marks[((label % marks.count) + marks.count) % marks.count]
    }

    public func render(into buffer: inout Buffer) {
        guard ViewMinimumSize.fits(&buffer) else { return }
        let width = buffer.width, height = buffer.height
        renderTitle(into: &buffer, Rect(x: 0, y: 0, width: width, height: 1))
        let grid = canvasRect
        let canvasPanel = Rect(x: 0, y: 1, width: grid.width + 2, height: height - 2)
        Panel(title: "canvas · click adds · right-click removes").render(in: canvasPanel, buffer: &buffer)
        renderCanvas(into: &buffer, grid)
        let side = Rect(x: canvasPanel.right, y: 1, width: width - canvasPanel.right, height: height - 2)
        renderSide(into: &buffer, side)
        renderFooter(into: &buffer, Rect(x: 0, y: height - 1, width: width, height: 1))
    }

    func renderTitle(into buffer: inout Buffer, _ row: Rect) {
        let style = Style(reverse: true)
        buffer.fill(row, style: style)
        buffer.set(x: row.x, y: row.y, string: " nnlab · data draw · \(canvas.points.count) point\(canvas.points.count == 1 ? "" : "s")", style: style, clip: row)
        let state = training ? " TRAINING " : (adoptedRevision == canvas.revision ? " DATA SET " : " DRAWING ")
        buffer.set(x: row.right - DisplayWidth.of(state), y: row.y, string: state, style: Style(bold: true, reverse: true), clip: row)
    }

    func renderCanvas(into buffer: inout Buffer, _ grid: Rect) {
        let regions = classRegions()
        let palette = ClassPalette.standard
        let background = RGBColor(0, 0, 0)
        for row in 0..<min(grid.height, canvas.rows) {
            for column in 0..<min(grid.width, canvas.columns) {
                var style = Style()
                var symbol = " "
                if let regions, row < regions.count, column < regions[row].count {
                    let cls = regions[row][column]
                    if monochrome {
                        symbol = cls % 2 == 0 ? " " : "·"
                    } else {
                        style.bg = palette.rgb(forClass: cls).mixed(with: background, amount: 0.45).color
                    }
                } else if column == canvas.columns / 2 || row == canvas.rows / 2 {
                    // The axes through (0, 0), faint, so a drawing can be placed.
                    symbol = column == canvas.columns / 2 ? (row == canvas.rows / 2 ? "┼" : "│") : "─"
                    style.dim = true
                }
                buffer.set(x: grid.x + column, y: grid.y + row, string: symbol, style: style, clip: grid)
            }
        }
        for point in canvas.points {
            let cell = canvas.cell(x: point.x, y: point.y)
            var style = buffer[grid.x + cell.column, grid.y + cell.row].style
            style.bold = true
            style.dim = false
            if !monochrome { style.fg = palette.color(forClass: point.label) }
            buffer.set(x: grid.x + cell.column, y: grid.y + cell.row, string: mark(point.label), style: style, clip: grid)
        }
        // The cursor: the cell reversed, a + where there is no point.
        let x = grid.x + canvas.cursor.column, y = grid.y + canvas.cursor.row
        let under = buffer[x, y].symbol
        buffer.set(x: x, y: y, string: under == " " || "│─┼·".contains(under) ? "+" : under,
                   style: Style(bold: true, reverse: true), clip: grid)
    }

    func renderSide(into buffer: inout Buffer, _ area: Rect) {
        let panel = Panel(title: "classes")
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area)
        guard inner.width > 4 else { return }
        var y = inner.y
        func line(_ text: String, _ style: Style = Style()) {
            guard y < inner.bottom else { return }
            buffer.set(x: inner.x + 1, y: y, string: text, style: style, clip: inner)
            y += 1
        }
        let counts = canvas.counts
        for cls in 0..<canvas.classCount {
            guard y < inner.bottom else { break }
            let selected = cls == canvas.selectedClass
            let text = "\(selected ? "▶" : " ") \(cls + 1) \(mark(cls)) class \(cls)  \(counts[cls])"
            var style = Style(bold: selected)
            if !monochrome { style.fg = ClassPalette.standard.color(forClass: cls) }
            line(text, style)
        }
        y += 1
        if let trainer = session.trainer, adoptedRevision != nil, let last = trainer.history.last {
            line("\(trainer.network.spec)", Style(dim: true))
            line("epoch \(Numbers.count(trainer.epochsDone))", Style(bold: true))
            line("loss \(Numbers.format(last.trainLoss, digits: 3))", Style(bold: true))
            if let acc = last.trainAccuracy { line("train acc \(Numbers.percent(acc))") }
            if let acc = last.testAccuracy { line("test acc  \(Numbers.percent(acc))") }
            y += 1
        }
        let keys = ["1-9       class", "click/spc add", "right/x   remove", "arrows    cursor", "t         train/pause",
                    "C         clear", "Enter/q   use as data", "Esc       leave"]
        let room = inner.bottom - y
        for key in keys.prefix(max(room, 0)) { line(key, Style(dim: true)) }
    }

    /// The keys, in at most `width` columns.
    public func keyBar(width: Int) -> String {
        let keys = ["click/space add", "x remove", "1-\(canvas.classCount) class", "t train", "C clear", "Enter done", "Esc leave"]
        return keys.reduce(into: [String]()) { if DisplayWidth.of(($0 + [$1]).joined(separator: "  ")) <= width { $0.append($1) } }
            .joined(separator: "  ")
    }

    func renderFooter(into buffer: inout Buffer, _ row: Rect) {
        if let message {
            buffer.set(x: row.x + 1, y: row.y, string: message, style: Style(bold: true), clip: row)
        } else {
            buffer.set(x: row.x + 1, y: row.y, string: keyBar(width: row.width - 1), style: Style(dim: true), clip: row)
        }
    }
}
