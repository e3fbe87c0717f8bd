import Foundation
import XCTest

/// The training dashboard on a real terminal (tmux): it trains live, pauses, steps, re-lays
/// itself on resize, returns to the prompt with a summary, and always leaves the terminal sane.
final class DashboardTests: XCTestCase {
    private var home: URL!

    override func setUpWithError() throws {
        _ = try TmuxPane.requireTmux()
        home = try makeTemporaryFolder("nnlab-e2e-dashboard")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    private func startHub() throws -> TmuxPane {
        let pane = try TmuxPane(binary: try NNLabBinary.require(),
                                environment: ["NNLAB_HOME": home.path, "TERM": "xterm-256color", "LANG": "C.UTF-8"],
                                width: 100, height: 30)
        try pane.waitForPrompt()
        return pane
    }

    private let setup = "data spiral n=600 classes=3; net 2-16-16-3 act=relu out=softmax; loss ce; opt adam lr=0.01; train epochs=2000 live"

    /// The step count shown on the dashboard's second line.
    private func step(_ screen: String) -> Int? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("step ") }),
              let range = line.range(of: #"step (\d+)"#, options: .regularExpression) else { return nil }
        return Int(line[range].dropFirst(5))
    }

    func testTrainLivePauseStepResizeAndReturn() throws {
        let pane = try startHub()
        try pane.type(setup)
        try pane.press("Enter")
        let running = try pane.waitFor("the dashboard with a loss axis and a boundary") { text in
            text.contains("RUNNING") && text.contains("decision boundary") && text.contains("┌ loss") && text.contains("epoch")
        }
        XCTAssertTrue(running.contains("gradients and health"), running)
        try pane.type(" ")
        let paused = try pane.waitFor("PAUSED") { $0.contains("PAUSED") }
        let before = try XCTUnwrap(step(paused))
        try pane.type("s")
        _ = try pane.waitFor("one more step") { self.step($0) == before + 1 }
        try pane.resize(width: 50, height: 15)
        _ = try pane.waitFor("the too-small note") { $0.contains("terminal too small (needs 60×20)") }
        try pane.resize(width: 120, height: 36)
        let wide = try pane.waitFor("the view re-laid at 120 columns") { text in
            text.contains("PAUSED") && text.split(separator: "\n").contains { $0.count > 100 }
        }
        XCTAssertTrue(wide.contains("decision boundary"))
        try pane.type("q")
        let back = try pane.waitFor("the prompt and a summary") { text in
            text.contains("dashboard: stopped by you") && text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("nnlab>")
        }
        XCTAssertTrue(back.contains("samples/s"), back)
        try pane.quitAndAssertSaneTerminal()
    }

    func testSIGTERMWhileTheDashboardIsUpLeavesASaneTerminal() throws {
        let pane = try startHub()
        try pane.type(setup)
        try pane.press("Enter")
        _ = try pane.waitFor("the dashboard") { $0.contains("RUNNING") || $0.contains("DONE") }
        let shell = try pane.panePID()
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let nnlab = try XCTUnwrap(children.split(separator: " ").compactMap { Int32($0) }.first, "no nnlab under the pane's shell")
        XCTAssertEqual(kill(nnlab, SIGTERM), 0)
        let exit = try pane.waitForExit()
        XCTAssertEqual(exit.status, 128 + Int(SIGTERM))
        XCTAssertTrue(exit.flags.contains("icanon") && exit.flags.contains("echo"), "\(exit.flags.sorted())")
    }
}
