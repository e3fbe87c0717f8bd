/// How a plotted line is stroked: solid, dotted or dashed.
///
/// Patterns tell series apart even without color (for example a test curve dotted next to a
/// solid training curve).
public enum LinePattern: Hashable, Sendable {
    case solid
    /// Every other dot.
    case dotted
    /// Three dots on, two off.
    case dashed

    /// True when the `step`-th dot along a line is drawn, on a canvas with `dotsPerCell` dots
    /// across a cell. With several dots a cell, the gaps are wide enough to leave whole cells
    /// blank wherever they fall (a gap of single braille dots reads as a solid line).
    func draws(step: Int, dotsPerCell: Int = 1) -> Bool {
        let d = max(dotsPerCell, 1)
        switch self {
        case .solid: return true
        case .dotted: return d == 1 ? step % 2 == 0 : step % (3 * d) < d
        case .dashed: return step % (5 * d) < 3 * d
        }
    }

    /// The symbol a legend shows for a line of this pattern.
    func legendSymbol(_ glyphs: GlyphSet) -> String {
        switch (self, glyphs) {
        case (.solid, .unicode): return "━━"
        case (.dotted, .unicode): return "┅┅"
        case (.dashed, .unicode): return "╍╍"
        case (.solid, .ascii): return "--"
        case (.dotted, .ascii): return ".."
        case (.dashed, .ascii): return "- "
        }
    }
}
