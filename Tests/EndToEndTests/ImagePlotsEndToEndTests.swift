import Foundation
import XCTest

/// Image plots through the real binary: `data show`, `plot images`, `plot filters` and
/// `plot maps` in plain mode, and the live dashboard's maps and filters on a terminal.
final class ImagePlotsEndToEndTests: XCTestCase {
    private var digits: String { NNLabBinary.packageRoot.appendingPathComponent("datasets/digits.csv").path }

    private let convNet = "net input 1x8x8; layer conv 4 size=3 pad=1 act=relu; layer maxpool; layer dense 10 act=softmax"

    func testPlainModeDrawsImagesFiltersAndMapsInEightyColumns() throws {
        let script = """
            data load \(digits) shape=1x8x8
            data show
            plot images n=5 start=10
            \(convNet)
            train epochs=1 batch=64
            plot filters
            plot maps sample=2 layer=2
            plot filters layer=2
            """
        let result = try NNLabBinary.run(["run", "-"], input: script + "\n")
        XCTAssertEqual(result.status, 1, "the last line fails: \(result.stdout)")
        XCTAssertTrue(result.stderr.contains("layer 2 is maxpool 2×2, which has no filters; conv layers: 1 (line 8)"), result.stderr)
        XCTAssertFalse(result.stdoutBytes.contains(0x1B), "plain mode writes no escape bytes")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 }, result.stdout)
        XCTAssertFalse(result.stdout.contains("▀"), "no half blocks without color")
        for expected in ["training samples 10–14 of ", "pixel  ' ' 0  . 1.6  : 3.2", "#14",
                         "layer 1: conv 4 3×3 pad 1 relu · 4 filters of 3×3", "weight  = -",
                         "sample 2 (class ", "· layer 2: maxpool 2×2 · 4 maps of 4×4", "activation  ' '"] {
            XCTAssertTrue(result.stdout.contains(expected), "\(expected) in\n\(result.stdout)")
        }
        // A drawn digit: rows of ramp characters (the densest ink is `@`).
        XCTAssertTrue(lines.contains { $0.contains("@@") }, result.stdout)
    }

    /// The live dashboard on a tiny conv net at 80×24: maps and filters panels beside the loss.
    func testLiveDashboardShowsMapsAndFilters() throws {
        _ = try TmuxPane.requireTmux()
        let home = try makeTemporaryFolder("nnlab-e2e-images")
        defer { try? FileManager.default.removeItem(at: home) }
        let pane = try TmuxPane(binary: try NNLabBinary.require(),
                                environment: ["NNLAB_HOME": home.path, "TERM": "xterm-256color", "LANG": "C.UTF-8"],
                                width: 80, height: 24)
        try pane.waitForPrompt()
        try pane.type("data load \(digits) shape=1x8x8; \(convNet); train epochs=3 batch=64 live speed=20")
        try pane.press("Enter")
        let running = try pane.waitFor("the dashboard with maps, filters and the loss") { text in
            text.contains("sample 0 · maps after layer 1") && text.contains("filters · layer 1") && text.contains("┌ loss")
        }
        XCTAssertTrue(running.contains("1×8×8 conv-maxpool-flatten"), running)
        XCTAssertTrue(running.contains("activation"), running)
        // The capture holds the scrollback too (the typed line joined): the panels' rows fit.
        XCTAssertTrue(running.split(separator: "\n").filter { $0.contains("│") }.allSatisfy { $0.count <= 80 }, running)
        try pane.type(" ")
        _ = try pane.waitFor("PAUSED") { $0.contains("PAUSED") }
        try pane.type(":")
        try pane.type("set sample=7")
        try pane.press("Enter")
        _ = try pane.waitFor("another sample's maps") { $0.contains("sample 7 · maps after layer 1") }
        try pane.type("q")
        _ = try pane.waitFor("the prompt and a summary") { text in
            text.contains("dashboard: stopped by you") && text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("nnlab>")
        }
        try pane.quitAndAssertSaneTerminal()
    }
}
