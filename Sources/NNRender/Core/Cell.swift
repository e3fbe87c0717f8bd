/// One terminal cell: a grapheme and its style.
///
/// A wide character (CJK, most emoji) occupies two cells: the first holds the grapheme, the
/// second is a *continuation* cell with an empty symbol that backends and printers skip.
public struct Cell: Hashable, Sendable {
    /// The grapheme shown in the cell; empty for the continuation of a wide character.
    public var symbol: String
    /// The cell's colors and attributes.
    public var style: Style

    public init(_ symbol: String = " ", style: Style = .plain) {
        self.symbol = symbol
        self.style = style
    }

    /// A space in the default style.
    public static let blank = Cell()

    /// The second cell of a wide character.
    public static func continuation(style: Style) -> Cell { Cell("", style: style) }

    /// True for the second cell of a wide character.
    public var isContinuation: Bool { symbol.isEmpty }

    /// The number of columns the symbol occupies (0 for a continuation cell).
    public var width: Int {
        let utf8 = symbol.utf8
        if utf8.count == 1 { return 1 }
        if utf8.isEmpty { return 0 }
        let scalars = symbol.unicodeScalars
        if scalars.count == 1 { return max(1, DisplayWidth.of(scalars.first!)) }
        return max(1, DisplayWidth.of(symbol))
    }
}
