import NNRender
import XCTest

final class BufferPrinterTests: XCTestCase {
    private func sample() -> Buffer {
        var buffer = Buffer(width: 8, height: 2)
        buffer.set(x: 0, y: 0, string: "ok", style: Style(fg: .green, bold: true))
        buffer.set(x: 3, y: 0, string: "学", style: Style(fg: .rgb(230, 159, 0)))
        buffer.set(x: 0, y: 1, string: "plain")
        return buffer
    }

    func testPlainLinesHaveNoEscapesAndNoTrailingSpaces() {
        let lines = BufferPrinter(colorMode: .none).plainLines(sample())
        XCTAssertEqual(lines, ["ok 学", "plain"])
        XCTAssertFalse(lines.joined().contains("\u{1B}"))
    }

    func testANSIWithoutColorsIsPlain() {
        let printer = BufferPrinter(colorMode: .none)
        XCTAssertEqual(printer.ansiLines(sample()), printer.plainLines(sample()))
        XCTAssertFalse(printer.text(sample()).contains("\u{1B}"))
    }

    func testANSIWith256Colors() {
        let lines = BufferPrinter(colorMode: .indexed256).lines(sample())
        XCTAssertEqual(lines[0], "\u{1B}[0;1;38;5;2mok\u{1B}[0m \u{1B}[0;38;5;178m学\u{1B}[0m")
        XCTAssertEqual(lines[1], "plain")
    }

    func testANSIWith8Colors() {
        let lines = BufferPrinter(colorMode: .basic8).lines(sample())
        XCTAssertEqual(lines[0], "\u{1B}[0;1;32mok\u{1B}[0m \u{1B}[0;33m学\u{1B}[0m")
    }

    func testBackgroundsAreKeptAtTheEndOfALine() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.fill(Rect(x: 2, y: 0, width: 2, height: 1), style: Style(bg: .blue))
        XCTAssertEqual(BufferPrinter(colorMode: .basic8).lines(buffer), ["  \u{1B}[0;44m  \u{1B}[0m"])
        XCTAssertEqual(BufferPrinter(colorMode: .none).lines(buffer), [""])
    }

    func testStylesThatLookTheSameShareOneSequence() {
        var buffer = Buffer(width: 2, height: 1)
        buffer.set(x: 0, y: 0, string: "a", style: Style(fg: .rgb(0, 135, 175)))
        buffer.set(x: 1, y: 0, string: "b", style: Style(fg: .rgb(1, 134, 176)))
        XCTAssertEqual(BufferPrinter(colorMode: .indexed256).lines(buffer), ["\u{1B}[0;38;5;31mab\u{1B}[0m"])
    }
}
