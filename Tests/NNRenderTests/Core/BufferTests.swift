import NNRender
import XCTest

final class BufferTests: XCTestCase {
    private func text(_ buffer: Buffer) -> [String] { BufferPrinter().plainLines(buffer) }

    func testSetWritesTextAndReturnsNextColumn() {
        var buffer = Buffer(width: 10, height: 2)
        let end = buffer.set(x: 1, y: 0, string: "abc", style: Style(bold: true))
        XCTAssertEqual(end, 4)
        XCTAssertEqual(text(buffer), [" abc", ""])
        XCTAssertEqual(buffer[1, 0], Cell("a", style: Style(bold: true)))
    }

    func testClippingAtEveryEdge() {
        var buffer = Buffer(width: 5, height: 3)
        buffer.set(x: -2, y: 0, string: "abcdef")      // left edge
        buffer.set(x: 3, y: 1, string: "xyz")          // right edge
        buffer.set(x: 0, y: -1, string: "top")         // above
        buffer.set(x: 0, y: 3, string: "bottom")       // below
        buffer.set(x: 9, y: 2, string: "far")          // beyond the right
        XCTAssertEqual(text(buffer), ["cdef", "   xy", ""])
    }

    func testClippingToARectangle() {
        var buffer = Buffer(width: 8, height: 3)
        let clip = Rect(x: 2, y: 1, width: 3, height: 1)
        buffer.set(x: 0, y: 1, string: "abcdefgh", clip: clip)
        buffer.set(x: 0, y: 0, string: "nothing", clip: clip)
        XCTAssertEqual(text(buffer), ["", "  cde", ""])
    }

    func testWideCharactersTakeTwoCells() {
        var buffer = Buffer(width: 8, height: 1)
        let end = buffer.set(x: 0, y: 0, string: "学a🙂b")
        XCTAssertEqual(end, 6)
        XCTAssertEqual(buffer[0, 0].symbol, "学")
        XCTAssertTrue(buffer[1, 0].isContinuation)
        XCTAssertEqual(buffer[2, 0].symbol, "a")
        XCTAssertEqual(buffer[3, 0].symbol, "🙂")
        XCTAssertTrue(buffer[4, 0].isContinuation)
        XCTAssertEqual(buffer[5, 0].symbol, "b")
        XCTAssertEqual(text(buffer), ["学a🙂b"])
    }

    func testWideCharactersKeepColumnsAligned() {
        var buffer = Buffer(width: 12, height: 3)
        buffer.set(x: 0, y: 0, string: "ab|")
        buffer.set(x: 0, y: 1, string: "学|")
        buffer.set(x: 0, y: 2, string: "🙂|")
        // The bar lands in column 2 on every row.
        for y in 0..<3 { XCTAssertEqual(buffer[2, y].symbol, "|", "row \(y)") }
        for line in text(buffer) { XCTAssertEqual(DisplayWidth.of(line), 3) }
    }

    func testWideCharacterCutByEdgesLeavesSpaces() {
        var buffer = Buffer(width: 3, height: 2, filledWith: Cell("."))
        buffer.set(x: 2, y: 0, string: "学")     // would need columns 2 and 3
        buffer.set(x: -1, y: 1, string: "学x")   // its right half would be column 0
        XCTAssertEqual(text(buffer), ["..", " x."])
        XCTAssertFalse(buffer.cells.contains { $0.isContinuation })
    }

    func testOverwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = Buffer(width: 6, height: 2)
        buffer.set(x: 0, y: 0, string: "学习")
        buffer.set(x: 1, y: 0, string: "x")      // second half of 学
        XCTAssertEqual(text(buffer)[0], " x习")
        buffer.set(x: 0, y: 1, string: "学习")
        buffer.set(x: 2, y: 1, string: "y")      // first half of 习
        XCTAssertEqual(text(buffer)[1], "学y")
        XCTAssertFalse(buffer[3, 1].isContinuation)
    }

    func testZeroWidthAndCombiningCharacters() {
        var buffer = Buffer(width: 5, height: 1)
        buffer.set(x: 0, y: 0, string: "e\u{301}x\u{200B}y\n")
        XCTAssertEqual(buffer[0, 0].symbol, "e\u{301}")
        XCTAssertEqual(text(buffer), ["e\u{301}xy"])
    }

    /// Terminal escapes in text (from a CSV header, a lesson, a model file) are drawn as their
    /// escape text, never stored in a cell where a backend would send them to the terminal.
    func testControlCharactersAreDrawnEscaped() {
        var buffer = Buffer(width: 24, height: 1)
        let end = buffer.set(x: 0, y: 0, string: "\u{1B}[2J\u{07}a\tb\u{9B}\n")
        XCTAssertEqual(text(buffer), ["\\x1b[2J\\x07a b\\u{9b}"])
        XCTAssertEqual(end, 20)
        XCTAssertFalse(buffer.cells.contains { $0.symbol.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) } })
        // Outside the rows the returned column counts the same escapes.
        XCTAssertEqual(buffer.set(x: 0, y: 5, string: "\u{1B}x"), 5)
    }

    func testEmptyBuffersAcceptWrites() {
        var buffer = Buffer(width: 0, height: 0)
        buffer.set(x: 0, y: 0, string: "abc")
        buffer.fill(Rect(x: 0, y: 0, width: 4, height: 4))
        XCTAssertEqual(buffer.cells.count, 0)
        XCTAssertEqual(buffer[3, 3], .blank)
    }

    func testFillAndStyleStayInside() {
        var buffer = Buffer(width: 4, height: 3)
        buffer.fill(Rect(x: 2, y: 1, width: 10, height: 10), style: Style(bg: .blue))
        XCTAssertEqual(buffer[3, 2].style.bg, .blue)
        XCTAssertEqual(buffer[1, 1].style.bg, .default)
        buffer.setStyle(Style(fg: .red), in: Rect(x: -5, y: 0, width: 6, height: 1))
        XCTAssertEqual(buffer[0, 0].style.fg, .red)
        XCTAssertEqual(buffer[1, 0].style.fg, .default)
    }

    // MARK: - Diff

    func testDiffOfEqualBuffersIsEmpty() {
        var a = Buffer(width: 10, height: 3)
        a.set(x: 0, y: 1, string: "hello 学")
        XCTAssertEqual(a.diff(from: a), [])
    }

    func testDiffReportsOnlyChangedCells() {
        var old = Buffer(width: 10, height: 3)
        old.set(x: 0, y: 0, string: "loss 0.50")
        var new = old
        new.set(x: 5, y: 0, string: "0.42")
        new.set(x: 0, y: 2, string: "x", style: Style(fg: .red))
        let changes = new.diff(from: old)
        XCTAssertEqual(changes.map { [$0.x, $0.y] }, [[7, 0], [8, 0], [0, 2]])
        XCTAssertEqual(changes.map(\.cell.symbol), ["4", "2", "x"])
        XCTAssertEqual(changes.last?.cell.style.fg, .red)
    }

    func testDiffReportsStyleOnlyChanges() {
        let old = Buffer(width: 3, height: 1)
        var new = old
        new.setStyle(Style(bg: .green), in: Rect(x: 1, y: 0, width: 1, height: 1))
        XCTAssertEqual(new.diff(from: old).map(\.x), [1])
    }

    func testDiffSkipsContinuationCellsAndRepairsAfterWideCharacters() {
        let old = Buffer(width: 6, height: 1)
        var new = old
        new.set(x: 1, y: 0, string: "学")
        // Only the wide character: its continuation is drawn by the terminal with it.
        XCTAssertEqual(new.diff(from: old).map(\.x), [1])

        // Replacing the wide character by a narrow one also resends the cell it used to cover.
        var narrower = new
        narrower.set(x: 1, y: 0, string: "a")
        XCTAssertEqual(narrower.diff(from: new).map(\.x), [1, 2])
        XCTAssertEqual(narrower.diff(from: new).map(\.cell.symbol), ["a", " "])
    }

    func testDiffOfDifferentSizesListsEveryCell() {
        let old = Buffer(width: 2, height: 2)
        var new = Buffer(width: 3, height: 1)
        new.set(x: 0, y: 0, string: "学")
        XCTAssertEqual(new.diff(from: old).map(\.x), [0, 2])
    }
}
