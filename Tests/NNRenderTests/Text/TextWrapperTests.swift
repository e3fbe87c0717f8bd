import NNRender
import XCTest

final class TextWrapperTests: XCTestCase {
    func testWrapsAtWordBoundaries() {
        XCTAssertEqual(TextWrapper(width: 10).wrap("the quick brown fox jumps"), ["the quick", "brown fox", "jumps"])
        XCTAssertEqual(TextWrapper(width: 9).wrap("the quick"), ["the quick"])
        XCTAssertEqual(TextWrapper(width: 20).wrap("a   b"), ["a b"])
    }

    func testNewlinesAndEmptyText() {
        XCTAssertEqual(TextWrapper(width: 10).wrap("one\ntwo three"), ["one", "two three"])
        XCTAssertEqual(TextWrapper(width: 10).wrap(""), [""])
    }

    func testLongWordsAreSplit() {
        XCTAssertEqual(TextWrapper(width: 4).wrap("abcdefghij"), ["abcd", "efgh", "ij"])
        XCTAssertEqual(TextWrapper(width: 4).wrap("ab cdefghij"), ["ab", "cdef", "ghij"])
    }

    func testWidthAware() {
        // Each CJK character counts two columns.
        XCTAssertEqual(TextWrapper(width: 5).wrap("学习 率高"), ["学习", "率高"])
        XCTAssertEqual(TextWrapper(width: 5).wrap("学习率高"), ["学习", "率高"])
        for line in TextWrapper(width: 7).wrap("σ′(z) = σ(z)(1 − σ(z)) ≤ ¼ always 🙂🙂🙂") {
            XCTAssertLessThanOrEqual(DisplayWidth.of(line), 7, line)
        }
        XCTAssertEqual(TextWrapper(width: 11).wrap("e\u{301}e\u{301}e\u{301} x̂ Σᵢ xᵢ²"), ["e\u{301}e\u{301}e\u{301} x̂ Σᵢ", "xᵢ²"])
    }

    func testStyledWrappingKeepsStylesAndPrefixes() {
        let bold = Style(bold: true)
        let lines = TextWrapper(width: 12).wrap([StyledSpan("plain "), StyledSpan("bold words", style: bold), StyledSpan(" end")],
                                                firstPrefix: [StyledSpan("• ")], continuationPrefix: [StyledSpan("  ")])
        XCTAssertEqual(lines.map(\.plainText), ["• plain bold", "  words end"])
        XCTAssertEqual(lines[0].spans.last, StyledSpan("bold", style: bold))
        XCTAssertEqual(lines[1].spans.map(\.text), ["  ", "words", " end"])
    }

    func testPunctuationStaysWithItsWordAcrossStyles() {
        let lines = TextWrapper(width: 6).wrap([StyledSpan("aaaa "), StyledSpan("code", style: Style(fg: .cyan)), StyledSpan(".")])
        XCTAssertEqual(lines.map(\.plainText), ["aaaa", "code."])
    }
}
