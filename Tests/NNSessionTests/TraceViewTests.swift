import Foundation
import NNRender
import NNSession
import XCTest

/// The pass explorer's logic: keys in, step index and screen out, no terminal.
final class TraceViewTests: XCTestCase {
    /// A 2-2-1 sigmoid net with the hand-set weights of `PassWalkTests`, x = [1, 2], y = 1.
    func makeView(width: Int = 100, height: Int = 30) throws -> (TraceView, Session) {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                              width: width, colorMode: .none))
        _ = try session.output(of: "data xor n=20 seed=1; net 2-2-1 act=sigmoid; opt sgd lr=0.1")
        _ = try session.output(of: "set w1[0,0]=0.5 w1[0,1]=-1 w1[1,0]=0.25 w1[1,1]=0.75 b1[0]=0.1 b1[1]=-0.2 w2[0,0]=1 w2[0,1]=-0.5 b2[0]=0.3")
        _ = try session.output(of: "set x=[1, 2] y=1")
        return (try TraceView(session: session, sample: 0, width: width, height: height), session)
    }

    func screen(_ view: TraceView, width: Int = 100, height: Int = 30) -> String {
        var buffer = Buffer(width: width, height: height)
        view.render(into: &buffer)
        return BufferPrinter(colorMode: .none).plainLines(buffer).joined(separator: "\n")
    }

    func press(_ view: TraceView, _ keys: ViewKey...) {
        for key in keys { _ = view.update(.key(key)) }
    }

    func testArrowsEnterAndJumpsMoveThroughTheWalk() throws {
        let (view, _) = try makeView()
        XCTAssertEqual(view.index, 0)
        XCTAssertTrue(screen(view).contains("INPUT 1/36"), screen(view))
        press(view, .left)
        XCTAssertEqual(view.index, 0, "no step before the first")
        press(view, .right, .right, .right, .right)
        XCTAssertEqual(view.index, 4)
        XCTAssertEqual(view.step.title, "layer 1 · unit 1 · add the bias")
        let text = screen(view)
        XCTAssertTrue(text.contains("z¹₁ = 0.5·1 + (-1)·2 + 0.1 = -1.4"), text)
        XCTAssertTrue(text.contains("layer 1 so far"), text)
        press(view, .enter)
        XCTAssertEqual(view.step.layer, 1, "Enter goes to the next layer")
        XCTAssertEqual(view.index, 10)
        press(view, .character("b"))
        XCTAssertEqual(view.step.phase, .backward)
        XCTAssertTrue(screen(view).contains("δ²₁ = 0.5213 − 1 = -0.4787"), screen(view))
        press(view, .character("u"))
        XCTAssertEqual(view.step.phase, .update)
        XCTAssertTrue(screen(view).contains("w¹₁₁ ← w − lr·g = 0.5 − 0.1·(-0.07596) = 0.5076"), screen(view))
        press(view, .end, .right)
        XCTAssertEqual(view.index, 35, "no step after the last")
        press(view, .character("f"))
        XCTAssertEqual(view.index, 0)
    }

    func testEditingAWeightRecomputesDownstreamAndChangesTheSession() throws {
        let (view, session) = try makeView()
        press(view, .right, .right, .right)   // term 2 of unit 1: w¹₁₂·x₂
        XCTAssertEqual(view.step.target, .weight(layer: 0, row: 0, column: 1))
        let before = view.walk.layers[1].activation[0]
        press(view, .character("e"))
        XCTAssertEqual(view.editText, "-1")
        XCTAssertTrue(view.editTextSelected, "the field opens selected, as in a form")
        XCTAssertTrue(screen(view).contains("edit w¹₁₂ = -1"), screen(view))
        press(view, .character("2"), .enter)
        XCTAssertNil(view.editText)
        // z¹₁ = 0.5·1 + 2·2 + 0.1 = 4.6
        XCTAssertEqual(view.walk.layers[0].z[0], 4.6, accuracy: 1e-12)
        XCTAssertNotEqual(view.walk.layers[1].activation[0], before, "the output is recomputed")
        XCTAssertEqual(session.trainer?.network.layers[0].weights[0, 1], 2, "the session's net changed too")
        XCTAssertTrue(view.message?.contains("the session's net changed too") ?? false, view.message ?? "")
        XCTAssertEqual(view.index, 3, "the walk stays where it was")

        // A bad number is refused and changes nothing; Escape cancels.
        press(view, .character("e"), .character("."), .character("."), .enter)
        XCTAssertTrue(view.message?.hasPrefix("error:") ?? false, view.message ?? "")
        XCTAssertEqual(view.walk.layers[0].z[0], 4.6, accuracy: 1e-12)
        press(view, .character("e"), .character("7"), .escape)
        XCTAssertEqual(session.trainer?.network.layers[0].weights[0, 1], 2)

        // The target at the loss step; the input at an input step.
        press(view, .character("b"), .left)
        XCTAssertEqual(view.step.phase, .loss)
        press(view, .character("e"), .backspace, .character("0"), .enter)
        XCTAssertEqual(view.walk.target, [0])
        XCTAssertEqual(session.inspection.target, 0)
        press(view, .character("f"), .right)
        press(view, .character("e"), .backspace, .character("3"), .enter)
        XCTAssertEqual(view.walk.inputs, [1, 3])
        // z¹₁ = 0.5·1 + 2·3 + 0.1 = 6.6
        XCTAssertEqual(view.walk.layers[0].z[0], 6.6, accuracy: 1e-12)
    }

    /// Typing into the selected field replaces the value (a weight showing 1 typed 2 becomes 2,
    /// not 12); after an arrow the text is kept and typing appends; Esc cancels.
    func testTypingReplacesTheSelectedValue() throws {
        let (view, session) = try makeView()
        press(view, .right, .right)
        XCTAssertEqual(view.step.target, .weight(layer: 0, row: 0, column: 0))
        press(view, .character("e"))
        XCTAssertEqual(view.editText, "0.5")
        press(view, .character("2"))
        XCTAssertEqual(view.editText, "2")
        XCTAssertFalse(view.editTextSelected)
        press(view, .character("5"))
        XCTAssertEqual(view.editText, "25")
        press(view, .escape)
        XCTAssertEqual(session.trainer?.network.layers[0].weights[0, 0], 0.5, "Esc changes nothing")
        press(view, .character("e"), .right, .character("1"))
        XCTAssertEqual(view.editText, "0.51", "after an arrow, typing appends")
        press(view, .enter)
        XCTAssertEqual(session.trainer?.network.layers[0].weights[0, 0], 0.51)
    }

    func testGradientCheckLineShowsBothGradients() throws {
        let (view, _) = try makeView()
        press(view, .character("b"), .right)   // ∂L/∂w²₁₁
        XCTAssertEqual(view.step.target, .weight(layer: 1, row: 0, column: 0))
        press(view, .character("g"))
        let check = try XCTUnwrap(view.gradientCheck)
        XCTAssertEqual(check.analytic, -0.09468925848708486, accuracy: 1e-12)
        XCTAssertEqual(check.numeric, -0.09468925848708486, accuracy: 1e-8)
        let text = screen(view)
        XCTAssertTrue(text.contains("gradcheck ∂L/∂w²₁₁:"), text)
        XCTAssertTrue(text.contains("backprop: -0.09468925849"), text)
        XCTAssertTrue(text.contains("they agree"), text)
        press(view, .left)   // δ: nothing to check
        press(view, .character("g"))
        XCTAssertTrue(view.message?.hasPrefix("g checks a weight or a bias") ?? false)
    }

    func testPromptCommandsRebuildTheWalkAndClosingLeavesASummary() throws {
        let (view, session) = try makeView()
        XCTAssertEqual(view.update(.key(.character(":"))), .openPrompt)
        XCTAssertTrue(view.runCommand("update").contains("b2"), "update applies one step")
        XCTAssertEqual(view.walk.layers[0].weights[0][0], 0.5075958197577899, accuracy: 1e-12, "the walk follows the updated net")
        XCTAssertLessThan(view.walk.loss, 0.6513780565282435, "one step lowers the loss")
        XCTAssertTrue(view.runCommand("trian").hasPrefix("error: unknown command"))
        XCTAssertEqual(view.update(.key(.character("q"))), .close)
        guard case .text(let summary) = view.closingOutput().first else { return XCTFail("no summary") }
        XCTAssertTrue(summary.hasPrefix("trace: 2-2:sigmoid-1:sigmoid, x set by hand, y set by hand, loss bce "), summary)
        XCTAssertNotNil(session.trainer)
    }

    func testTinyTerminalAndHelp() throws {
        let (view, _) = try makeView()
        _ = view.update(.resize(width: 50, height: 15))
        XCTAssertEqual(screen(view, width: 50, height: 15).trimmingCharacters(in: .whitespacesAndNewlines),
                       "terminal too small (needs 60×20)")
        _ = view.update(.resize(width: 80, height: 24))
        let small = screen(view, width: 80, height: 24)
        XCTAssertTrue(small.contains("nnlab · trace"), small)
        XCTAssertTrue(small.contains("q back"), small)
        press(view, .character("?"))
        XCTAssertTrue(screen(view, width: 80, height: 24).contains("gradcheck the selected weight"))
        press(view, .character("x"))
        XCTAssertFalse(view.showsHelp)
    }

    func testBigNetworkScrollsTheDiagramToTheCurrentNode() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                              colorMode: .none))
        _ = try session.output(of: "data spiral n=90 classes=3 seed=1; net 2-32-32-3 act=relu")
        let view = try TraceView(session: session, sample: 0, width: 80, height: 24)
        // Walk to the activation of hidden unit 30 of layer 1: 2 inputs, then 4 steps per unit.
        for _ in 0..<(2 + 29 * 4 + 3) { press(view, .right) }
        XCTAssertEqual(view.step.title, "layer 1 · unit 30 · activation")
        let text = screen(view, width: 80, height: 24)
        XCTAssertTrue(text.contains("◉"), "the current node is on screen:\n\(text)")
        XCTAssertTrue(text.contains("more"), "the rest is elided:\n\(text)")
    }
}
