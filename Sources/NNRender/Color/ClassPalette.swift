/// Colors and mark shapes for class labels, readable on dark and light terminals and for
/// colour-blind readers.
///
/// Based on the Okabe–Ito palette, ordered so that neighbouring classes differ in lightness as
/// well as hue (class 0 is a dark blue, class 1 a light orange: the blue–yellow contrast that
/// survives the common forms of colour blindness). Marks also differ by shape (● ■ ▲ ◆ …), so
/// classes stay distinguishable with no color at all.
public struct ClassPalette: Sendable {
    /// The full-strength colors, one per class (cycled when there are more classes).
    public var colors: [RGBColor]
    /// Named 8-color equivalents, one per class.
    public var basicColors: [Color]

    public init(colors: [RGBColor], basicColors: [Color]) {
        precondition(!colors.isEmpty && !basicColors.isEmpty, "a palette needs at least one color")
        self.colors = colors
        self.basicColors = basicColors
    }

    /// Okabe–Ito: blue, orange, bluish green, reddish purple, vermillion, sky blue, yellow, gray.
    public static let okabeIto = ClassPalette(
        colors: [
            RGBColor(0, 114, 178), RGBColor(230, 159, 0), RGBColor(0, 158, 115), RGBColor(204, 121, 167),
            RGBColor(213, 94, 0), RGBColor(86, 180, 233), RGBColor(240, 228, 66), RGBColor(153, 153, 153),
        ],
        basicColors: [.blue, .yellow, .green, .magenta, .red, .cyan, .white, .white])

    /// The palette widgets use unless told otherwise.
    public static let standard = okabeIto

    /// The class's full-strength color (for marks and lines on the terminal's own background).
    public func rgb(forClass index: Int) -> RGBColor {
        colors[((index % colors.count) + colors.count) % colors.count]
    }

    /// The class's color as a terminal color.
    public func color(forClass index: Int) -> Color { rgb(forClass: index).color }

    /// The class's named 8-color equivalent.
    public func basicColor(forClass index: Int) -> Color {
        basicColors[((index % basicColors.count) + basicColors.count) % basicColors.count]
    }

    /// A darker version of the class color, for marks drawn on top of pale region colors.
    public func markColor(forClass index: Int) -> Color {
        rgb(forClass: index).mixed(with: .black, amount: 0.35).color
    }

    /// The pale background for a region of a class, shaded by `strength` in 0...1 (0: no
    /// preference, a neutral light gray; 1: fully confident, a clear tint of the class color).
    public func regionRGB(forClass index: Int, strength: Double) -> RGBColor {
        let full = rgb(forClass: index).mixed(with: .white, amount: 0.42)
        return ClassPalette.neutralRegion.mixed(with: full, amount: strength)
    }

    /// The background of a region where no class is preferred.
    public static let neutralRegion = RGBColor(218, 218, 218)

    /// The mark shape for a class: filled for training points, hollow for test points.
    public static func markSymbol(forClass index: Int, filled: Bool, glyphs: GlyphSet = .unicode) -> String {
        let i = max(0, index)
        switch glyphs {
        case .unicode:
            let filledShapes = ["●", "■", "▲", "◆", "★", "▼", "✚", "✖"]
            let hollowShapes = ["○", "□", "△", "◇", "☆", "▽", "✛", "✕"]
            return (filled ? filledShapes : hollowShapes)[i % filledShapes.count]
        case .ascii:
            return classLetter(i, uppercase: filled)
        }
    }

    /// The letter standing for a class in monochrome output: A, B, C… (a, b, c… for test points).
    public static func classLetter(_ index: Int, uppercase: Bool) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let ch = letters[max(0, index) % letters.count]
        return uppercase ? String(ch) : String(ch).lowercased()
    }
}
