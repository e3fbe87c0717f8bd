/// A grid of cells that widgets draw into; it never touches a terminal.
///
/// Writing is width-aware: a wide character fills two cells (the second a continuation), a
/// zero-width character is not drawn, a control character is drawn as its escape (`\x1b`), and text is clipped at every edge of the buffer
/// (or of a smaller clip rectangle). Overwriting half of a wide character blanks the other half,
/// so the grid always describes what a terminal would show. `diff(from:)` lists the cells a
/// backend must redraw to turn one frame into the next.
public struct Buffer: Hashable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The cells, row by row.
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, filledWith cell: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: cell, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle at the origin.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y); a blank cell outside the buffer.
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// Writes `string` starting at column `x` of row `y` and returns the column after it.
    ///
    /// Graphemes outside the buffer (or outside `clip`, when given) are dropped; a wide character
    /// cut by an edge leaves spaces in the columns it would have covered inside. Control
    /// characters never reach a cell: a line end is not drawn, a tab is drawn as a space and
    /// every other one (ESC, BEL, `\r`, the C1 range) as its escape text, like `\x1b`, so text
    /// from a learner's files shows what it holds and cannot act on the terminal.
    @discardableResult
    public mutating func set(x: Int, y: Int, string: String, style: Style = .plain, clip: Rect? = nil) -> Int {
        let bounds = clip.map { $0.intersection(area) } ?? area
        var column = x
        guard y >= bounds.top, y < bounds.bottom, !bounds.isEmpty else {
            return x + Buffer.drawnWidth(of: string)
        }
        for character in string {
            let w: Int
            if let a = character.asciiValue, character.unicodeScalars.count == 1, a >= 0x20, a < 0x7F {
                w = 1
            } else if let escape = Buffer.controlText(character) {
                for c in escape { draw(c, width: 1, at: &column, y: y, bounds: bounds, style: style) }
                continue
            } else {
                w = DisplayWidth.of(character)
            }
            if w == 0 { continue }
            draw(character, width: w, at: &column, y: y, bounds: bounds, style: style)
        }
        return column
    }

    /// How a control character is drawn (nothing for a line end, a space for a tab, else its
    /// escape text), or nil for any other character.
    static func controlText(_ character: Character) -> String? {
        guard character.unicodeScalars.contains(where: isControl) else { return nil }
        if character == "\n" || character == "\r\n" { return "" }
        if character == "\t" { return " " }
        return character.unicodeScalars.map { scalar in
            guard isControl(scalar) else { return String(scalar) }
            switch scalar {
            case "\n": return "\\n"
            case "\r": return "\\r"
            default:
                let hex = String(scalar.value, radix: 16)
                return scalar.value < 0x80 ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{" + hex + "}"
            }
        }.joined()
    }

    /// Whether a scalar is a C0 control, DEL or a C1 control.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }

    /// The columns `set` advances over for a string, control characters drawn as their text.
    static func drawnWidth(of string: String) -> Int {
        var total = 0
        for character in string {
            if let escape = controlText(character) { total += escape.count } else { total += DisplayWidth.of(character) }
        }
        return total
    }

    /// Draws one grapheme of a known width at `column`, clipped to `bounds`, and advances `column`.
    private mutating func draw(_ character: Character, width w: Int, at column: inout Int, y: Int, bounds: Rect, style: Style) {
        if column >= bounds.right {
            column += w
            return
        }
        if column < bounds.left {
            // A wide character straddling the left edge: blank its visible half.
            var c = bounds.left
            while c < column + w && c < bounds.right {
                put(x: c, y: y, symbol: " ", width: 1, style: style)
                c += 1
            }
            column += w
            return
        }
        if column + w > bounds.right {
            // A wide character cut by the right edge: blank the columns it would cover.
            for c in column..<bounds.right { put(x: c, y: y, symbol: " ", width: 1, style: style) }
            column += w
            return
        }
        put(x: column, y: y, symbol: String(character), width: w, style: style)
        column += w
    }

    /// Puts one cell's content (a single grapheme) at (x, y), if inside the buffer.
    public mutating func set(x: Int, y: Int, cell: Cell) {
        set(x: x, y: y, string: cell.symbol.isEmpty ? " " : cell.symbol, style: cell.style)
    }

    /// Replaces the style of every cell in `area` (clipped to the buffer), keeping the symbols.
    public mutating func setStyle(_ style: Style, in region: Rect) {
        let r = region.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.top..<r.bottom {
            for x in r.left..<r.right { cells[y * width + x].style = style }
        }
    }

    /// Lays `style` over the style of every cell in `region` (see `Style.patched(with:)`).
    public mutating func patchStyle(_ style: Style, in region: Rect) {
        let r = region.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.top..<r.bottom {
            for x in r.left..<r.right {
                cells[y * width + x].style = cells[y * width + x].style.patched(with: style)
            }
        }
    }

    /// Copies the cells of `region` from another buffer of the same size, exactly as they are
    /// (wide characters and their continuation cells included).
    public mutating func copy(_ region: Rect, from other: Buffer) {
        let r = region.intersection(area).intersection(other.area)
        guard !r.isEmpty, other.width == width else { return }
        for y in r.top..<r.bottom {
            for x in r.left..<r.right { cells[y * width + x] = other.cells[y * width + x] }
        }
    }

    /// Fills `region` (clipped) with spaces in `style`.
    public mutating func fill(_ region: Rect, style: Style = .plain) {
        let r = region.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.top..<r.bottom {
            for x in r.left..<r.right { put(x: x, y: y, symbol: " ", width: 1, style: style) }
        }
    }

    /// The changes that turn `previous` into this buffer, row by row.
    ///
    /// Continuation cells are never listed (the wide character before them covers them); cells
    /// after a wide character that changed width are listed even when equal, because the
    /// terminal's view of them was disturbed. Buffers of different sizes give every cell.
    public func diff(from previous: Buffer) -> [CellChange] {
        var changes: [CellChange] = []
        guard previous.width == width, previous.height == height else {
            for y in 0..<height {
                for x in 0..<width where !cells[y * width + x].isContinuation {
                    changes.append(CellChange(x: x, y: y, cell: cells[y * width + x]))
                }
            }
            return changes
        }
        for y in 0..<height {
            var invalidated = 0
            var toSkip = 0
            for x in 0..<width {
                let i = y * width + x
                let current = cells[i], old = previous.cells[i]
                // An unchanged cell with nothing pending leaves the state as it was: the
                // continuation cells a wide character may set up are never listed anyway.
                if toSkip == 0 && invalidated == 0 && current == old { continue }
                if !current.isContinuation && (current != old || invalidated > 0) && toSkip == 0 {
                    changes.append(CellChange(x: x, y: y, cell: current))
                }
                let currentWidth = current.width, oldWidth = old.width
                toSkip = max(0, max(currentWidth - 1, toSkip - 1))
                invalidated = max(0, max(max(currentWidth, oldWidth), invalidated) - 1)
            }
        }
        return changes
    }

    // MARK: - Private

    /// Writes one grapheme of known width at an in-bounds position, repairing wide characters
    /// it partly overwrites.
    private mutating func put(x: Int, y: Int, symbol: String, width w: Int, style: Style) {
        let rowStart = y * width
        // Overwriting a continuation cell: blank the wide character's first half.
        if cells[rowStart + x].isContinuation {
            var lead = x - 1
            while lead >= 0 && cells[rowStart + lead].isContinuation { lead -= 1 }
            if lead >= 0 {
                let leadStyle = cells[rowStart + lead].style
                for c in lead..<x { cells[rowStart + c] = Cell(" ", style: leadStyle) }
            }
        }
        // Continuations after the columns we cover belong to a character we overwrite: blank them.
        var after = x + w
        while after < width && cells[rowStart + after].isContinuation {
            cells[rowStart + after] = Cell(" ", style: cells[rowStart + after].style)
            after += 1
        }
        cells[rowStart + x] = Cell(symbol, style: style)
        if w > 1 {
            for c in (x + 1)..<min(width, x + w) { cells[rowStart + c] = .continuation(style: style) }
        }
    }
}
