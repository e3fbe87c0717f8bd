/// How many terminal columns text occupies, after wcwidth and the East Asian Width tables.
///
/// A compact table for the common ranges: combining marks and format characters are 0 wide,
/// CJK ideographs, Hangul, full-width forms and emoji presentation characters are 2 wide, and
/// control characters are 0 wide (they are not drawn). Ambiguous-width characters such as the
/// box-drawing, block and geometric shapes used by the charts count as 1, as in Western locales.
public enum DisplayWidth {
    /// The width of one Unicode scalar: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : 0 }
        if v < 0xA0 { return 0 }
        if v < 0x300 { return 1 }
        if isZeroWidth(v) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    /// The width of one grapheme cluster: the width of its base, widened to 2 by an emoji
    /// variation selector (U+FE0F); 0 for a control character or a lone combining mark.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1 { return of(first) }
        var width = 0
        var hasEmojiSelector = false
        for s in scalars {
            if s.value == 0xFE0F { hasEmojiSelector = true }
            if width == 0 { width = of(s) }
        }
        if character == "\r\n" { return 0 }
        if hasEmojiSelector && width == 1 { return 2 }
        return width
    }

    /// The width of a string: the sum of its graphemes' widths.
    public static func of(_ string: String) -> Int {
        var total = 0
        for ch in string {
            if ch.isASCII {
                if let a = ch.asciiValue, a >= 0x20, a < 0x7F { total += 1 }
            } else {
                total += of(ch)
            }
        }
        return total
    }

    /// Text cut into pieces of at most `width` columns, at any character (for code, which keeps
    /// its spaces and is not wrapped at words).
    public static func hardWrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var pieces: [String] = []
        var current = ""
        var used = 0
        for c in text {
            let w = of(c)
            if used + w > width && !current.isEmpty {
                pieces.append(current)
                current = ""
                used = 0
            }
            current.append(c)
            used += w
        }
        pieces.append(current)
        return pieces
    }

    /// Code cut into pieces that fit, at spaces: each piece ends at the last space that fits
    /// (the space itself is dropped; the first piece keeps the line's indentation), and a word
    /// is split only when it is wider than a whole line. Pieces after the first are at most
    /// `continuationWidth` columns (room for a continuation mark), `width` when nil.
    public static func codeWrap(_ text: String, width: Int, continuationWidth: Int? = nil) -> [String] {
        let firstRoom = max(1, width)
        let laterRoom = max(1, continuationWidth ?? width)
        guard of(text) > firstRoom else { return [text] }
        var pieces: [String] = []
        var rest = Array(text)
        while !rest.isEmpty {
            let room = pieces.isEmpty ? firstRoom : laterRoom
            var fits = 0
            var columns = 0
            while fits < rest.count {
                let w = of(rest[fits])
                if columns + w > room { break }
                columns += w
                fits += 1
            }
            if fits == rest.count {
                pieces.append(String(rest))
                break
            }
            // The last space that fits, or the one right after the piece; never the indentation.
            let indentation = pieces.isEmpty ? rest.prefix { $0 == " " }.count : 0
            var cut = max(1, fits)
            if indentation < fits, let space = rest[indentation...fits].lastIndex(of: " "), space > indentation {
                cut = space
            }
            var piece = String(rest[..<cut])
            while piece.hasSuffix(" ") && piece.count > indentation { piece.removeLast() }
            pieces.append(piece)
            rest = Array(rest[cut...].drop { $0 == " " })
        }
        return pieces
    }

    /// Text cut after its last whole word that fits, followed by ` …` (inside a word only when
    /// not even the first word fits).
    public static func cutAtWord(_ text: String, toWidth width: Int) -> String {
        if of(text) <= width { return text }
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        while words.count > 1 {
            words.removeLast()
            let kept = words.joined(separator: " ")
            if kept.allSatisfy({ $0 == " " }) { break }
            if of(kept + " …") <= width { return kept + " …" }
        }
        return truncate(text, toWidth: width)
    }

    /// The longest prefix of `string` at most `width` columns wide; when the string is cut, it ends
    /// with `ellipsis` (counted in the width).
    public static func truncate(_ string: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(string) <= width { return string }
        let ellipsisWidth = of(ellipsis)
        let budget = width - ellipsisWidth
        if budget < 0 { return String(prefixOf(string, width: width)) }
        return prefixOf(string, width: budget) + ellipsis
    }

    /// The longest prefix of `string` at most `width` columns wide, without an ellipsis.
    public static func prefixOf(_ string: String, width: Int) -> String {
        var used = 0
        var result = ""
        for ch in string {
            let w = of(ch)
            if used + w > width { break }
            used += w
            result.append(ch)
        }
        return result
    }

    /// `string` padded with spaces on the right (or cut) to exactly `width` columns.
    public static func padRight(_ string: String, toWidth width: Int) -> String {
        let s = truncate(string, toWidth: width)
        return s + String(repeating: " ", count: max(0, width - of(s)))
    }

    /// `string` padded with spaces on the left (or cut) to exactly `width` columns.
    public static func padLeft(_ string: String, toWidth width: Int) -> String {
        let s = truncate(string, toWidth: width)
        return String(repeating: " ", count: max(0, width - of(s))) + s
    }

    /// `string` centered in `width` columns (extra space goes to the right).
    public static func center(_ string: String, inWidth width: Int) -> String {
        let s = truncate(string, toWidth: width)
        let free = max(0, width - of(s))
        return String(repeating: " ", count: free / 2) + s + String(repeating: " ", count: free - free / 2)
    }

    // MARK: - Tables

    /// Combining marks, zero-width format characters and variation selectors.
    private static let zeroWidthRanges: [ClosedRange<UInt32>] = [
        0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x05BF...0x05BF, 0x05C1...0x05C2,
        0x05C4...0x05C5, 0x05C7...0x05C7, 0x0610...0x061A, 0x064B...0x065F, 0x0670...0x0670,
        0x06D6...0x06DC, 0x06DF...0x06E4, 0x06E7...0x06E8, 0x06EA...0x06ED, 0x0711...0x0711,
        0x0730...0x074A, 0x0900...0x0902, 0x093A...0x093A, 0x093C...0x093C, 0x0941...0x0948,
        0x094D...0x094D, 0x0951...0x0957, 0x0E31...0x0E31, 0x0E34...0x0E3A, 0x0E47...0x0E4E,
        0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064,
        0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFEFF...0xFEFF,
        0x1F3FB...0x1F3FF, 0xE0000...0xE007F, 0xE0100...0xE01EF,
    ]

    /// East Asian Wide and Fullwidth characters and emoji with emoji presentation.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F1E6...0x1F1FF, 0x1F200...0x1F251, 0x1F300...0x1F320, 0x1F32D...0x1F335,
        0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3,
        0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440,
        0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567,
        0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F,
        0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6DF,
        0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0,
        0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAFF,
        0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isZeroWidth(_ v: UInt32) -> Bool { contains(zeroWidthRanges, v) }
    private static func isWide(_ v: UInt32) -> Bool { contains(wideRanges, v) }

    /// Binary search in sorted, non-overlapping ranges.
    private static func contains(_ ranges: [ClosedRange<UInt32>], _ v: UInt32) -> Bool {
        var lo = 0, hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = ranges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }
}
