import Foundation
import NNLessons
import NNRender
import NNSession
import XCTest

/// Every page of every shipped lesson, drawn by the explorer at 80×24 and at 100×30 — as it
/// opens, then with every hint revealed and every question answered — loses no word: the
/// words read off the screen, scrolled from top to bottom, are exactly the words of the page
/// laid out with no width limit. A line cut at the edge loses words, and a word wrapped in the
/// middle turns into two pieces that are not words of the page; either fails with the line.
final class LessonExplorerTextFitTests: XCTestCase {
    /// Frame, gutter, rule and continuation marks: drawn once per row, so their count depends
    /// on the width; they are left out of the comparison.
    private static let decoration = Set("│┃▌┏┗┌└┐┘├┤┼━─↪")

    private static func words(_ lines: [String]) -> [String] {
        lines.flatMap { $0.split(separator: " ").map(String.init) }
            .filter { !$0.allSatisfy { decoration.contains($0) } }
    }

    /// The prose as the screen shows it, scrolled a screen at a time: one string per line.
    private func proseOnScreen(_ harness: ExplorerHarness) -> [String] {
        let view = harness.view!
        harness.press(.home)
        var lines: [Int: String] = [:]
        while true {
            let buffer = harness.buffer()
            let region = view.proseTextRegion
            for row in 0..<region.height {
                let index = view.proseScroll + row
                guard index < view.proseLineCount else { break }
                var text = ""
                for x in region.x..<(region.x + region.width) {
                    let cell = buffer[x, region.y + row]
                    if !cell.isContinuation { text += cell.symbol.isEmpty ? " " : cell.symbol }
                }
                // Nothing may be drawn in the column after the text (it would be cut there).
                let after = buffer[region.x + region.width, region.y + row].symbol
                XCTAssertTrue(after == " " || after.isEmpty, "line \(index) runs past the text column: \(text)\(after)")
                lines[index] = text
            }
            let before = view.proseScroll
            harness.press(.pageDown)
            if view.proseScroll == before { break }
        }
        return (0..<view.proseLineCount).map { lines[$0] ?? "" }
    }

    private func assertPageFits(_ harness: ExplorerHarness, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let view = harness.view!
        let width = view.proseTextRegion.width
        let laidOut = view.pageLines(width: width)
        for (index, styled) in laidOut.enumerated() where styled.width > width {
            XCTFail("\(what): line \(index) is \(styled.width) columns, wider than \(width): \(styled.plainText)", file: file, line: line)
        }
        let screen = proseOnScreen(harness)
        let reference = view.pageLines(width: 10_000).map(\.plainText)
        let shown = Self.words(screen)
        let expected = Self.words(reference)
        guard shown.sorted() != expected.sorted() else { return }
        // Name the words that differ and the screen line of the first one.
        var missing = expected
        var extra: [String] = []
        for word in shown {
            if let index = missing.firstIndex(of: word) { missing.remove(at: index) } else { extra.append(word) }
        }
        let culprit = extra.first.flatMap { word in screen.first { $0.split(separator: " ").contains(Substring(word)) } } ?? ""
        XCTFail("\(what) at \(harness.width)×\(harness.height): words cut or broken — on screen but not in the page: \(extra.prefix(8)); " +
                "in the page but not on screen: \(missing.prefix(8)); line: \(culprit)", file: file, line: line)
    }

    /// The title bar shows the page's title whole, or cut after a whole word with `…`.
    private func assertTitleKeepsWholeWords(_ harness: ExplorerHarness, _ title: String, _ what: String,
                                            file: StaticString = #filePath, line: UInt = #line) {
        let bar = harness.rows()[0]
        guard let range = bar.range(of: " · ", options: .backwards) else { return XCTFail("\(what): no title in \(bar)", file: file, line: line) }
        var shown = String(bar[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        if let exercises = shown.range(of: "  ") { shown = String(shown[..<exercises.lowerBound]) }
        if shown.hasSuffix(" …") {
            let kept = String(shown.dropLast(2))
            XCTAssertTrue(title.hasPrefix(kept + " "), "\(what): the title bar cuts a word: \(bar)", file: file, line: line)
        } else {
            XCTAssertEqual(shown, title, "\(what): \(bar)", file: file, line: line)
        }
    }

    /// Reveals every hint of the page's exercises and answers every question on it.
    private func revealAndAnswer(_ harness: ExplorerHarness) {
        let view = harness.view!
        harness.press(.home)
        for (index, item) in view.selectableItems.enumerated() {
            switch item {
            case .exercise(let exercise):
                harness.select(item: index)
                for _ in exercise.hints { harness.press(.character("h")) }
            case .question(let question):
                harness.select(item: index)
                switch question.kind {
                case .choice, .bug, .multi: harness.type("1")
                case .order: harness.type((1...question.items.count).map(String.init).joined())
                case .numeric: harness.type("0.5")
                case .short: break
                }
                harness.press(.enter)
                if question.kind == .short { harness.type("3") }
                XCTAssertNotNil(view.questionState(question.id)?.feedback, "\(question.id) was answered")
            case .commands, .prose:
                break
            }
        }
    }

    func testEveryPageOfEveryLessonFitsAt80x24And100x30() throws {
        let course = Course.load(folder: ExplorerHarness.shippedLessons)
        XCTAssertGreaterThanOrEqual(course.lessons.count, 9)
        var pages = 0
        for (width, height) in [(80, 24), (100, 30)] {
            for lesson in course.lessons {
                let harness = try ExplorerHarness(lesson: lesson.id, width: width, height: height)
                harness.carriesOutTasks = false
                while harness.view.pageIndex > 0 { harness.press(.character("p")) }
                for page in lesson.pages.indices {
                    XCTAssertEqual(harness.view.pageIndex, page)
                    let what = "\(lesson.id) page \(page + 1) “\(lesson.pages[page].title)”"
                    assertPageFits(harness, what)
                    assertTitleKeepsWholeWords(harness, lesson.pages[page].title, what)
                    revealAndAnswer(harness)
                    assertPageFits(harness, what + " with hints and answers")
                    pages += 1
                    if page + 1 < lesson.pages.count { harness.press(.character("n")) }
                }
            }
        }
        XCTAssertGreaterThan(pages, 80)
    }

    /// The lesson list at 80 columns shows each title whole or cut after a whole word.
    func testTheLessonListCutsTitlesAfterAWholeWord() throws {
        let harness = try ExplorerHarness(lesson: "backpropagation", width: 80, height: 24)
        harness.carriesOutTasks = false
        harness.press(.character("l"))
        let rows = harness.rows()
        for lesson in harness.view.course.lessons {
            let row = try XCTUnwrap(rows.first { $0.contains("│ \(lesson.header.order). \(lesson.id) ") }, rows.joined(separator: "\n"))
            let start = try XCTUnwrap(row.range(of: lesson.id + " ")).upperBound
            var shown = String(row[start...]).trimmingCharacters(in: .whitespaces)
            shown = String(shown.prefix { $0 != "│" }).trimmingCharacters(in: .whitespaces)
            if let cut = shown.range(of: " …") {
                let kept = String(shown[..<cut.lowerBound])
                XCTAssertTrue(lesson.title.hasPrefix(kept + " "), "a word cut: \(row)")
            } else {
                XCTAssertTrue(shown.hasPrefix(lesson.title), "\(lesson.title) in \(row)")
            }
        }
    }

    /// The check itself: a code line wraps at a space with the continuation mark, and a line
    /// cut at the edge would lose words.
    func testCodeWrapsAtSpacesWithAContinuationMark() {
        let pieces = DisplayWidth.codeWrap("  set w1[0,0]=0.5; set w1[0,1]=-0.5; set w1[1,0]=0.25", width: 24, continuationWidth: 22)
        XCTAssertEqual(pieces, ["  set w1[0,0]=0.5; set", "w1[0,1]=-0.5; set", "w1[1,0]=0.25"])
        XCTAssertEqual(DisplayWidth.codeWrap("abcdefghij", width: 4), ["abcd", "efgh", "ij"], "a word wider than a line is split")
        XCTAssertEqual(DisplayWidth.codeWrap("short", width: 10), ["short"])
        let lines = MarkdownRenderer(theme: .plain).render("```\nmodel.fit(x, y, epochs=10, batch_size=32)\n```", width: 24).map(\.plainText)
        XCTAssertEqual(lines, ["┌─", "│ model.fit(x, y,", "│ ↪ epochs=10,", "│ ↪ batch_size=32)", "└─"])
        XCTAssertNotEqual(Self.words(["│ model.fit(x, y, epoc…"]).sorted(), Self.words(["model.fit(x, y, epochs=10, batch_size=32)"]).sorted())
    }
}
