import NNRender
import XCTest

final class ColorTests: XCTestCase {
    func testNearestIndexed256() {
        XCTAssertEqual(Color.nearestIndexed256(red: 0, green: 0, blue: 0), 16)
        XCTAssertEqual(Color.nearestIndexed256(red: 255, green: 255, blue: 255), 231)
        XCTAssertEqual(Color.nearestIndexed256(red: 255, green: 0, blue: 0), 196)
        XCTAssertEqual(Color.nearestIndexed256(red: 128, green: 128, blue: 128), 244)   // gray ramp
        XCTAssertEqual(Color.nearestIndexed256(red: 0, green: 114, blue: 178), 25)
    }

    func testPaletteIndexPerMode() {
        XCTAssertNil(Color.default.paletteIndex(in: .indexed256))
        XCTAssertNil(Color.red.paletteIndex(in: .none))
        XCTAssertEqual(Color.brightRed.paletteIndex(in: .indexed256), 9)
        XCTAssertEqual(Color.brightRed.paletteIndex(in: .basic8), 1)
        XCTAssertEqual(Color.indexed(196).paletteIndex(in: .basic8), 1)
        XCTAssertEqual(Color.rgb(230, 159, 0).paletteIndex(in: .basic8), 3)    // orange → yellow
        XCTAssertEqual(Color.rgb(0, 114, 178).paletteIndex(in: .basic8), 4)    // blue
        XCTAssertEqual(Color.rgb(240, 240, 240).paletteIndex(in: .basic8), 7)  // near white
        XCTAssertEqual(Color.rgb(30, 30, 30).paletteIndex(in: .basic8), 0)     // near black
    }

    func testColorModeDetection() {
        XCTAssertEqual(ColorMode.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"], isTerminal: true), .none)
        XCTAssertEqual(ColorMode.detect(environment: ["TERM": "xterm-256color"], isTerminal: false), .none)
        XCTAssertEqual(ColorMode.detect(environment: ["TERM": "xterm-256color"], isTerminal: true), .indexed256)
        XCTAssertEqual(ColorMode.detect(environment: ["TERM": "xterm", "COLORTERM": "truecolor"], isTerminal: true), .indexed256)
        XCTAssertEqual(ColorMode.detect(environment: ["TERM": "xterm"], isTerminal: true), .basic8)
        XCTAssertEqual(ColorMode.detect(environment: ["TERM": "dumb"], isTerminal: true), .none)
    }

    func testClassPaletteDiffersInLightnessAndShape() {
        let palette = ClassPalette.standard
        // The first two classes (binary problems) differ clearly in lightness, not only in hue.
        XCTAssertGreaterThan(abs(palette.rgb(forClass: 0).luminance - palette.rgb(forClass: 1).luminance), 0.2)
        XCTAssertNotEqual(ClassPalette.markSymbol(forClass: 0, filled: true), ClassPalette.markSymbol(forClass: 1, filled: true))
        XCTAssertNotEqual(ClassPalette.markSymbol(forClass: 0, filled: true), ClassPalette.markSymbol(forClass: 0, filled: false))
        XCTAssertEqual(palette.basicColor(forClass: 0), .blue)
        XCTAssertEqual(palette.basicColor(forClass: 1), .yellow)
        // Region shading goes from neutral (no preference) to a tint of the class color.
        XCTAssertEqual(palette.regionRGB(forClass: 1, strength: 0), ClassPalette.neutralRegion)
        XCTAssertNotEqual(palette.regionRGB(forClass: 1, strength: 1), ClassPalette.neutralRegion)
    }

    func testDivergingPaletteIsBlueWhiteRed() {
        let p = DivergingPalette.blueWhiteRed
        let negative = p.rgb(for: -1), zero = p.rgb(for: 0), positive = p.rgb(for: 1)
        XCTAssertGreaterThan(negative.blue, negative.red)
        XCTAssertGreaterThan(positive.red, positive.blue)
        XCTAssertGreaterThan(zero.luminance, 0.9)
        XCTAssertEqual(p.rgb(for: 5), positive)          // clamped
        XCTAssertEqual(p.rgb(for: .nan), zero)
        XCTAssertEqual(DivergingPalette.basicColor(for: -0.8), .blue)
        XCTAssertEqual(DivergingPalette.basicColor(for: 0.05), .white)
        XCTAssertEqual(DivergingPalette.basicColor(for: 0.9), .red)
    }
}
