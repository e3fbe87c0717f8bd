/// Which characters widgets may draw with: Unicode (braille, box drawing, blocks) or ASCII only.
public enum GlyphSet: String, Hashable, Sendable, CaseIterable {
    /// Braille dots, box-drawing lines, block elements and geometric shapes.
    case unicode
    /// Printable ASCII only, for terminals and files that cannot show more.
    case ascii
}
