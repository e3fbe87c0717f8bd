import NNRender
import XCTest

/// The pixel grid: cell by cell, the half blocks and ramp characters that show each pixel,
/// the labels, the tiles per row and the legend, at the sizes the plots use.
final class PixelGridTests: XCTestCase {
    /// A 2-wide, 4-tall tile: two dark rows above two bright ones.
    let darkOverBright = PixelGrid.Tile(label: "7 #3", width: 2, height: 4, values: [0, 0, 0, 0, 1, 1, 1, 1])

    func testColorCellsShowTwoPixelsWithTheUpperHalfBlock() {
        // A tile whose rows alternate: each cell has a dark pixel above a bright one.
        let striped = PixelGrid.Tile(label: "s", width: 1, height: 2, values: [0, 16])
        let grid = PixelGrid(tiles: [striped], scale: .gray(low: 0, high: 16), pixelScale: 1, colorMode: .indexed256)
        let buffer = grid.renderedBuffer(width: 10, height: 3)
        XCTAssertEqual(buffer[0, 0].symbol, "▀")
        XCTAssertEqual(buffer[0, 0].style.fg, .indexed(232), "the top pixel (0) is black")
        XCTAssertEqual(buffer[0, 0].style.bg, .indexed(255), "the bottom pixel (16) is white")
        XCTAssertEqual(buffer[0, 1].symbol, "s", "the label under the tile")
    }

    func testScaleTwoGivesEachPixelTwoColumnsAndTwoHalfRows() {
        let grid = PixelGrid(tiles: [darkOverBright], scale: .gray(low: 0, high: 1), pixelScale: 2, colorMode: .none)
        let lines = grid.renderedLines(width: 10, height: 5)
        // 4 pixel rows × 2 half rows = 4 text rows; 2 columns × 2 = 4 columns; label under them.
        XCTAssertEqual(lines, ["", "", "@@@@", "@@@@", "7 #3"], "lines end without their blanks")
    }

    func testPlainCellsShowTheMeanOfTheirTwoPixelsOnTheRamp() {
        // Scale 1: each text row holds pixel rows 2k and 2k+1.
        let tile = PixelGrid.Tile(label: "", width: 3, height: 2, values: [0, 0.5, 1, 0, 0.5, 0.5])
        let grid = PixelGrid(tiles: [tile], scale: .gray(low: 0, high: 1), pixelScale: 1, colorMode: .none)
        // Means 0, 0.5, 0.75 → ramp steps 0, 5, 7 of " .:-=+*#%@".
        XCTAssertEqual(grid.renderedLines(width: 3, height: 1), [" +#"])
    }

    func testDivergingScaleUsesLowMarksBelowZeroAndHighMarksAbove() {
        let grid = PixelGrid(tiles: [], scale: .diverging(limit: 2), colorMode: .none)
        XCTAssertEqual(grid.character(for: -2), "=")
        XCTAssertEqual(grid.character(for: -1), "-")
        XCTAssertEqual(grid.character(for: 0), ".")
        XCTAssertEqual(grid.character(for: 1), "+")
        XCTAssertEqual(grid.character(for: 2), "#")
        XCTAssertEqual(grid.character(for: 50), "#", "beyond the limit: clamped")
        let colored = PixelGrid(tiles: [], scale: .diverging(limit: 2), colorMode: .indexed256)
        XCTAssertEqual(colored.color(for: -2), DivergingPalette.blueWhiteRed.color(for: -1))
        XCTAssertEqual(colored.color(for: 1), DivergingPalette.blueWhiteRed.color(for: 0.5))
        XCTAssertEqual(colored.color(for: 0), DivergingPalette.blueWhiteRed.color(for: 0))
    }

    /// Digits at scale 2 in 80 columns: tiles 16 wide with 2 between, so four to a row.
    func testEightByEightTilesFitFourToARowAtEightyColumns() {
        let tiles = (0..<10).map { PixelGrid.Tile(label: "\($0) #\($0)", width: 8, height: 8, values: [Double](repeating: Double($0), count: 64)) }
        let grid = PixelGrid(tiles: tiles, scale: .gray(low: 0, high: 9), pixelScale: 2, legendTitle: "pixel", colorMode: .none)
        let g = grid.geometry(width: 80, height: .max)
        XCTAssertEqual(g.tileWidth, 16)
        XCTAssertEqual(g.tileHeight, 9, "8 text rows of pixels and a label row")
        XCTAssertEqual(g.perRow, 4)
        XCTAssertEqual(g.rows, 3)
        XCTAssertEqual(grid.height(forWidth: 80), 3 * 9 + 2 + 2, "blank rows between rows of tiles, a blank row and the legend")
        let lines = grid.renderedLines(width: 80, height: grid.height(forWidth: 80))
        XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
        XCTAssertEqual(lines[8].trimmingCharacters(in: .whitespaces), "0 #0              1 #1              2 #2              3 #3")
        XCTAssertTrue(lines[10].hasPrefix(String(repeating: "=", count: 16) + "  " + String(repeating: "+", count: 16)), lines[10])
        XCTAssertEqual(lines.last, "pixel  ' ' 0  . 0.9  : 1.8  - 2.7  = 3.6  + 4.5  * 5.4  # 6.3  % 7.2  @ 8.1 to 9")
    }

    /// Without a set scale the grid takes the largest at which every tile fits the area, and
    /// when none fits it shows what fits and says how many are left out.
    func testFitsTheAreaOrSaysHowManyAreLeftOut() {
        let tiles = (0..<8).map { PixelGrid.Tile(label: "\($0 + 1)", width: 3, height: 3, values: [Double](repeating: 0, count: 9)) }
        var grid = PixelGrid(tiles: tiles, scale: .diverging(limit: 1), rowGap: 0, colorMode: .none)
        // 37 × 8 (the dashboard's filter panel at 80×24): scale 2 → tiles 6 × (3 + 1), 4 to a row, 2 rows.
        let g = grid.geometry(width: 37, height: 8)
        XCTAssertEqual(g.scale, 2)
        XCTAssertEqual(g.perRow, 4)
        XCTAssertEqual(g.height, 8)
        grid.tiles = (0..<40).map { PixelGrid.Tile(label: "\($0 + 1)", width: 3, height: 3, values: [Double](repeating: 0, count: 9)) }
        let lines = grid.renderedLines(width: 37, height: 8)
        XCTAssertTrue(lines.last!.hasSuffix("more"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= 37 })
    }

    /// Empty, one-row and one-column areas draw without crashing.
    func testTinyAreasDoNotCrash() {
        let grid = PixelGrid(tiles: [darkOverBright], scale: .gray(low: 0, high: 1), legendTitle: "pixel")
        for (w, h) in [(0, 0), (1, 1), (1, 10), (10, 1), (3, 2)] {
            _ = grid.renderedBuffer(width: w, height: h)
        }
        XCTAssertEqual(PixelGrid(tiles: [], scale: .gray(low: 0, high: 0)).renderedLines(width: 5, height: 1), [""])
    }
}
