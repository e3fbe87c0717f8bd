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

    /// True when the `step`-th dot along a line is drawn.
    func draws(step: Int) -> Bool {
        switch self {
        case .solid: return true
        case .dotted: return step % 2 == 0
        case .dashed: return step % 5 < 3
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
