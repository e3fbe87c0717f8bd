/// Turns a buffer into lines of text: plain (no escapes) or with ANSI SGR color codes.
///
/// Plain lines skip continuation cells and trim trailing spaces. ANSI lines emit an SGR sequence
/// whenever the style changes and reset at the end of each line; with `ColorMode.none` they are
/// exactly the plain lines, so no escape code ever reaches a pipe or a `NO_COLOR` terminal.
public struct BufferPrinter: Sendable {
    /// The colors the output may use.
    public var colorMode: ColorMode

    public init(colorMode: ColorMode = .none) {
        self.colorMode = colorMode
    }

    /// The buffer's rows as text, styled according to `colorMode`.
    public func lines(_ buffer: Buffer) -> [String] {
        colorMode == .none ? plainLines(buffer) : ansiLines(buffer)
    }

    /// The buffer's rows joined with newlines (no trailing newline).
    public func text(_ buffer: Buffer) -> String {
        lines(buffer).joined(separator: "\n")
    }

    /// The buffer's rows as plain text, without escapes and without trailing spaces.
    public func plainLines(_ buffer: Buffer) -> [String] {
        (0..<buffer.height).map { y in
            var line = ""
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if !cell.isContinuation { line += cell.symbol }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The buffer's rows with SGR codes for `colorMode` (plain when it is `.none`).
    public func ansiLines(_ buffer: Buffer) -> [String] {
        guard colorMode != .none else { return plainLines(buffer) }
        return (0..<buffer.height).map { y in
            // Trailing cells that would look the same as nothing are trimmed.
            var end = buffer.width
            while end > 0 {
                let cell = buffer[end - 1, y]
                if cell.isContinuation || (cell.symbol == " " && cell.style.isInvisibleOnSpace) {
                    end -= 1
                } else {
                    break
                }
            }
            // Styles that map to the same codes in this color mode share one sequence.
            let reset = sgr(for: .plain)
            var line = ""
            var current = reset
            for x in 0..<end {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                let code = sgr(for: cell.style)
                if code != current {
                    line += code
                    current = code
                }
                line += cell.symbol
            }
            if current != reset { line += "\u{1B}[0m" }
            return line
        }
    }

    /// The full SGR sequence (starting from a reset) that selects `style`.
    public func sgr(for style: Style) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.italic { codes.append("3") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if let fg = style.fg.paletteIndex(in: colorMode) {
            codes.append(colorMode == .basic8 ? "\(30 + fg)" : "38;5;\(fg)")
        }
        if let bg = style.bg.paletteIndex(in: colorMode) {
            codes.append(colorMode == .basic8 ? "\(40 + bg)" : "48;5;\(bg)")
        }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
