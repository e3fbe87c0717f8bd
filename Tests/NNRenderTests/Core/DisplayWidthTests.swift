import NNRender
import XCTest

final class DisplayWidthTests: XCTestCase {
    func testASCIIAndControlCharacters() {
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of(""), 0)
        XCTAssertEqual(DisplayWidth.of("a\tb\n"), 2)
        XCTAssertEqual(DisplayWidth.of("\u{1B}"), 0)
    }

    func testCombiningMarksAreZeroWide() {
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)       // é as e + combining acute
        XCTAssertEqual(DisplayWidth.of("x\u{302}"), 1)       // x̂
        XCTAssertEqual(DisplayWidth.of(Unicode.Scalar(0x0301)!), 0)
        XCTAssertEqual(DisplayWidth.of("\u{200B}"), 0)       // zero-width space
    }

    func testWideCharacters() {
        XCTAssertEqual(DisplayWidth.of("学习"), 4)
        XCTAssertEqual(DisplayWidth.of("한국"), 4)
        XCTAssertEqual(DisplayWidth.of("ｘ"), 2)              // full-width x
        XCTAssertEqual(DisplayWidth.of("🙂"), 2)
        XCTAssertEqual(DisplayWidth.of("🚀"), 2)
        XCTAssertEqual(DisplayWidth.of("❤️"), 2)              // heart + emoji variation selector
        XCTAssertEqual(DisplayWidth.of("👍🏽"), 2)              // skin tone modifier
        XCTAssertEqual(DisplayWidth.of("👩‍💻"), 2)             // ZWJ sequence
        XCTAssertEqual(DisplayWidth.of("🇫🇷"), 2)              // flag
    }

    func testMathAndChartSymbolsAreOneWide() {
        for s in ["σ", "∂", "Σ", "²", "₁", "η", "∞", "≤", "←", "●", "○", "■", "▲", "◆", "▀", "░", "▒", "│", "┼", "⣿", "…", "⋮"] {
            XCTAssertEqual(DisplayWidth.of(s), 1, s)
        }
        XCTAssertEqual(DisplayWidth.of("σ(x) = 1/(1 + e⁻ˣ)"), 18)
    }

    func testTruncateAndPad() {
        XCTAssertEqual(DisplayWidth.truncate("hello world", toWidth: 8), "hello w…")
        XCTAssertEqual(DisplayWidth.truncate("hello", toWidth: 5), "hello")
        XCTAssertEqual(DisplayWidth.truncate("学习率高", toWidth: 5), "学习…")
        XCTAssertEqual(DisplayWidth.truncate("abc", toWidth: 0), "")
        XCTAssertEqual(DisplayWidth.padRight("学", toWidth: 4), "学  ")
        XCTAssertEqual(DisplayWidth.padLeft("ab", toWidth: 4), "  ab")
        XCTAssertEqual(DisplayWidth.center("ab", inWidth: 5), " ab  ")
    }
}
