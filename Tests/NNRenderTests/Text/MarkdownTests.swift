import Foundation
import NNRender
import XCTest

final class MarkdownTests: XCTestCase {
    func testBlockStructure() {
        let doc = MarkdownDocument(parsing: MarkdownGoldenTests.lesson)
        let kinds = doc.blocks.map { block -> String in
            switch block {
            case .heading(let level, _): return "h\(level)"
            case .paragraph: return "p"
            case .codeBlock(let info, _): return "code:\(info)"
            case .list(let list): return list.isOrdered ? "ol\(list.items.count)" : "ul\(list.items.count)"
            case .table(let t): return "table\(t.header.count)x\(t.rows.count)"
            case .quote: return "quote"
            case .thematicBreak: return "hr"
            }
        }
        XCTAssertEqual(kinds, ["h1", "p", "h2", "p", "code:nnlab", "p", "ul3", "ol3", "table3x3", "quote", "hr", "p"])
    }

    func testCodeBlocksKeepTheirInfoString() {
        let doc = MarkdownDocument(parsing: "Text\n\n```nnlab run\ndata xor\n  net 2-4-1\n```\n\n~~~\nplain\n~~~\n")
        XCTAssertEqual(doc.blocks[1], .codeBlock(info: "nnlab run", code: "data xor\n  net 2-4-1"))
        XCTAssertEqual(doc.blocks[2], .codeBlock(info: "", code: "plain"))
        let found = doc.codeBlocks(withInfo: "nnlab")
        XCTAssertEqual(found.map(\.blockIndex), [1])
        XCTAssertEqual(found.first?.code, "data xor\n  net 2-4-1")
    }

    func testRenderedCodeBlockLinesCanBeFound() {
        let doc = MarkdownDocument(parsing: "# T\n\nIntro.\n\n```nnlab\ntrain\n```\n")
        let rendering = MarkdownRenderer().render(doc, width: 40)
        let range = rendering.blockLineRanges[2]
        XCTAssertEqual(rendering.lines[range].map(\.plainText), ["┌─ nnlab", "│ train", "└─"])
    }

    func testNestedListsAndNumbers() {
        let doc = MarkdownDocument(parsing: "- a\n  - b\n  - c\n- d\n\n3. x\n4. y\n")
        guard case .list(let bullets) = doc.blocks[0], case .list(let numbers) = doc.blocks[1] else {
            return XCTFail("expected two lists, got \(doc.blocks)")
        }
        XCTAssertEqual(bullets.items.count, 2)
        XCTAssertEqual(bullets.items[0].count, 2)   // paragraph and nested list
        XCTAssertEqual(numbers.start, 3)
        let lines = MarkdownRenderer().render(doc, width: 20).lines.map(\.plainText)
        XCTAssertEqual(lines, ["• a", "  ◦ b", "  ◦ c", "• d", "", "3. x", "4. y"])
    }

    func testInlineStyles() {
        let theme = MarkdownTheme.standard
        let spans = InlineMarkdown().spans("a *em* **strong** `co*de` \\*not\\* [link](http://x) snake_case_name")
        XCTAssertEqual(spans.map(\.text), ["a ", "em", " ", "strong", " ", "co*de", " *not* ", "link", " (http://x)", " snake_case_name"])
        XCTAssertEqual(spans[1].style, theme.emphasis)
        XCTAssertEqual(spans[3].style, theme.strong)
        XCTAssertEqual(spans[5].style, theme.inlineCode)
        XCTAssertEqual(spans[7].style, theme.link)
    }

    func testNestedInlineStylesCombine() {
        let spans = InlineMarkdown().spans("**bold *both* bold**")
        XCTAssertEqual(spans.map(\.text), ["bold ", "both", " bold"])
        XCTAssertTrue(spans[1].style.bold && spans[1].style.italic)
    }

    func testUnclosedMarkersStayLiteral() {
        XCTAssertEqual(InlineMarkdown().spans("2 * 3 = 6 and a ` tick").map(\.text).joined(), "2 * 3 = 6 and a ` tick")
        XCTAssertEqual(InlineMarkdown().spans("**open").map(\.text).joined(), "**open")
    }

    /// Quotes and lists nested 50,000 deep overflowed the stack (`nnlab lesson` crashed); past
    /// the nesting limit the text is one plain paragraph.
    func testDeepBlockNestingIsBounded() {
        for text in [String(repeating: "> ", count: 50_000) + "deep", String(repeating: "- ", count: 50_000) + "deep"] {
            let start = Date()
            let doc = MarkdownDocument(parsing: text)
            var depth = 0
            var block = doc.blocks.first
            while let current = block {
                depth += 1
                switch current {
                case .quote(let inner): block = inner.first
                case .list(let list): block = list.items.first?.first
                default: block = nil
                }
            }
            XCTAssertEqual(depth, MarkdownDocument.maximumNesting + 1, "nested blocks, then a paragraph")
            let lines = MarkdownRenderer().render(doc, width: 80).lines
            XCTAssertTrue(lines.contains { $0.plainText.hasSuffix("deep") })
            XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        }
    }

    /// Runs of 100,000 markers and 50,000 brackets took minutes (every opener searched the rest
    /// of the line, and strong text nested 50,000 deep); now they are linear and bounded.
    func testHugeInlineMarkupIsLinearAndBounded() {
        let cases = [
            String(repeating: "*", count: 100_000) + "x" + String(repeating: "*", count: 100_000),
            String(repeating: "[", count: 50_000) + "x" + String(repeating: "]", count: 50_000) + "(u)",
            String(repeating: "[a](", count: 30_000),
            String(repeating: "**a ", count: 30_000) + String(repeating: "_b ", count: 30_000),
        ]
        for text in cases {
            let start = Date()
            let spans = InlineMarkdown().spans(text)
            XCTAssertLessThan(Date().timeIntervalSince(start), 5, String(text.prefix(20)))
            XCTAssertTrue(spans.map(\.text).joined().contains("a") || spans.map(\.text).joined().contains("x"))
        }
        // Below the limit nesting still styles: a link inside strong inside emphasis.
        let spans = InlineMarkdown().spans("*a **b [c](u)** d*")
        XCTAssertEqual(spans.map(\.text), ["a ", "b ", "c", " (u)", " d"])
        XCTAssertTrue(spans[2].style.bold && spans[2].style.italic)
    }

    func testTableAlignmentAndSqueezing() {
        let doc = MarkdownDocument(parsing: "| name | value |\n|:-|-:|\n| a | 1 |\n| long name here | 22 |\n")
        XCTAssertEqual(MarkdownRenderer().render(doc, width: 40).lines.map(\.plainText),
                       ["name           │ value", "───────────────┼──────", "a              │     1", "long name here │    22"])
        let narrow = MarkdownRenderer().render(doc, width: 14).lines
        XCTAssertTrue(narrow.allSatisfy { $0.width <= 14 }, narrow.map(\.plainText).joined(separator: "\n"))
        XCTAssertTrue(narrow.map(\.plainText).contains { $0.hasPrefix("long ") })
    }

    func testEscapedPipesInTables() {
        let doc = MarkdownDocument(parsing: "| op | meaning |\n|---|---|\n| a \\| b | or |\n")
        guard case .table(let table) = doc.blocks[0] else { return XCTFail("expected a table") }
        XCTAssertEqual(table.rows, [["a | b", "or"]])
    }

    func testParagraphLineBreaks() {
        let doc = MarkdownDocument(parsing: "one\ntwo  \nthree\\\nfour")
        XCTAssertEqual(doc.blocks, [.paragraph(text: "one two\nthree\nfour")])
    }

    func testHeadingsAndRules() {
        let doc = MarkdownDocument(parsing: "## Title ##\n#not a heading\n***\n")
        XCTAssertEqual(doc.blocks, [.heading(level: 2, text: "Title"), .paragraph(text: "#not a heading"), .thematicBreak])
    }

    func testQuotes() {
        let doc = MarkdownDocument(parsing: "> first\n> - item\n")
        XCTAssertEqual(doc.blocks.count, 1)
        XCTAssertEqual(MarkdownRenderer().render(doc, width: 20).lines.map(\.plainText), ["│ first", "│", "│ • item"])
    }

    func testEveryLineFitsAtManyWidths() {
        for width in [1, 2, 5, 10, 17, 33, 60] {
            let lines = MarkdownRenderer().render(MarkdownGoldenTests.lesson, width: width)
            for line in lines where width >= 10 {
                XCTAssertLessThanOrEqual(line.width, width, "width \(width): \(line.plainText)")
            }
        }
    }

    func testScrollOffsetIsClamped() {
        let lines = (0..<10).map { StyledLine("line \($0)") }
        XCTAssertEqual(StyledTextView.maximumScrollOffset(lineCount: 10, height: 4), 6)
        let text = StyledTextView(lines: lines, scrollOffset: 99).renderedLines(width: 10, height: 4)
        XCTAssertEqual(text, ["line 6", "line 7", "line 8", "line 9"])
        let top = StyledTextView(lines: lines, scrollOffset: -3).renderedLines(width: 10, height: 2)
        XCTAssertEqual(top, ["line 0", "line 1"])
    }
}
