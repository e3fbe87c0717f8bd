import Foundation
import XCTest

/// The playground on a real terminal (tmux, 80×24): the dashboard's control strip echoes its
/// commands into the history, and `data draw` takes clicks as SGR mouse reports and keys,
/// then turns the mouse off again.
final class PlaygroundTests: XCTestCase {
    private var home: URL!

    override func setUpWithError() throws {
        _ = try TmuxPane.requireTmux()
        home = try makeTemporaryFolder("nnlab-e2e-playground")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    private func startHub() throws -> TmuxPane {
        let pane = try TmuxPane(binary: try NNLabBinary.require(),
                                environment: ["NNLAB_HOME": home.path, "TERM": "xterm-256color", "LANG": "C.UTF-8"],
                                width: 80, height: 24)
        try pane.waitForPrompt()
        return pane
    }

    func testControlStripChangesTrainingAndEchoesCommands() throws {
        let pane = try startHub()
        try pane.type("data spiral; net 2-8-8-1 act=tanh; opt adam lr=0.01; train epochs=300 live speed=20")
        try pane.press("Enter")
        _ = try pane.waitFor("the dashboard") { $0.contains("RUNNING") && $0.contains("c controls") }
        try pane.type("c")
        let strip = try pane.waitFor("the control strip") { $0.contains("learning rate") && $0.contains("‹ 0.01 ›") }
        XCTAssertTrue(strip.contains("hidden layers"), strip)
        XCTAssertTrue(strip.split(separator: "\n").allSatisfy { $0.count <= 80 })
        try pane.press("Right")
        _ = try pane.waitFor("the new learning rate and its command") { $0.contains("‹ 0.03 ›") && $0.contains("opt adam lr=0.03") }
        try pane.press("Up")
        try pane.press("Right")
        let rebuilt = try pane.waitFor("the new activation") { $0.contains("‹ sigmoid ›") && $0.contains("net 2-8-8-1 act=sigmoid") }
        XCTAssertTrue(rebuilt.contains("RUNNING"), "training goes on after a restart from the seed: \(rebuilt)")
        try pane.type("q")
        try pane.waitForPrompt()
        try pane.type("history")
        try pane.press("Enter")
        let history = try pane.waitFor("the history") { $0.contains("net 2-8-8-1 act=sigmoid") && $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("nnlab>") }
        XCTAssertTrue(history.contains("opt adam lr=0.03"), history)
        // The saved history replays the live run, changes on the fly and all, to the same weights.
        let model = home.appendingPathComponent("live.json").path, script = home.appendingPathComponent("live.nnlab").path
        try pane.type("save \(model); history save \(script)")
        try pane.press("Enter")
        _ = try pane.waitFor("the saved history") { $0.contains("replay with: nnlab run") }
        let replayed = home.appendingPathComponent("replayed.json").path
        let replay = try NNLabBinary.run(["run", "-"], input: try String(contentsOfFile: script, encoding: .utf8) + "\nsave \(replayed)\n",
                                         environment: ["NNLAB_HOME": home.path])
        XCTAssertEqual(replay.status, 0, replay.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: model)), try Data(contentsOf: URL(fileURLWithPath: replayed)))
        try pane.quitAndAssertSaneTerminal()
    }

    func testDrawWithTheMouseAndKeysThenUseTheData() throws {
        let pane = try startHub()
        try pane.type("data draw")
        try pane.press("Enter")
        _ = try pane.waitFor("the canvas") { $0.contains("data draw · 0 points") && $0.contains("DRAWING") }
        XCTAssertEqual(try pane.format("#{mouse_sgr_flag}"), "1", "SGR mouse reporting is on")
        // Left clicks (press and release) add points of class 1, then of class 2.
        for (x, y) in [(5, 4), (8, 8), (12, 12), (6, 16)] {
            try pane.type("\u{1B}[<0;\(x);\(y)M\u{1B}[<0;\(x);\(y)m")
        }
        _ = try pane.waitFor("four points") { $0.contains("data draw · 4 points") }
        try pane.type("2")
        for (x, y) in [(40, 4), (44, 8), (46, 12), (42, 16)] {
            try pane.type("\u{1B}[<0;\(x);\(y)M")
        }
        _ = try pane.waitFor("eight points") { $0.contains("data draw · 8 points") && $0.contains("class 1  4") }
        // A right click removes the nearest point; keys add one at the cursor.
        try pane.type("\u{1B}[<2;42;16M")
        _ = try pane.waitFor("seven points") { $0.contains("data draw · 7 points") }
        try pane.press("Right")
        try pane.press("Right")
        try pane.type(" ")
        let drawn = try pane.waitFor("eight points again") { $0.contains("data draw · 8 points") }
        XCTAssertTrue(drawn.split(separator: "\n").allSatisfy { $0.count <= 80 }, drawn)
        try pane.type("t")
        _ = try pane.waitFor("training on the drawing") { $0.contains("TRAINING") && $0.contains("train acc") }
        try pane.press("Enter")
        let back = try pane.waitFor("the prompt and a summary") { $0.contains("data draw: 8 points") && $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("nnlab>") }
        XCTAssertTrue(back.contains("ran: data load"), back)
        XCTAssertEqual(try pane.format("#{mouse_sgr_flag}"), "0", "mouse reporting is off again")
        try pane.type("history")
        try pane.press("Enter")
        let history = try pane.waitFor("the history") { $0.contains("label=class task=classification normalize=off") && $0.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("nnlab>") }
        XCTAssertTrue(history.contains("net 2-8-8-1 act=tanh"), history)
        try pane.quitAndAssertSaneTerminal()
    }
}
