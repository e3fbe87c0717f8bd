import Foundation
import NNEngine
import NNRender

/// Turns output blocks into lines of text for the REPL's scrollback or plain mode.
public struct OutputPrinter: Sendable {
    /// The width plots are drawn at.
    public var width: Int
    /// The colors the text may carry (`.none` in plain mode: no escape codes at all).
    public var colorMode: ColorMode
    /// Whether text lines wider than `width` are folded at a space and tables wider than it
    /// cut into blocks of columns (the hub, `nnlab lesson`, plain mode and `nnlab run`: every
    /// line they print fits). Lines scripts read (the training log, `eval`) fit 80 columns by
    /// design, so they never fold at the default width.
    public var foldsText: Bool

    /// Makes a printer.
    public init(width: Int, colorMode: ColorMode, foldsText: Bool = false) {
        self.width = max(width, 20)
        self.colorMode = colorMode
        self.foldsText = foldsText
    }

    /// The lines of one block (a view request prints nothing).
    ///
    /// Text and table cells come partly from the learner's files and scripts, so every control
    /// character in them (ESC, BEL, the C1 range, a stray `\r`) is printed escaped, like `\x1b`:
    /// nothing a CSV header or a model file holds can move the cursor or retitle the terminal.
    /// Tabs stay tabs. Plots carry the printer's own color codes and are left as drawn.
    public func lines(_ block: OutputBlock) -> [String] {
        switch block {
        case .text(let text):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { InputExcerpt.escapingControls(String($0), keepingNewlines: true) }
            return foldsText ? lines.flatMap { Self.fold($0, width: width) } : lines
        case .table(let table):
            // Reading, a table wider than the width is cut into blocks of columns and its title
            // folds like text; for scripts every row stays one line.
            let lines = (foldsText ? table.lines(width: width) : table.lines())
                .map { InputExcerpt.escapingControls($0, keepingNewlines: true) }
            guard foldsText, table.title != nil, let title = lines.first else { return lines }
            // A title may already hold line breaks: each of its lines folds on its own.
            return title.split(separator: "\n", omittingEmptySubsequences: false).flatMap { Self.fold(String($0), width: width) }
                + lines.dropFirst()
        case .widget(let widget, let height):
            let buffer = widget.renderedBuffer(width: width, height: max(height, 1))
            let lines = BufferPrinter(colorMode: colorMode).lines(buffer)
            var trimmed = lines
            while let last = trimmed.last, last.allSatisfy({ $0 == " " }) || last.isEmpty { trimmed.removeLast() }
            return trimmed
        case .view:
            return []
        }
    }

    /// A line cut into pieces of at most `width` columns, the later ones indented two spaces:
    /// at the last field gap (two spaces, as tables separate columns) that fits in the last two
    /// thirds, else after the last `; ` in the second half, else at the last space after the
    /// first word; a word wider than the line breaks after a `-`, `/` or `,`, else inside it.
    public static func fold(_ line: String, width: Int) -> [String] {
        guard DisplayWidth.of(line) > width else { return [line] }
        var pieces: [String] = []
        var rest = Substring(line)
        while true {
            let room = pieces.isEmpty ? width : width - 2
            let characters = Array(rest)
            // The longest prefix that fits (wide characters count twice).
            var fits = 0, columns = 0
            while fits < characters.count {
                let w = DisplayWidth.of(String(characters[fits]))
                if columns + w > room { break }
                columns += w
                fits += 1
            }
            if fits == characters.count {
                pieces.append(String(rest))
                break
            }
            let head = characters[..<(fits + 1)]
            var cut = fits
            if let gap = (1..<head.count).last(where: { head[$0] == " " && head[$0 - 1] == " " }), gap > room / 3 {
                cut = gap - 1
            } else if let clause = (1..<head.count).last(where: { head[$0] == " " && head[$0 - 1] == ";" }), clause > room / 2 {
                // After a clause (`…per sample); ∂L/∂W = δ·aᵀ`): a formula stays whole.
                cut = clause
            } else if let space = head.lastIndex(of: " "), space > (head.firstIndex { $0 != " " } ?? head.count) {
                // Any space after the first word: a short line reads better than a cut word —
                // unless the next word is wider than any line, and must break at a joint anyway.
                cut = space
                let next = characters[(space + 1)...].prefix { $0 != " " }
                if next.count > width - 2, let joint = characters[(space + 1)..<fits].lastIndex(where: { $0 == "-" || $0 == "/" || $0 == "," }) {
                    cut = joint + 1
                }
            } else if let joint = characters[..<fits].lastIndex(where: { $0 == "-" || $0 == "/" || $0 == "," }), joint > room / 3 {
                // A word wider than the line (a long net spec, a path) breaks after a joint.
                cut = joint + 1
            }
            // The first piece keeps its indentation; a continuation's own is dropped above.
            pieces.append(String(String(characters[..<cut]).reversed().drop { $0 == " " }.reversed()))
            rest = Substring(String(characters[cut...]).drop { $0 == " " })
            if rest.isEmpty { break }
        }
        return pieces.enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }
    }

    /// The text of one block, ending in a newline.
    public func text(_ block: OutputBlock) -> String {
        let lines = lines(block)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
