import Foundation
import NNLessons
import NNRender
import NNSession
import XCTest

/// The explorer's output panel shows the result: after a block runs it shows the end of the
/// output (the last command's table whole), a table wider than the panel scrolls sideways with
/// ←/→ once the panel has the keys, and below 100 columns the panel sits under the prose.
final class LessonExplorerPanelTests: XCTestCase {
    /// The screen rows of the panel (under the prose: from its title rule down).
    private func panelRows(_ harness: ExplorerHarness) -> [String] {
        let rows = harness.rows()
        guard let top = rows.firstIndex(where: { $0.hasPrefix("──") }) else { return [] }
        return Array(rows[top..<(rows.count - 1)])
    }

    /// The backpropagation lesson's backward table, whose ∂L/∂w⁽²⁾₁₂ = −0.2418 the prose works
    /// out by hand, shows whole at 80×24 right after its block runs.
    func testTheBackwardTableShowsWholeAt80x24() throws {
        let harness = try ExplorerHarness(lesson: "backpropagation", width: 80, height: 24)
        let view = harness.view!
        XCTAssertTrue(view.isStacked)
        try harness.goToPage(titled: "The chain rule, layer by layer")
        harness.select(item: 0)
        harness.press(.enter)
        if view.blockState(item: 0) == .notRun { harness.press(.enter) }
        XCTAssertEqual(view.blockState(item: 0), .ran)
        let panel = panelRows(harness)
        let text = panel.joined(separator: "\n")
        XCTAssertTrue(panel.first?.hasPrefix("── block 1 of 2, page ") ?? false, text)
        // The last command and all of its output, down to the last row of layer 1's table.
        for expected in ["nnlab> backward", "unit          δ      ∂L/∂b     ∂L/∂w1     ∂L/∂w2",
                         "   1  -0.279796  -0.279796  -0.105634  -0.241779",
                         "   1  -0.065753  -0.065753  -0.065753  -0.131506",
                         "   2   0.032851   0.032851   0.032851   0.065702"] {
            XCTAssertTrue(panel.contains { $0.hasPrefix(" " + expected) }, "missing '\(expected)' in\n\(text)")
        }
        XCTAssertFalse(text.contains("…") || text.contains("›"), "nothing is cut:\n\(text)")
        XCTAssertFalse(text.contains("nnlab> data xor"), "the block's first lines are scrolled away:\n\(text)")
        XCTAssertTrue(harness.rows().allSatisfy { DisplayWidth.of($0) <= 80 })
        // The prose stays at the block just run (the text about its numbers follows it); the
        // next block is selected.
        XCTAssertEqual(view.selectedItem, 1)
        XCTAssertEqual(view.blockState(item: 1), .notRun)
        // With the keys the panel grows and still ends at the table's last row.
        harness.press(.tab)
        XCTAssertEqual(view.focus, .panel)
        let grown = harness.rows()
        XCTAssertTrue(grown[grown.count - 2].hasPrefix("    2   0.032851"), grown.joined(separator: "\n"))
        XCTAssertTrue(grown.contains { $0.contains("nnlab> set x=[1, 2]; set y=1") }, "more of the block shows above")
    }

    /// Under the prose, the panel takes a few rows while empty, about half with output, and
    /// most of the screen while it has the keys — keeping the end of the output in view.
    func testTheStackedPanelGrowsWithTheKeysAndKeepsTheEndInView() throws {
        let harness = try ExplorerHarness(lesson: "backpropagation", width: 80, height: 24)
        let view = harness.view!
        try harness.goToPage(titled: "The forward pass")
        let rows = harness.rows()
        let emptyTop = try XCTUnwrap(rows.firstIndex { $0.hasPrefix("── output ──") }, rows.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(emptyTop, 18, "an empty panel takes a few rows:\n\(rows.joined(separator: "\n"))")
        XCTAssertTrue(rows[emptyTop + 1].contains("Enter runs the selected block"))
        harness.select(item: 0)
        harness.press(.enter)
        if view.blockState(item: 0) == .notRun { harness.press(.enter) }
        let withOutput = harness.rows()
        let top = try XCTUnwrap(withOutput.firstIndex { $0.hasPrefix("── block of page") }, withOutput.joined(separator: "\n"))
        XCTAssertTrue((9...13).contains(top), "about half the body: the rule at row \(top)")
        // Taller than the panel, the last command's output shows from its first line.
        XCTAssertTrue(withOutput[top + 1].hasPrefix(" nnlab> forward"), withOutput.joined(separator: "\n"))
        XCTAssertTrue(withOutput.contains { $0.hasPrefix("    1  -0.286586  0.428840") }, withOutput.joined(separator: "\n"))
        // Tab from the page's last item gives the panel the keys: it grows and shows the rest.
        harness.press(.tab)
        XCTAssertEqual(view.focus, .panel)
        let focused = harness.rows()
        let focusedTop = try XCTUnwrap(focused.firstIndex { $0.hasPrefix("── block of page") })
        XCTAssertLessThanOrEqual(focusedTop, 6)
        XCTAssertTrue(focused[focusedTop].contains("↑↓ scroll · Tab: back"), focused[focusedTop])
        XCTAssertTrue(focused.contains { $0.contains("predicted class 0 · loss mse = 0.32622401") }, focused.joined(separator: "\n"))
        // Scrolled to the end, it keeps the end in view when it shrinks again.
        harness.press(.end)
        harness.press(.tab)
        XCTAssertEqual(view.focus, .prose)
        let shrunk = harness.rows()
        XCTAssertTrue(shrunk[shrunk.count - 2].contains("predicted class 0 · loss mse = 0.32622401"), shrunk.joined(separator: "\n"))
    }

    /// A check's few lines take few rows under the prose, and the exercise, with its hints,
    /// stays in view above them.
    func testACheckUnderTheProseKeepsTheExerciseInView() throws {
        let harness = try ExplorerHarness(lesson: "perceptron", width: 80, height: 24)
        let view = harness.view!
        let exercise = try XCTUnwrap(view.lesson.exercise(id: "perceptron-or"))
        try harness.goToPage(titled: try XCTUnwrap(view.lesson.pages[try XCTUnwrap(view.lesson.page(ofExercise: exercise.id))].title))
        let index = try XCTUnwrap(view.selectableItems.firstIndex { if case .exercise(let e) = $0 { return e.id == exercise.id } else { return false } })
        harness.select(item: index)
        harness.press(.character("h"), .character("c"))
        let rows = harness.rows()
        let rule = try XCTUnwrap(rows.firstIndex { $0.hasPrefix("── check · perceptron-or") }, rows.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(rule, 13, "a few lines of output leave the prose most rows:\n\(rows.joined(separator: "\n"))")
        XCTAssertTrue(rows[rule...].contains { $0.contains("Not yet: 0 of 4 conditions hold") }, rows.joined(separator: "\n"))
        XCTAssertTrue(rows[..<rule].contains { $0.contains("▶ Exercise: A perceptron for or") }, rows.joined(separator: "\n"))
        XCTAssertTrue(rows[..<rule].contains { $0.contains("Hint 1:") }, rows.joined(separator: "\n"))
    }

    /// A table wider than the panel: the title says how to see the rest, ←/→ with the panel
    /// selected scroll it a column at a time, and `‹`/`›` mark the rows that go on.
    func testATableWiderThanThePanelScrollsSideways() throws {
        let harness = try ExplorerHarness(lesson: "backpropagation", width: 100, height: 30)
        let view = harness.view!
        XCTAssertFalse(view.isStacked)
        XCTAssertEqual(harness.press(.character(":")), .openPrompt)
        XCTAssertEqual(view.runCommand("data xor n=40 seed=1; net 2-9-1 seed=1; show w2"), "done — the output is in the panel")
        XCTAssertTrue(view.panelIsWider)
        var screen = harness.screen()
        XCTAssertTrue(screen.contains("your command · wider: Tab, then ←→"), screen)
        XCTAssertTrue(screen.contains("›"), "a cut row ends in ›:\n\(screen)")
        let weights = try XCTUnwrap(view.session.trainer?.network.layers[1].weights)
        let lastWeight = String(format: "%.4f", weights[0, 8])
        XCTAssertFalse(screen.contains(lastWeight), "the ninth column is past the edge")
        // ← and → page while the prose has the keys.
        harness.press(.right)
        XCTAssertEqual(view.panelColumn, 0)
        harness.press(.left)
        // With the panel selected they scroll it.
        while view.focus != .panel { harness.press(.tab) }
        screen = harness.screen()
        XCTAssertTrue(screen.contains("←→ sideways"), screen)
        XCTAssertTrue(harness.rows().last?.contains("←→ sideways") ?? false)
        var presses = 0
        while !harness.screen().contains(lastWeight), presses < 20 {
            harness.press(.right)
            presses += 1
        }
        XCTAssertGreaterThan(view.panelColumn, 0)
        XCTAssertTrue(harness.screen().contains(lastWeight), harness.screen())
        XCTAssertTrue(harness.screen().contains("‹"), "rows cut at the left start with ‹")
        harness.press(.right, .right, .right)
        let end = view.panelColumn
        harness.press(.right)
        XCTAssertEqual(view.panelColumn, end, "no further than the widest row")
        while view.panelColumn > 0 { harness.press(.left) }
        XCTAssertFalse(harness.screen().contains(lastWeight))
        // A new run starts at the left edge again, and output that fits says so.
        XCTAssertEqual(view.runCommand("data xor n=40 seed=1"), "done — the output is in the panel")
        XCTAssertFalse(view.panelIsWider)
        harness.press(.right)
        XCTAssertEqual(view.message, "the output fits the panel; n/p turn the page")
    }

    /// The transcript keeps table rows whole and knows where the last result starts.
    func testTheTranscriptKeepsRowsWholeAndFindsTheLastResult() {
        var transcript = OutputTranscript()
        transcript.append(.echo("nnlab> set x=1"))
        transcript.append(.echo("nnlab> show"))
        transcript.append(block: .text("first"))
        transcript.append(.echo("nnlab> table"))
        transcript.append(block: .text(String(repeating: "wide ", count: 5)))
        transcript.append(.echo("nnlab> quiet"))
        let lines = transcript.lines(width: 12, height: 10).map(\.plainText)
        XCTAssertEqual(lines.first, "nnlab> set")
        XCTAssertEqual(transcript.lastResultStart(width: 12, height: 10), lines.firstIndex(of: "nnlab> table"),
                       "the last command that printed something")
    }
}
