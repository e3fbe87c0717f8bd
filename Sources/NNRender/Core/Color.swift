/// A terminal color: the terminal's default, one of the 16 ANSI colors, a 256-palette index, or RGB.
///
/// RGB colors are never sent as 24-bit codes: printers and backends map them down to the
/// 256-color palette (`nearestIndexed256`) or to the 8 basic colors (`nearestBasic8`).
public enum Color: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case `default`
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite
    /// An entry of the xterm 256-color palette.
    case indexed(UInt8)
    /// A 24-bit color, mapped down to the palette of the output's color mode.
    case rgb(UInt8, UInt8, UInt8)

    /// The ANSI number 0–15 of a named color, or nil for the other cases.
    public var ansiNumber: Int? {
        switch self {
        case .black: return 0
        case .red: return 1
        case .green: return 2
        case .yellow: return 3
        case .blue: return 4
        case .magenta: return 5
        case .cyan: return 6
        case .white: return 7
        case .brightBlack: return 8
        case .brightRed: return 9
        case .brightGreen: return 10
        case .brightYellow: return 11
        case .brightBlue: return 12
        case .brightMagenta: return 13
        case .brightCyan: return 14
        case .brightWhite: return 15
        default: return nil
        }
    }

    /// The named color with ANSI number 0–15.
    public static func ansi(_ number: Int) -> Color {
        let all: [Color] = [.black, .red, .green, .yellow, .blue, .magenta, .cyan, .white,
                            .brightBlack, .brightRed, .brightGreen, .brightYellow,
                            .brightBlue, .brightMagenta, .brightCyan, .brightWhite]
        return all[max(0, min(15, number))]
    }

    /// The palette number to use in a color mode: 0–7 for `.basic8`, 0–255 for `.indexed256`,
    /// nil for the default color or `.none`.
    public func paletteIndex(in mode: ColorMode) -> Int? {
        switch mode {
        case .none:
            return nil
        case .indexed256:
            switch self {
            case .default: return nil
            case .indexed(let n): return Int(n)
            case .rgb(let r, let g, let b): return Int(Color.nearestIndexed256(red: r, green: g, blue: b))
            default: return ansiNumber
            }
        case .basic8:
            switch self {
            case .default: return nil
            case .indexed(let n):
                if n < 16 { return Int(n % 8) }
                let c = Color.rgbOfIndexed(n)
                return Int(Color.nearestBasic8(red: c.red, green: c.green, blue: c.blue))
            case .rgb(let r, let g, let b): return Int(Color.nearestBasic8(red: r, green: g, blue: b))
            default: return ansiNumber.map { $0 % 8 }
            }
        }
    }

    /// An approximate RGB value (xterm defaults), or nil for `.default`.
    public var approximateRGB: (red: UInt8, green: UInt8, blue: UInt8)? {
        switch self {
        case .default: return nil
        case .rgb(let r, let g, let b): return (r, g, b)
        case .indexed(let n): return Color.rgbOfIndexed(n)
        default: return Color.rgbOfIndexed(UInt8(ansiNumber ?? 0))
        }
    }

    /// Relative luminance in 0...1 (sRGB weights), or nil for `.default`.
    public var luminance: Double? {
        guard let c = approximateRGB else { return nil }
        return (0.2126 * Double(c.red) + 0.7152 * Double(c.green) + 0.0722 * Double(c.blue)) / 255
    }

    private static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]
    private static let basicRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The RGB value xterm uses for a 256-palette index.
    public static func rgbOfIndexed(_ index: UInt8) -> (red: UInt8, green: UInt8, blue: UInt8) {
        let n = Int(index)
        if n < 16 { return basicRGB[n] }
        if n >= 232 {
            let v = UInt8(8 + 10 * (n - 232))
            return (v, v, v)
        }
        let c = n - 16
        return (UInt8(cubeLevels[c / 36]), UInt8(cubeLevels[(c / 6) % 6]), UInt8(cubeLevels[c % 6]))
    }

    /// The 256-palette index (16–255) closest to an RGB color: the 6×6×6 cube or the gray ramp.
    public static func nearestIndexed256(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        func nearestLevel(_ v: Int) -> Int {
            var best = 0
            for i in 1..<6 where abs(cubeLevels[i] - v) < abs(cubeLevels[best] - v) { best = i }
            return best
        }
        let r = Int(red), g = Int(green), b = Int(blue)
        let ri = nearestLevel(r), gi = nearestLevel(g), bi = nearestLevel(b)
        let cube = (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let cubeDistance = sq(cube.0 - r) + sq(cube.1 - g) + sq(cube.2 - b)
        let average = (r + g + b) / 3
        let grayStep = max(0, min(23, Int((Double(average - 8) / 10).rounded())))
        let gray = 8 + 10 * grayStep
        let grayDistance = sq(gray - r) + sq(gray - g) + sq(gray - b)
        if grayDistance < cubeDistance { return UInt8(232 + grayStep) }
        return UInt8(16 + 36 * ri + 6 * gi + bi)
    }

    /// The basic ANSI color (0–7) closest in hue to an RGB color; grays go to black or white.
    public static func nearestBasic8(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        let r = Double(red) / 255, g = Double(green) / 255, b = Double(blue) / 255
        let maxV = max(r, g, b), minV = min(r, g, b)
        let delta = maxV - minV
        let saturation = maxV == 0 ? 0 : delta / maxV
        if saturation < 0.25 || delta < 0.12 {
            return maxV > 0.5 ? 7 : 0
        }
        var hue: Double
        if maxV == r { hue = 60 * ((g - b) / delta) } else if maxV == g { hue = 60 * ((b - r) / delta + 2) } else { hue = 60 * ((r - g) / delta + 4) }
        if hue < 0 { hue += 360 }
        switch hue {
        case 30..<75: return 3     // yellow (and orange)
        case 75..<170: return 2    // green
        case 170..<195: return 6   // cyan
        case 195..<270: return 4   // blue
        case 270..<330: return 5   // magenta
        default: return 1          // red
        }
    }
}

@inline(__always) private func sq(_ v: Int) -> Int { v * v }
