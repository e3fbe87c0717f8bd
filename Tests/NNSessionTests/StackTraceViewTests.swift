import Foundation
import NNRender
import NNSession
import XCTest

/// The pass explorer on a network built layer by layer: a convolution one output position at
/// a time with its receptive field marked, pooling with its winner, the dense tail, the loss,
/// the backward pass and the update, on 80 × 24.
final class StackTraceViewTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-stack-trace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func makeView() throws -> (TraceView, Session) {
        let session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path,
                                                              width: 80, colorMode: .none))
        for line in try HandSetConvNet.lines(in: folder) { _ = try session.output(of: line) }
        return (try TraceView(session: session, sample: 0, width: 80, height: 24), session)
    }

    func screen(_ view: TraceView) -> String {
        var buffer = Buffer(width: 80, height: 24)
        view.render(into: &buffer)
        return BufferPrinter(colorMode: .none).plainLines(buffer).joined(separator: "\n")
    }

    func press(_ view: TraceView, _ keys: ViewKey...) {
        for key in keys { _ = view.update(.key(key)) }
    }

    /// input 1, conv 9 positions, maxpool 4 windows, flatten 1, dense 2, loss 1, backward
    /// dense 2 + flatten + maxpool + conv, update w1 b1 w4 b4.
    func testTheWalkHasAStepPerPositionWindowAndUnit() throws {
        let (view, _) = try makeView()
        let steps = view.walk.steps
        XCTAssertEqual(steps.count, 1 + 9 + 4 + 1 + 2 + 1 + 2 + 1 + 1 + 1 + 4)
        XCTAssertEqual(steps.filter { $0.phase == .forward && $0.layer == 0 }.count, 9)
        XCTAssertEqual(steps.filter { $0.phase == .update }.map(\.title),
                       ["update layer 1 · w1", "update layer 1 · b1", "update layer 4 · w4", "update layer 4 · b4"])
    }

    /// Each conv step marks its receptive field, writes the sum term by term with the engine's
    /// z at the end, then the activation; the output map fills in position by position.
    func testConvolutionStepsOnePositionAtATime() throws {
        let (view, _) = try makeView()
        press(view, .right)
        XCTAssertEqual(view.step.title, "layer 1 · conv filter 1/1 · (1,1)")
        XCTAssertEqual(view.step.picture[0].marked, [0, 1, 4, 5])
        XCTAssertEqual(view.step.picture[1].current, 0)
        // z(1,1) = 0.5·1 + (−1)·2 + 0.25·0 + 1·1 + 0.1 = −0.4, relu → 0.
        XCTAssertEqual(view.step.lines[1], "= 0.5·1 + (-1)·2 + 0.25·0 + 1·1 + 0.1")
        XCTAssertEqual(view.step.lines[2], "z[1](1,1) = -0.4")
        XCTAssertEqual(view.step.lines[3], "a = relu(-0.4) = 0")
        let text = screen(view)
        XCTAssertTrue(text.contains("FORWARD 2/27"), text)
        XCTAssertTrue(text.contains("z[1](1,1) = -0.4"), text)
        XCTAssertTrue(text.contains("1.0 2.0 0.0 1.0"), text)
        // Position 5 is the middle: rows 2–3, columns 2–3; earlier positions are shown, later not.
        press(view, .right, .right, .right, .right)
        XCTAssertEqual(view.step.picture[0].marked, [5, 6, 9, 10])
        let map = view.step.picture[1].values
        XCTAssertFalse(map[4].isNaN)
        XCTAssertTrue(map[5].isNaN)
        // z(2,2) = 0.5·1 + (−1)·3 + 0.25·0 + 1·1 + 0.1 = −1.4.
        XCTAssertEqual(view.step.lines[2], "z[1](2,2) = -1.4")
        // The marked cells draw reversed.
        var buffer = Buffer(width: 80, height: 24)
        view.render(into: &buffer)
        // The four marked input cells ("1.0", "3.0", "0.0", "1.0") draw reversed in cyan; the
        // current output cell in yellow.
        let marked = (0..<24).flatMap { y in (0..<80).filter { x in buffer[x, y].style.reverse && buffer[x, y].style.fg == .cyan } }
        XCTAssertEqual(marked.count, 4 * 3)
        let current = (0..<24).flatMap { y in (0..<80).filter { x in buffer[x, y].style.reverse && buffer[x, y].style.fg == .yellow } }
        XCTAssertEqual(current.count, 3, "the current output cell: z = -1.4, relu gives 0.0")
    }

    /// Enter jumps to the next layer (past the filter); max pooling names the winning input.
    func testPoolingNamesTheWinnerAndEnterJumpsByLayer() throws {
        let (view, _) = try makeView()
        press(view, .right, .enter)
        XCTAssertEqual(view.step.title, "layer 2 · maxpool ch 1/1 · (1,1)")
        // The relu map is [[0, 4.35, 0.85], [0, 0, 2.85], [2.35, 0, 1.6]]; the first window
        // holds a(1,1), a(1,2), a(2,1), a(2,2) and 4.35 at row 1, column 2 wins.
        let picture = view.step.picture
        XCTAssertEqual(picture[0].marked, [0, 1, 3, 4])
        XCTAssertEqual(picture[0].current, 1)
        XCTAssertEqual(view.step.lines[1], "max = 4.35: the input at row 1, column 2 wins")
        press(view, .enter, .enter)
        XCTAssertEqual(view.step.title, "layer 4 · dense unit 1/2")
        press(view, .enter)
        XCTAssertEqual(view.step.phase, .loss)
        XCTAssertTrue(screen(view).contains("ce: L = −ln p_y"), screen(view))
        press(view, .character("b"))
        XCTAssertEqual(view.step.title, "layer 4 · dense unit 1/2 · δ")
        XCTAssertTrue(view.step.lines[0].contains("a − y"), view.step.lines[0])
        press(view, .character("u"))
        XCTAssertEqual(view.step.phase, .update)
        XCTAssertTrue(screen(view).contains("w1[0,0,0,0]"), screen(view))
    }

    /// Every screen of the walk fits 80 × 24 and draws without trapping; help and the loss edit
    /// still work.
    func testEveryStepRendersAt80x24() throws {
        let (view, _) = try makeView()
        for _ in 0..<view.walk.steps.count {
            let text = screen(view)
            XCTAssertTrue(text.contains("nnlab · trace · 1×4×4 conv-maxpool-flatten-dense"), text)
            press(view, .right)
        }
        press(view, .character("?"))
        XCTAssertTrue(screen(view).contains("the next layer (or filter, or phase)"))
    }

    /// On digits as images with two conv layers, steps are grouped by filter and the plain
    /// transcript prints a few of each kind and counts the rest.
    func testDigitsConvNetWalkAndTranscript() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path,
                                                              width: 80, colorMode: .none))
        _ = try session.output(of: "data load \(TestPaths.datasets)/digits.csv shape=1x8x8")
        for line in ["net input 1x8x8", "layer conv 4 size=3 pad=1 act=relu", "layer maxpool",
                     "layer conv 4 size=3 act=relu", "layer dense 10 act=softmax"] {
            _ = try session.output(of: line)
        }
        let view = try TraceView(session: session, sample: 0, width: 80, height: 24)
        press(view, .right)
        XCTAssertTrue(view.step.lines[2].hasPrefix("(5 window cells on the zero padding"), view.step.lines.joined(separator: "\n"))
        press(view, .enter)
        XCTAssertEqual(view.step.title, "layer 1 · conv filter 2/4 · (1,1)")
        for _ in 0..<300 {
            _ = screen(view)
            press(view, .right)
        }
        let walk = try session.passWalk()
        // The second conv reads 4 channels: its sum is written per channel, negatives in parentheses.
        let second = try XCTUnwrap(walk.steps.first { $0.title == "layer 3 · conv filter 1/4 · (1,1)" })
        XCTAssertTrue(second.lines[1].hasPrefix("Σ per channel: channel 1: "), second.lines.joined(separator: "\n"))
        XCTAssertFalse(second.lines[2].contains("+ -"), second.lines[2])
        let transcript = walk.transcript()
        XCTAssertTrue(transcript.contains { $0.hasPrefix("… 254 more steps like these") }, transcript.joined(separator: "\n"))
        XCTAssertLessThan(transcript.count, 300)
        XCTAssertTrue(transcript.allSatisfy { $0.count <= 200 })
    }

    /// A big image layer walks its first filters up to 4,096 positions, then one step says the
    /// rest are computed alike (so a 32×32 net does not make tens of thousands of grids).
    func testBigLayersWalkTheirFirstFilters() throws {
        var csv = (0..<1024).map { "p\($0)" }.joined(separator: ",") + ",label\n"
        for r in 0..<4 { csv += (0..<1024).map { "\(($0 * 3 + r) % 7)" }.joined(separator: ",") + ",\(r % 2)\n" }
        let path = folder.appendingPathComponent("big.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path,
                                                              width: 80, colorMode: .none))
        for line in ["data load \(path) shape=1x32x32", "net input 1x32x32", "layer conv 8 size=3 pad=1 act=relu",
                     "layer dense 2 act=softmax"] {
            _ = try session.output(of: line)
        }
        let walk = try session.passWalk()
        let conv = walk.steps.filter { $0.phase == .forward && $0.layer == 0 }
        XCTAssertEqual(conv.count, 4 * 1024 + 1)
        XCTAssertEqual(conv.last?.title, "layer 1 · filters 5–8")
    }
}
