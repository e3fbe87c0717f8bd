import Foundation
import XCTest

/// The course flows from the hub at 80×24: the welcome says how to go on, `next` opens the
/// next unfinished page, `lesson` alone comes back to it, and leaving the hub or a view
/// always leaves what follows (the shell's prompt; here the pane's exit line) on a fresh line.
final class CourseFlowTests: XCTestCase {
    private var home: URL!
    private var lessons: String { NNLabBinary.packageRoot.appendingPathComponent("lessons").path }

    override func setUpWithError() throws {
        _ = try TmuxPane.requireTmux()
        home = try makeTemporaryFolder("nnlab-e2e-flow")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    private var environment: [String: String] {
        ["NNLAB_HOME": home.path, "NNLAB_LESSONS": lessons, "TERM": "xterm-256color", "LANG": "C.UTF-8"]
    }

    private func startHub() throws -> TmuxPane {
        let pane = try TmuxPane(binary: try NNLabBinary.require(), environment: environment, width: 80, height: 24)
        try pane.waitForPrompt()
        return pane
    }

    /// The screen with folded lines joined again (a fold's continuation is indented two spaces).
    private func unfolded(_ screen: String) -> String { screen.replacingOccurrences(of: "\n  ", with: " ") }

    /// No line of the screen (scrollback included; wrapped lines are joined) is wider than 80.
    private func assertFitsEighty(_ screen: String, file: StaticString = #filePath, line: UInt = #line) {
        let long = screen.split(separator: "\n").filter { OutputWidthTests.columns($0) > 80 }
        XCTAssertEqual(long, [], screen, file: file, line: line)
    }

    /// The lines of the screen, and the index of the exit line, which must start a line of
    /// its own right after `before`.
    private func assertExitLineFollows(_ before: String, in pane: TmuxPane, file: StaticString = #filePath, line: UInt = #line) throws {
        // Ctrl-D shows as `^D` after the prompt where the terminal echoes control characters.
        let lines = try pane.screen().split(separator: "\n").map(String.init)
        let exit = try XCTUnwrap(lines.lastIndex { $0.contains("[nnlab exited") }, lines.joined(separator: "\n"), file: file, line: line)
        XCTAssertTrue(lines[exit].hasPrefix("[nnlab exited 0]"), "the exit line starts a line:\n\(lines.joined(separator: "\n"))", file: file, line: line)
        XCTAssertGreaterThan(exit, 0, file: file, line: line)
        XCTAssertTrue([before, before + " ^D"].contains(lines[exit - 1]), lines.joined(separator: "\n"), file: file, line: line)
    }

    func testWelcomeNextAndLessonResumeAtEightyColumns() throws {
        var pane = try startHub()
        var screen = try pane.screen()
        XCTAssertTrue(unfolded(screen).contains("New here? Type `lesson` to start with 1. The perceptron, page 1 of"), screen)
        assertFitsEighty(screen)

        // `next` says where it goes and opens the explorer there: the first lesson's first page.
        try pane.type("next")
        try pane.press("Enter")
        _ = try pane.waitFor("the explorer on page 1") { $0.contains("perceptron · page 1/") }
        try pane.type("q")
        screen = try pane.waitFor("the hub again") { _ in try pane.lastLine() == "nnlab>" }
        XCTAssertTrue(unfolded(screen).contains("Next: 1. The perceptron, page 1 of"), screen)
        assertFitsEighty(screen)
        // Leaving with Ctrl-D: the exit line starts below the prompt.
        try pane.press("C-d")
        _ = try pane.waitForExit()
        try assertExitLineFollows("nnlab>", in: pane)

        // A new hub names the lesson to continue and that `next` goes elsewhere (page 2, with
        // the first exercise, is unseen); `lesson` alone reopens page 1, `next` goes to page 2.
        pane = try startHub()
        screen = try pane.screen()
        XCTAssertTrue(unfolded(screen).contains("Type `lesson` to continue with 1. The perceptron, page 1 of"), screen)
        XCTAssertTrue(unfolded(screen).contains("`next` goes to the first page or exercise not done yet."), screen)
        assertFitsEighty(screen)
        try pane.type("lesson")
        try pane.press("Enter")
        _ = try pane.waitFor("the explorer back on page 1") { $0.contains("perceptron · page 1/") }
        try pane.type("q")
        try pane.waitForPrompt()
        try pane.type("next")
        try pane.press("Enter")
        _ = try pane.waitFor("the explorer on page 2") { $0.contains("perceptron · page 2/") }
        try pane.type("q")
        screen = try pane.waitFor("the summary and the hub") { text in
            try text.contains("perceptron: page 2/") && pane.lastLine() == "nnlab>"
        }
        XCTAssertTrue(unfolded(screen).contains("Continuing with 1. The perceptron, page 1 of"), screen)
        XCTAssertTrue(unfolded(screen).contains("Next: the exercise") && unfolded(screen).contains("1. The perceptron, page 2 of"), screen)
        assertFitsEighty(screen)
        try pane.quitAndAssertSaneTerminal()
        try assertExitLineFollows("nnlab> quit", in: pane)
    }

    /// `help` documents `next` and `lesson` alone; at 80 columns every help line and a long
    /// error message fit.
    func testHelpDocumentsNextAndLessonAlone() throws {
        let pane = try startHub()
        try pane.type("help")
        try pane.press("Enter")
        var screen = try pane.waitFor("the command list") { $0.contains("  next ") && $0.contains("`;` separates") }
        XCTAssertTrue(screen.contains("open the next unfinished page or exercise"), screen)
        try pane.type("help lesson")
        try pane.press("Enter")
        screen = try pane.waitFor("lesson's help") { $0.contains("lesson — open a lesson; alone, go on where you stopped") }
        XCTAssertTrue(screen.contains("  lesson [NAME]"), screen)
        assertFitsEighty(screen)
        // A long error message folds between words too (it lists every lesson).
        try pane.type("lesson nosuch")
        try pane.press("Enter")
        screen = try pane.waitFor("the error") { $0.contains("error: no lesson 'nosuch'") && $0.contains("capacity-and-limits") }
        XCTAssertTrue(unfolded(screen).contains("the lessons are perceptron, activations, backpropagation"), screen)
        assertFitsEighty(screen)
        try pane.quitAndAssertSaneTerminal()
    }

    /// `nnlab lesson` from the shell opens the explorer where the learner stopped; after `q`
    /// the exit line starts a line of its own below the explorer's summary.
    func testLessonAloneFromTheShellResumesAndLeavesAFreshLine() throws {
        let script = home.appendingPathComponent("resume.sh")
        try "#!/bin/sh\nexec '\(try NNLabBinary.require())' lesson\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        var pane = try TmuxPane(binary: script.path, environment: environment, width: 80, height: 24)
        _ = try pane.waitFor("the explorer") { $0.contains("perceptron · page 1/") }
        try pane.type("n")
        try pane.type("n")
        _ = try pane.waitFor("page 3") { $0.contains("perceptron · page 3/") }
        try pane.type("q")
        _ = try pane.waitForExit()
        var lines = try pane.screen().split(separator: "\n").map(String.init)
        let summary = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("perceptron: page 3/") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[summary + 1].hasPrefix("[nnlab exited 0]"), lines.joined(separator: "\n"))

        pane = try TmuxPane(binary: script.path, environment: environment, width: 80, height: 24)
        _ = try pane.waitFor("the explorer back on page 3") { $0.contains("perceptron · page 3/") }
        try pane.type("q")
        _ = try pane.waitForExit()
        lines = try pane.screen().split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("Continuing with 1. The perceptron, page 3 of") }, lines.joined(separator: "\n"))
    }
}
