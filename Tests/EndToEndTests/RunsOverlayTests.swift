import Foundation
import XCTest

/// `plot loss runs=` in the hub on a real 80×24 terminal: the runs' curves overlaid, a caption
/// and legend naming what differs, and each line told apart without color.
final class RunsOverlayTests: XCTestCase {
    private var home: URL!

    override func setUpWithError() throws {
        _ = try TmuxPane.requireTmux()
        home = try makeTemporaryFolder("nnlab-e2e-runs")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    private func startHub(noColor: Bool) throws -> TmuxPane {
        var environment = ["NNLAB_HOME": home.path, "TERM": "xterm-256color", "LANG": "C.UTF-8"]
        if noColor { environment["NO_COLOR"] = "1" }
        let pane = try TmuxPane(binary: try NNLabBinary.require(), environment: environment, unset: noColor ? [] : ["NO_COLOR"],
                                width: 80, height: 24)
        try pane.waitForPrompt()
        return pane
    }

    /// Whether the screen's last line is the empty prompt (the command's output is all there).
    private func endsAtPrompt(_ screen: String) -> Bool {
        screen.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces) == "nnlab>"
    }

    private func trainTwoRuns(_ pane: TmuxPane) throws {
        try pane.type("data moons n=80 seed=1; net 2-8-1 act=tanh seed=1; opt sgd lr=0.1; train epochs=40")
        try pane.press("Enter")
        try pane.waitForPrompt()
        try pane.type("net 2-8-1 act=tanh seed=1; opt sgd lr=0.01; train epochs=40")
        try pane.press("Enter")
        try pane.waitForPrompt()
    }

    func testOverlaidLossCurvesWithoutColor() throws {
        let pane = try startHub(noColor: true)
        try trainTwoRuns(pane)
        try pane.type("plot loss runs=1,2 height=14")
        try pane.press("Enter")
        let screen = try pane.waitFor("the overlaid plot") { $0.contains("test loss of runs 1, 2: lr 0.1 vs 0.01") && self.endsAtPrompt($0) }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let caption = try XCTUnwrap(lines.firstIndex(of: "test loss of runs 1, 2: lr 0.1 vs 0.01"), screen)
        XCTAssertTrue(lines[caption + 1].hasSuffix("** 1 lr 0.1  ++ 2 lr 0.01"), screen)
        let plot = lines[(caption + 2)...].prefix(12)
        XCTAssertTrue(plot.contains { $0.contains("*") } && plot.contains { $0.contains("+ ") || $0.hasSuffix("+") }, screen)
        // Each line ends in its run's number at the right edge of the plot.
        XCTAssertTrue(plot.contains { $0.hasSuffix("1") }, screen)
        XCTAssertTrue(plot.contains { $0.hasSuffix("2") }, screen)
        XCTAssertTrue(lines[caption...].allSatisfy { $0.count <= 80 }, "the plot's lines fit 80 columns")
        try pane.type("runs")
        try pane.press("Enter")
        let table = try pane.waitFor("the runs table") { $0.contains("compare their loss curves with `plot loss runs=1,2`") }
        XCTAssertTrue(table.contains(" 2   lr 0.01  "), table)
        try pane.quitAndAssertSaneTerminal()
    }

    func testOverlaidLossCurvesInBraille() throws {
        let pane = try startHub(noColor: false)
        try trainTwoRuns(pane)
        try pane.type("plot loss runs=-1,-2 split=train height=14")
        try pane.press("Enter")
        let screen = try pane.waitFor("the overlaid plot") { $0.contains("train loss of runs 2, 1: lr 0.01 vs 0.1") && self.endsAtPrompt($0) }
        XCTAssertTrue(screen.contains("━━ 2 lr 0.01  ╍╍ 1 lr 0.1"), screen)
        XCTAssertTrue(screen.unicodeScalars.contains { $0.value >= 0x2801 && $0.value <= 0x28FF }, "braille lines")
        try pane.quitAndAssertSaneTerminal()
    }
}
