import Foundation
import XCTest

/// The pass explorer on a real terminal (tmux), and `trace` in plain mode.
final class TraceTests: XCTestCase {
    /// A 2-2-1 sigmoid net with weights set by hand, x = [1, 2], y = 1 (the numbers of
    /// `PassWalkTests`).
    private let setup = "data xor n=20 seed=1; net 2-2-1 act=sigmoid; opt sgd lr=0.1; " +
        "set w1[0,0]=0.5 w1[0,1]=-1 w1[1,0]=0.25 w1[1,1]=0.75 b1[0]=0.1 b1[1]=-0.2 w2[0,0]=1 w2[0,1]=-0.5 b2[0]=0.3; set x=[1,2] y=1"

    /// After a view and `quit`, what follows nnlab (here the pane's exit line, as a shell's prompt)
    /// starts on a fresh line below nnlab's last one: ending curses a second time at exit sent
    /// the cursor back to where the view had started, over the view's summary line.
    func testTheTerminalIsCleanAfterAViewAndQuit() throws {
        _ = try TmuxPane.requireTmux()
        let home = try makeTemporaryFolder("nnlab-e2e-trace-quit")
        defer { try? FileManager.default.removeItem(at: home) }
        let pane = try TmuxPane(binary: try NNLabBinary.require(),
                                environment: ["NNLAB_HOME": home.path, "TERM": "xterm-256color", "LANG": "C.UTF-8"],
                                width: 80, height: 24)
        try pane.waitForPrompt()
        try pane.type("data xor n=20 seed=1; net 2-2-1 seed=1; trace")
        try pane.press("Enter")
        _ = try pane.waitFor("the pass explorer") { $0.contains("nnlab · trace") }
        try pane.press("q")
        _ = try pane.waitFor("the summary line") { $0.contains("trace: 2-2:tanh-1:sigmoid") }
        try pane.quitAndAssertSaneTerminal()
        let lines = try pane.screen().split(separator: "\n").map(String.init)
        let summary = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("trace: 2-2:tanh-1:sigmoid") }, lines.joined(separator: "\n"))
        XCTAssertEqual(lines[summary + 1], "nnlab> quit", lines.joined(separator: "\n"))
        XCTAssertTrue(lines[summary + 2].hasPrefix("[nnlab exited 0]"), lines.joined(separator: "\n"))
    }

    func testWalkAForwardBackwardAndUpdateAndReturn() throws {
        _ = try TmuxPane.requireTmux()
        let home = try makeTemporaryFolder("nnlab-e2e-trace")
        defer { try? FileManager.default.removeItem(at: home) }
        let pane = try TmuxPane(binary: try NNLabBinary.require(),
                                environment: ["NNLAB_HOME": home.path, "TERM": "xterm-256color", "LANG": "C.UTF-8"],
                                width: 100, height: 30)
        try pane.waitForPrompt()
        try pane.type(setup + "; trace")
        try pane.press("Enter")
        _ = try pane.waitFor("the explorer on its first input") { text in
            text.contains("nnlab · trace") && text.contains("INPUT 1/36") && text.contains("x₁ = 1") && text.contains("network")
        }

        // Forward: both terms of z¹₁, then the bias.
        try pane.press("Right", "Right", "Right", "Right")
        // Waits name the text they expect: a capture may land between two halves of a frame.
        _ = try pane.waitFor("z¹₁ with its numbers") { $0.contains("FORWARD 5/36") && $0.contains("z¹₁ = 0.5·1 + (-1)·2 + 0.1 = -1.4") }
        try pane.press("Right")
        _ = try pane.waitFor("the activation of unit 1") { $0.contains("a¹₁ = sigmoid(z¹₁) = sigmoid(-1.4) = 0.1978") }
        // Enter: to the output layer, then through it to the loss.
        try pane.press("Enter")
        _ = try pane.waitFor("layer 2") { $0.contains("FORWARD 11/36") && $0.contains("layer 2 · unit 1") }
        try pane.press("Enter")
        _ = try pane.waitFor("the loss") { $0.contains("LOSS 15/36") && $0.contains("loss bce = 0.6514") }

        // Backward, step by step.
        try pane.press("Right")
        _ = try pane.waitFor("δ of the output") { $0.contains("BACKWARD 16/36") && $0.contains("δ²₁ = 0.5213 − 1 = -0.4787") }
        try pane.press("Right")
        _ = try pane.waitFor("∂L/∂w²₁₁") { $0.contains("∂L/∂w²₁₁ = (-0.4787)·0.1978 = -0.09469") }
        try pane.type("g")
        _ = try pane.waitFor("the gradient check") { $0.contains("gradcheck w²₁₁") && $0.contains("they agree") }
        try pane.press("Enter")
        _ = try pane.waitFor("layer 1's backward pass") { text in
            text.contains("BACKWARD 20/36") && text.contains("δ¹₁ = ∂L/∂a¹₁·σ′ = (-0.4787)·0.1587 = -0.07596")
        }

        // The update.
        try pane.type("u")
        _ = try pane.waitFor("the first update") { text in
            text.contains("UPDATE 28/36") && text.contains("w¹₁₁ ← w − lr·g = 0.5 − 0.1·(-0.07596) = 0.5076")
        }
        for _ in 0..<8 { try pane.press("Right") }
        _ = try pane.waitFor("the last update") { $0.contains("UPDATE 36/36") && $0.contains("0.3479") }

        try pane.type("q")
        let back = try pane.waitFor("the prompt and a summary") { text in
            text.contains("trace: 2-2:sigmoid-1:sigmoid, x set by hand, y set by hand, loss bce 0.6514")
                && text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("nnlab>")
        }
        XCTAssertFalse(back.contains("INPUT 1/36"), "the view's screen is gone from the scrollback")
        try pane.quitAndAssertSaneTerminal()
    }

    func testPlainModePrintsTheWholeWalk() throws {
        let result = try NNLabBinary.run(["run", "-"], input: setup.replacingOccurrences(of: "; ", with: "\n") + "\ntrace\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdoutBytes.contains(0x1B), "plain mode writes no escape bytes")
        let out = result.stdout
        for expected in ["trace: 2-2:sigmoid-1:sigmoid, x set by hand, y set by hand, loss bce 0.6514",
                         "== forward: z = W·a + b, a = σ(z) ==", "z¹₁ = 0.5·1 + (-1)·2 + 0.1 = -1.4",
                         "== loss ==", "loss bce = 0.6514",
                         "== backward: δ = ∂L/∂z, ∂L/∂W = δ·aᵀ, ∂L/∂b = δ ==", "δ²₁ = 0.5213 − 1 = -0.4787",
                         "== update: sgd lr=0.1, step 1 (shown, not applied) ==", "b²₁ ← b − lr·g = 0.3 − 0.1·(-0.4787) = 0.3479"] {
            XCTAssertTrue(out.contains(expected), "missing: \(expected)\n\(out)")
        }
    }
}
