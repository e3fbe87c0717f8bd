/// Short, safe quotations of a learner's input for error messages and printed output.
///
/// Every message that quotes what someone typed or what a file holds goes through here, so a
/// 300,000-character line gives a 40-character excerpt, and control characters — ESC, BEL,
/// the C1 range, which a terminal would act on — are shown as text (`\x1b`, `\u{9b}`) instead of
/// reaching the terminal. Every function looks at no more of the text than it returns (plus a
/// few characters), so quoting a huge input costs no more than quoting a short one.
public enum InputExcerpt {
    /// How many characters an excerpt shows before it is cut.
    public static let defaultWidth = 40
    /// The mark at a cut.
    public static let ellipsis = "…"

    /// `text` with control characters (and invisible marks such as a byte-order mark) escaped
    /// and, past `width` characters, cut with `…`.
    public static func cut(_ text: some StringProtocol, width: Int = defaultWidth) -> String {
        let width = max(width, 1)
        var out = ""
        var shown = 0
        for scalar in text.unicodeScalars {
            let piece = quotedScalar(scalar)
            if shown + piece.count > width {
                return out + ellipsis
            }
            out += piece
            shown += piece.count
        }
        return out
    }

    /// `text` cut like `cut` but from the front: its last `width` characters after `…`, for
    /// paths and other text whose end matters most.
    public static func cutFront(_ text: some StringProtocol, width: Int = defaultWidth) -> String {
        let width = max(width, 1)
        var pieces: [String] = []
        var shown = 0
        for scalar in text.unicodeScalars.reversed() {
            let piece = quotedScalar(scalar)
            if shown + piece.count > width {
                return ellipsis + pieces.reversed().joined()
            }
            pieces.append(piece)
            shown += piece.count
        }
        return pieces.reversed().joined()
    }

    /// A path for a message: control characters escaped, cut in front past 80 characters.
    public static func path(_ path: some StringProtocol) -> String { cutFront(path, width: 80) }

    /// `text` with every control character escaped and nothing cut (for output that must stay
    /// whole, such as printed lines); with `keepingNewlines`, `\n` stays a line break and `\t`
    /// a tab.
    public static func escapingControls(_ text: String, keepingNewlines: Bool = false) -> String {
        guard containsControl(text, keepingNewlines: keepingNewlines) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if keepingNewlines, scalar == "\n" || scalar == "\t" {
                out.unicodeScalars.append(scalar)
            } else {
                out += escapedScalar(scalar)
            }
        }
        return out
    }

    /// Whether `text` holds a control character (other than `\n` and `\t` with `keepingNewlines`).
    public static func containsControl(_ text: String, keepingNewlines: Bool = false) -> Bool {
        for scalar in text.unicodeScalars where isControl(scalar) {
            if keepingNewlines, scalar == "\n" || scalar == "\t" { continue }
            return true
        }
        return false
    }

    /// Whether a scalar is a C0 control, DEL or a C1 control: the characters a terminal acts on.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }

    /// A scalar as it is shown: itself, or an escape for a control character.
    public static func escapedScalar(_ scalar: Unicode.Scalar) -> String {
        guard isControl(scalar) else { return String(scalar) }
        switch scalar {
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default:
            let hex = String(scalar.value, radix: 16)
            return scalar.value < 0x80 ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{" + hex + "}"
        }
    }

    /// A window of at most `width` characters of `line` around a span, for drawing a caret
    /// under a mistake: the excerpt, and the span's column and length inside it.
    ///
    /// The span's start is kept in view, with some text before it for context; cut ends are
    /// marked with `…`. Control characters are escaped, and the caret column accounts for the
    /// longer escape text.
    public static func window(_ line: String, column: Int, length: Int, width: Int = 60)
        -> (text: String, column: Int, length: Int) {
        // Columns count Characters, as the parsers do; nothing past the window is looked at.
        let characters = Array(line.prefix(max(column, 0) + width + 1))
        let column = min(max(column, 0), characters.count)
        // Context before the span; a line's end that is near brings the window's start left, so
        // a line that fits is shown whole.
        let context = min(column, width / 3)
        let start = max(0, min(column - context, characters.count - width + 1))
        var text = start > 0 ? ellipsis : ""
        var caretColumn = text.count
        var caretLength = 0
        var index = start
        while index < characters.count {
            let piece = escapedCharacter(characters[index])
            if text.count + piece.count > width && index > column {
                text += ellipsis
                break
            }
            if index == column { caretColumn = text.count }
            if index >= column && index < column + max(length, 1) { caretLength += piece.count }
            text += piece
            index += 1
        }
        if column >= characters.count { caretColumn = text.count }
        return (text, caretColumn, max(caretLength, 1))
    }

    /// A character as shown in an excerpt (its control and invisible scalars escaped).
    static func escapedCharacter(_ character: Character) -> String {
        if let a = character.asciiValue, a >= 0x20, a < 0x7F { return String(character) }
        return character.unicodeScalars.map(quotedScalar).joined()
    }

    /// Whether a scalar is invisible yet changes how text reads: a byte-order mark, a zero-width
    /// space or mark, or a bidirectional override (so `'\u{feff}data'` shows why `data` failed).
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFEFF, 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// A scalar as an excerpt quotes it: controls and invisible marks escaped.
    static func quotedScalar(_ scalar: Unicode.Scalar) -> String {
        if isInvisible(scalar) { return "\\u{" + String(scalar.value, radix: 16) + "}" }
        return escapedScalar(scalar)
    }
}
