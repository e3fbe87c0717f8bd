import Foundation
import XCTest

/// `forward`, `backward` and `trace` on a conv net over digits as images, through the real
/// binary: plain mode through pipes, and the pass explorer in tmux at 80 × 24.
final class StackInspectionEndToEndTests: XCTestCase {
    private var digits: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("datasets/digits.csv").path
    }

    private var setup: String {
        "data load \(digits) shape=1x8x8\nnet input 1x8x8 seed=1\nlayer conv 4 size=3 pad=1 act=relu\nlayer maxpool\n" +
            "layer dense 10 act=softmax\n"
    }

    func testPlainForwardBackwardAndTrace() throws {
        let home = try makeTemporaryFolder("nnlab-e2e-stack-plain")
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try NNLabBinary.run([], input: setup + "forward sample=2\nbackward\ntrace\n", environment: ["NNLAB_HOME": home.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdoutBytes.contains(0x1B))
        let out = result.stdout
        for expected in ["input 1×8×8:", "layer 1: conv 4 3×3 pad 1 relu → 4×8×8", "filter 1 a", "layer 2: maxpool 2×2 → 4×4×4",
                         "predicted class", "filter 1 δ", "∂L/∂W filter 1", "trace: 1×8×8 conv-maxpool-flatten-dense",
                         "layer 1 · conv filter 1/4 · (1,1)", "more steps like these"] {
            XCTAssertTrue(out.contains(expected), "\(expected) in\n\(out)")
        }
        XCTAssertFalse(out.contains("built layer by layer, which it does not show yet"), out)
        for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
    }

    func testTraceStepsThroughAConvolutionAt80x24() throws {
        _ = try TmuxPane.requireTmux()
        let home = try makeTemporaryFolder("nnlab-e2e-stack-trace")
        defer { try? FileManager.default.removeItem(at: home) }
        let pane = try TmuxPane(binary: try NNLabBinary.require(),
                                environment: ["NNLAB_HOME": home.path, "TERM": "xterm-256color", "LANG": "C.UTF-8"],
                                width: 80, height: 24)
        try pane.waitForPrompt()
        try pane.type(setup.replacingOccurrences(of: "\n", with: "; ") + "trace sample=0")
        try pane.press("Enter")
        _ = try pane.waitFor("the explorer on the input") { $0.contains("nnlab · trace") && $0.contains("input channel 1") }
        try pane.press("Right", "Right")
        let screen = try pane.waitFor("the second conv position") { $0.contains("conv filter 1/4 · (1,2)") && $0.contains("z[1](1,2) =") }
        XCTAssertTrue(screen.contains("a = relu("), screen)
        XCTAssertTrue(screen.contains("filter 1: a"), screen)
        try pane.press("Enter", "Enter", "Enter", "Enter")
        _ = try pane.waitFor("max pooling") { $0.contains("maxpool ch 1/4 · (1,1)") && $0.contains("wins") }
        try pane.press("b")
        _ = try pane.waitFor("the backward pass") { $0.contains("BACKWARD") && $0.contains("δ") }
        try pane.press("q")
        _ = try pane.waitFor("the summary line") { $0.contains("trace: 1×8×8 conv-maxpool-flatten-dense") }
        try pane.quitAndAssertSaneTerminal()
    }
}
