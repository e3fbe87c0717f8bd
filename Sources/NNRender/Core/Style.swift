/// How a cell looks: foreground and background colors and text attributes.
public struct Style: Hashable, Sendable {
    /// The foreground (text) color.
    public var fg: Color
    /// The background color.
    public var bg: Color
    public var bold: Bool
    public var dim: Bool
    public var italic: Bool
    public var underline: Bool
    /// Swap foreground and background.
    public var reverse: Bool

    public init(fg: Color = .default, bg: Color = .default, bold: Bool = false, dim: Bool = false,
                italic: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.italic = italic
        self.underline = underline
        self.reverse = reverse
    }

    /// The terminal's default look.
    public static let plain = Style()

    /// True when the style has no visible effect on a space (no background, no reverse or underline).
    public var isInvisibleOnSpace: Bool { bg == .default && !reverse && !underline }

    /// This style with another foreground color.
    public func withFG(_ color: Color) -> Style { var s = self; s.fg = color; return s }
    /// This style with another background color.
    public func withBG(_ color: Color) -> Style { var s = self; s.bg = color; return s }
    /// This style made bold.
    public func withBold(_ on: Bool = true) -> Style { var s = self; s.bold = on; return s }
    /// This style made dim.
    public func withDim(_ on: Bool = true) -> Style { var s = self; s.dim = on; return s }

    /// This style with another laid on top: the other's colors win unless they are `.default`,
    /// and attributes add up.
    public func patched(with other: Style) -> Style {
        Style(fg: other.fg == .default ? fg : other.fg,
              bg: other.bg == .default ? bg : other.bg,
              bold: bold || other.bold, dim: dim || other.dim, italic: italic || other.italic,
              underline: underline || other.underline, reverse: reverse || other.reverse)
    }
}
