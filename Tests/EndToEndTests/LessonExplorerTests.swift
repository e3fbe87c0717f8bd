import Foundation
import XCTest

/// The lesson explorer on a real terminal (tmux), through lesson 1 (`perceptron`): open it
/// from the hub, page, run a block, solve an exercise with `:` commands, check it, quit, and
/// reopen it with the progress kept; and `nnlab lesson NAME` straight from the shell.
final class LessonExplorerTests: XCTestCase {
    private var home: URL!
    private var lessons: String { NNLabBinary.packageRoot.appendingPathComponent("lessons").path }

    override func setUpWithError() throws {
        _ = try TmuxPane.requireTmux()
        home = try makeTemporaryFolder("nnlab-e2e-explorer")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    private var environment: [String: String] {
        ["NNLAB_HOME": home.path, "NNLAB_LESSONS": lessons, "TERM": "xterm-256color", "LANG": "C.UTF-8"]
    }

    /// A pane running the hub.
    private func startHub(width: Int = 80, height: Int = 24) throws -> TmuxPane {
        let pane = try TmuxPane(binary: try NNLabBinary.require(), environment: environment, width: width, height: height)
        try pane.waitForPrompt()
        return pane
    }

    /// The pane's rows (without the scrollback), for checking a full-screen view's layout.
    private func rows(_ screen: String, height: Int) -> [String] {
        Array(screen.split(separator: "\n", omittingEmptySubsequences: false).suffix(height).map(String.init))
    }

    /// Types a command at the explorer's `:` prompt and waits for its result on the last row.
    private func command(_ pane: TmuxPane, _ line: String) throws {
        try pane.type(":")
        try pane.waitFor("the : prompt") { _ in try pane.lastLine().hasPrefix(":") }
        try pane.type(line)
        try pane.press("Enter")
        try pane.waitFor("`\(line)` to run") { text in
            let last = try pane.lastLine()
            return last.contains("done — the output is in the panel") || last.contains("error:")
        }
        let last = try pane.lastLine()
        XCTAssertFalse(last.contains("error:"), "`\(line)` failed: \(last)")
    }

    func testWalkThroughThePerceptronLessonAndReopenWithProgressKept() throws {
        let pane = try startHub()
        try pane.type("lesson perceptron")
        try pane.press("Enter")
        var screen = try pane.waitFor("the explorer on page 1") { $0.contains("perceptron · page 1/5 · The perceptron") }
        var view = rows(screen, height: 24)
        XCTAssertTrue(view[0].hasPrefix(" perceptron · page 1/5"), view.joined(separator: "\n"))
        XCTAssertTrue(view[0].trimmingCharacters(in: .whitespaces).hasSuffix("exercises 0/3"), view[0])
        // At 80 columns the panel sits under the prose, a few rows while it is empty.
        XCTAssertTrue(view[16...].contains { $0.hasPrefix("── output ──") }, view.joined(separator: "\n"))
        let keyBar = view.last ?? ""
        XCTAssertTrue(keyBar.contains("n/p page") && keyBar.contains("q quit"), keyBar)
        XCTAssertTrue(view.allSatisfy { $0.count <= 80 })

        // The page's block is below the fold: the first Enter brings it into view, the second
        // runs it; the panel grows under the prose and shows the end of the output, the last
        // command's.
        try pane.press("Enter")
        _ = try pane.waitFor("the block brought into view") { $0.contains("the selected item is now in view") }
        try pane.press("Enter")
        screen = try pane.waitFor("the block's output") { $0.contains("nnlab> forward sample=0") }
        view = rows(screen, height: 24)
        let rule = try XCTUnwrap(view.firstIndex { $0.hasPrefix("── block of page 1") }, view.joined(separator: "\n"))
        XCTAssertTrue((8...14).contains(rule), view.joined(separator: "\n"))
        XCTAssertTrue(view[rule...].contains { $0.contains("nnlab> forward sample=0") }, view.joined(separator: "\n"))
        XCTAssertTrue(view[..<rule].contains { $0.contains("forward sample=0") }, "the block's end stays in the prose")

        // Page on to the learning rule, then to the page with the first exercise.
        try pane.type("n")
        _ = try pane.waitFor("page 2") { $0.contains("perceptron · page 2/5 · The learning rule") }
        try pane.press("Tab")
        try pane.press("Tab")
        _ = try pane.waitFor("the exercise selected") { $0.contains("▶ Exercise: A perceptron for or") }
        try pane.type("h")
        _ = try pane.waitFor("the first hint") { $0.contains("Hint 1:") }
        try pane.type("c")
        _ = try pane.waitFor("not yet") { $0.contains("not yet:") }

        // Solve it with the exercise's own solution lines, typed at the `:` prompt.
        for line in ["data or n=200 seed=2", "loss mse", "net 2-1:step", "opt sgd lr=0.1", "train epochs=10"] {
            try command(pane, line)
        }
        try pane.type("c")
        screen = try pane.waitFor("the exercise solved") { $0.contains("solved") && $0.contains("exercises 1/3") }
        XCTAssertTrue(screen.contains("✓ test_acc ≥ 0.99"), screen)

        // A wide terminal re-lays the view out.
        try pane.resize(width: 160, height: 45)
        screen = try pane.waitFor("the view at 160 columns") { text in
            self.rows(text, height: 45).first?.hasPrefix(" perceptron · page 2/5") == true
                && self.rows(text, height: 45).first?.count ?? 0 > 100 && text.contains("┌ check · perceptron-or")
        }
        try pane.press("Escape")
        screen = try pane.waitFor("the full key bar") { text in (self.rows(text, height: 45).last ?? "").contains("l lessons") }

        try pane.type("q")
        screen = try pane.waitFor("the hub and the summary") { text in
            text.contains("perceptron: page 2/5, 1 of 3 exercises solved") && text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("nnlab>")
        }

        // Reopen: the same page, the exercise still solved, the hint still shown.
        try pane.type("lesson perceptron")
        try pane.press("Enter")
        _ = try pane.waitFor("the explorer back at page 2") { $0.contains("perceptron · page 2/5") && $0.contains("exercises 1/3") }
        // The page opens at its top; the exercise is further down.
        try pane.press("Tab")
        try pane.press("Tab")
        screen = try pane.waitFor("the exercise selected again") { $0.contains("▶ Exercise: A perceptron for or") }
        view = rows(screen, height: 45)
        XCTAssertTrue(view.contains { $0.contains("✓ solved") }, view.joined(separator: "\n"))
        XCTAssertTrue(view.contains { $0.contains("Hint 1:") }, view.joined(separator: "\n"))
        try pane.type("q")
        try pane.waitFor("the hub") { _ in try pane.lastLine() == "nnlab>" }
        try pane.quitAndAssertSaneTerminal()

        // Saved in the data folder's store: another process sees it.
        let progress = try NNLabBinary.run(["run", "-"], input: "progress\n", environment: environment).stdout
        let row = progress.split(separator: "\n").first { $0.hasPrefix("perceptron ") } ?? ""
        XCTAssertTrue(row.contains("1/3"), progress)
    }

    func testLessonFromTheShellOpensTheExplorerAndLeavesASummary() throws {
        // `nnlab lesson perceptron` from a shell, through a small script (the pane runs one program).
        let script = home.appendingPathComponent("open-lesson.sh")
        try "#!/bin/sh\nexec '\(try NNLabBinary.require())' lesson perceptron\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let pane = try TmuxPane(binary: script.path, environment: environment, width: 100, height: 30)
        _ = try pane.waitFor("the explorer") { $0.contains("perceptron · page 1/5") }
        try pane.type("n")
        _ = try pane.waitFor("page 2") { $0.contains("perceptron · page 2/5") }
        try pane.type("q")
        let exit = try pane.waitForExit()
        XCTAssertEqual(exit.status, 0)
        let screen = try pane.screen()
        XCTAssertTrue(screen.contains("perceptron: page 2/5, 0 of 3 exercises solved"), screen)
        XCTAssertTrue(exit.flags.contains("icanon") && exit.flags.contains("echo"), "\(exit.flags.sorted())")
    }

    /// Opens a lesson from the hub (a fresh data folder: at page 1) and pages to `page` of `count`.
    private func openLesson(_ pane: TmuxPane, _ id: String, page: Int, of count: Int) throws {
        try pane.type("lesson \(id)")
        try pane.press("Enter")
        // (A title too long for the bar drops the lesson's id.)
        _ = try pane.waitFor("page 1") { $0.contains(" page 1/\(count) · ") }
        guard page > 1 else { return }
        for next in 2...page {
            try pane.type("n")
            _ = try pane.waitFor("page \(next)") { $0.contains(" page \(next)/\(count) · ") }
        }
    }

    /// At 80×24 the panel sits under the prose and, after the backward block runs, shows its
    /// table whole — down to the numbers the prose works out — and a wider table scrolls
    /// sideways once the panel has the keys.
    func testBackwardTableWholeAndAWideTableScrollsSidewaysAt80x24() throws {
        let pane = try startHub()
        try openLesson(pane, "backpropagation", page: 3, of: 6)
        try pane.press("Enter")
        usleep(150_000)
        if !(try pane.screen().contains("✓ ran")) { try pane.press("Enter") }
        var screen = try pane.waitFor("the backward table") { $0.contains("-0.131506") }
        var view = rows(screen, height: 24)
        for expected in ["unit          δ      ∂L/∂b     ∂L/∂w1     ∂L/∂w2", "   1  -0.279796  -0.279796  -0.105634  -0.241779",
                         "   1  -0.065753  -0.065753  -0.065753  -0.131506", "   2   0.032851   0.032851   0.032851   0.065702"] {
            XCTAssertTrue(view.contains { $0.hasPrefix(" " + expected) }, "missing \(expected):\n\(view.joined(separator: "\n"))")
        }
        let rule = try XCTUnwrap(view.firstIndex { $0.hasPrefix("── block 1 of 2, page 3") }, view.joined(separator: "\n"))
        XCTAssertGreaterThan(rule, 6, "the prose above the panel")
        XCTAssertTrue(view[1..<rule].contains { $0.hasPrefix(" │ backward") }, "the prose shows the end of the block")
        XCTAssertTrue(view.allSatisfy { $0.count <= 80 })

        // A row wider than the panel: the title says how to see it, → scrolls it.
        try command(pane, "data xor n=40 seed=1; net 2-12-1 seed=1; show w2")
        screen = try pane.waitFor("the wide table") { $0.contains("wider: Tab, then ←→") }
        XCTAssertTrue(screen.contains("›"), screen)
        XCTAssertFalse(screen.contains("‹"), screen)
        for _ in 0..<4 {
            if try pane.lastLine().contains("←→ sideways") { break }
            try pane.press("Tab")
            usleep(100_000)
        }
        _ = try pane.waitFor("the panel with the keys") { _ in try pane.lastLine().contains("←→ sideways") }
        try pane.press("Right")
        screen = try pane.waitFor("the table scrolled") { $0.contains("‹") }
        view = rows(screen, height: 24)
        XCTAssertTrue(view[0].contains(" page 3/6 · "), "no page turned: \(view[0])")
        XCTAssertTrue(view.allSatisfy { $0.count <= 80 })
        try pane.type("q")
        try pane.waitFor("the hub") { _ in try pane.lastLine() == "nnlab>" }
        try pane.quitAndAssertSaneTerminal()
    }

    /// A "Check yourself" question answered in place at 80×24: Tab selects it, a number
    /// chooses, Enter grades it and shows the answer; the last page names the next lesson and
    /// `n` opens it.
    func testAnswerAQuestionInPlaceAndGoOnToTheNextLessonAt80x24() throws {
        let pane = try startHub()
        try openLesson(pane, "backpropagation", page: 6, of: 6)
        for _ in 0..<3 { try pane.press("Tab") }
        var screen = try pane.waitFor("the choice question selected") { $0.contains("▶ What mathematical rule is backpropagation") }
        XCTAssertTrue(screen.contains("1–4 choose one · Enter answers"), screen)
        let keyBar = try pane.lastLine()
        XCTAssertTrue(keyBar.contains("1–4 choose"), keyBar)
        try pane.type("1")
        _ = try pane.waitFor("option 1 chosen") { $0.contains("1 ● ") }
        try pane.press("Enter")
        screen = try pane.waitFor("the verdict") { $0.contains("✓ right") || $0.contains("✗ not quite: the answer is") }
        XCTAssertTrue(screen.contains("A network is a composition of functions"), screen)
        XCTAssertTrue(screen.contains("saved for review"), screen)
        XCTAssertTrue(rows(screen, height: 24).allSatisfy { $0.count <= 80 })

        // The end of the page names the next lesson; n opens it.
        try pane.press("End")
        screen = try pane.waitFor("the next lesson named") { $0.contains("Next: lesson 4,") && $0.contains("n opens it") }
        try pane.type("n")
        screen = try pane.waitFor("the next lesson") { text in
            (self.rows(text, height: 24).first ?? "").contains("page 1/") && !(self.rows(text, height: 24).first ?? "").contains("page 1/6 ·")
        }
        try pane.type("q")
        try pane.waitFor("the hub") { _ in try pane.lastLine() == "nnlab>" }
        try pane.quitAndAssertSaneTerminal()
    }
}
