import NNEngine
import XCTest

/// Quotations of input in messages: short, cut with an ellipsis, control characters escaped.
final class InputExcerptTests: XCTestCase {
    func testShortTextIsKeptAndLongTextIsCut() {
        XCTAssertEqual(InputExcerpt.cut("spiral"), "spiral")
        let long = String(repeating: "x", count: 300_000)
        let cut = InputExcerpt.cut(long)
        XCTAssertEqual(cut, String(repeating: "x", count: InputExcerpt.defaultWidth) + "…")
        XCTAssertEqual(InputExcerpt.cutFront("/a/very/long/folder/name.csv", width: 9), "…/name.csv")
    }

    func testControlCharactersAreEscaped() {
        XCTAssertEqual(InputExcerpt.cut("\u{1B}]0;owned\u{07}\u{1B}[2J"), "\\x1b]0;owned\\x07\\x1b[2J")
        XCTAssertEqual(InputExcerpt.cut("a\tb\nc\rd\u{7F}"), "a\\tb\\nc\\rd\\x7f")
        XCTAssertEqual(InputExcerpt.cut("\u{9B}31m"), "\\u{9b}31m", "C1 controls (CSI) are escaped too")
        XCTAssertEqual(InputExcerpt.cut("\u{FEFF}data"), "\\u{feff}data", "an invisible byte-order mark is shown")
        XCTAssertEqual(InputExcerpt.cut("naïve 学习"), "naïve 学习", "printable text is untouched")
        // An escape is never cut in half: it fits whole or the cut comes before it.
        XCTAssertEqual(InputExcerpt.cut("abc\u{1B}", width: 5), "abc…")
    }

    func testEscapingKeepsLineBreaksWhenAsked() {
        XCTAssertEqual(InputExcerpt.escapingControls("a\u{1B}[2J\nb\tc", keepingNewlines: true), "a\\x1b[2J\nb\tc")
        XCTAssertEqual(InputExcerpt.escapingControls("a\nb"), "a\\nb")
        let plain = "nothing to escape"
        XCTAssertEqual(InputExcerpt.escapingControls(plain), plain)
    }

    func testWindowAroundAColumnInAHugeLine() {
        let line = String(repeating: "a", count: 150_000) + "BAD" + String(repeating: "b", count: 150_000)
        let window = InputExcerpt.window(line, column: 150_000, length: 3)
        XCTAssertLessThanOrEqual(window.text.count, 70, window.text)
        XCTAssertTrue(window.text.hasPrefix("…") && window.text.hasSuffix("…"), window.text)
        let start = window.text.index(window.text.startIndex, offsetBy: window.column)
        XCTAssertEqual(String(window.text[start...].prefix(window.length)), "BAD")
    }

    func testAShortLineIsShownWhole() {
        let line = "opt sgd lr=0.5; opt adam lr=-1"
        let window = InputExcerpt.window(line, column: 25, length: 5)
        XCTAssertEqual(window.text, line)
        XCTAssertEqual(window.column, 25)
        // Near the end of a long line the window keeps its full width.
        let long = String(repeating: "a", count: 100) + " bad"
        let end = InputExcerpt.window(long, column: 101, length: 3)
        XCTAssertEqual(end.text.count, 60, end.text)
        XCTAssertTrue(end.text.hasPrefix("…") && end.text.hasSuffix(" bad"), end.text)
    }

    func testWindowAccountsForEscapes() {
        let window = InputExcerpt.window("\u{1B}\u{1B}x", column: 2, length: 1)
        XCTAssertEqual(window.text, "\\x1b\\x1bx")
        XCTAssertEqual(window.column, 8)
        XCTAssertEqual(window.length, 1)
    }
}
