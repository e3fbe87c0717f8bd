import Foundation
import NNData
import NNEngine
import NNRender
import NNSession
import XCTest

/// The training dashboard on image data with a conv net, at 80×24: the loss curve, one
/// sample's feature maps and the first conv layer's filters, redrawn as the weights change.
final class ImageDashboardTests: XCTestCase {
    func makeSession(colorMode: ColorMode = .none, conv: Bool = true) throws -> Session {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory(),
                                                              width: 80, colorMode: colorMode))
        var setup = "data load \(TestPaths.datasets)/digits.csv shape=1x8x8 seed=1; seed 3; net input 1x8x8; "
        setup += conv ? "layer conv 4 size=3 pad=1 act=relu; layer maxpool; layer dense 10 act=softmax; opt adam lr=0.01"
            : "layer dense 16 act=relu; layer dense 10 act=softmax; opt adam lr=0.01"
        _ = try session.output(of: setup)
        return session
    }

    func buffer(_ view: TrainingDashboard) -> Buffer {
        var buffer = Buffer(width: 80, height: 24)
        view.render(into: &buffer)
        return buffer
    }

    func lines(_ view: TrainingDashboard) -> [String] { BufferPrinter(colorMode: .none).plainLines(buffer(view)) }

    /// The top-left inner cell of the panel whose title starts with `title`.
    func panelOrigin(_ lines: [String], _ title: String) -> (x: Int, y: Int)? {
        for (y, line) in lines.enumerated() {
            let chars = Array(line)
            let target = Array("┌ " + title)
            guard chars.count >= target.count else { continue }
            for x in 0...(chars.count - target.count) where Array(chars[x..<(x + target.count)]) == target {
                return (x + 1, y + 1)
            }
        }
        return nil
    }

    /// The characters four 3×3 filters get at scale 2 on one diverging scale.
    func expectedFilterRows(_ w: [Double], filter f: Int) -> [String] {
        let limit = w.map(abs).max()!
        let ramp = ["=", "-", ",", ".", "'", "+", "#"]
        return (0..<3).map { r in
            (0..<3).map { c in
                let t = (max(-1, min(1, w[f * 9 + r * 3 + c] / limit)) + 1) / 2
                return String(repeating: ramp[min(6, Int(t * 7))], count: 2)
            }.joined()
        }
    }

    func filterWeights(_ session: Session) throws -> [Double] {
        let stack = try XCTUnwrap(session.state.trainer?.network.stack)
        guard case .conv(let conv) = stack.layers[0] else { throw XCTSkip("layer 1 is not conv") }
        return conv.weights.scalars
    }

    func checkFilters(_ view: TrainingDashboard, _ session: Session, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = lines(view)
        let origin = try XCTUnwrap(panelOrigin(text, "filters · layer 1 · |w| ≤ "), text.joined(separator: "\n"), file: file, line: line)
        let w = try filterWeights(session)
        for f in 0..<4 {
            let shown = (0..<3).map { r -> String in
                let chars = Array(text[origin.y + r])
                return String(chars[(origin.x + f * 8)..<(origin.x + f * 8 + 6)])
            }
            XCTAssertEqual(shown, expectedFilterRows(w, filter: f), "filter \(f + 1)", file: file, line: line)
            XCTAssertEqual(Array(text[origin.y + 3])[origin.x + f * 8], Character("\(f + 1)"), file: file, line: line)
        }
    }

    func testShowsLossMapsAndFiltersThatFollowTraining() throws {
        let session = try makeSession()
        let view = try TrainingDashboard(session: session, epochs: 2, batch: 64, patience: nil, width: 80, height: 24)
        let start = lines(view)
        XCTAssertTrue(start[0].contains("1×8×8 conv-maxpool-flatten"), start[0])
        XCTAssertNotNil(panelOrigin(start, "sample 0 · maps after layer 1"), start.joined(separator: "\n"))
        XCTAssertNotNil(panelOrigin(start, "loss"))
        XCTAssertFalse(start.joined().contains("gradients and health"), "the filters take the health panel's place")
        try checkFilters(view, session)
        // Training changes the weights; the panel shows the new ones.
        _ = view.update(.key(.character(" ")))
        let before = try filterWeights(session)
        for _ in 0..<5 { _ = view.update(.key(.character("s"))) }
        XCTAssertNotEqual(try filterWeights(session), before)
        try checkFilters(view, session)
        while view.work(budget: 0.05) {}
        _ = view.update(.key(.character(" ")))
        while view.work(budget: 0.05) {}
        let done = lines(view)
        XCTAssertTrue(done[0].contains("DONE"), done[0])
        XCTAssertTrue(done.allSatisfy { DisplayWidth.of($0) <= 80 })
        // The maps: 4 maps of 8×8 at scale 1 (8 columns, 4 rows) under the sample, with their legend.
        let maps = try XCTUnwrap(panelOrigin(done, "sample 0 · maps after layer 1"))
        XCTAssertTrue(done.contains { $0.contains("activation") }, done.joined(separator: "\n"))
        XCTAssertTrue(done[maps.y].contains("conv 4 3×3 pad 1 relu"), done[maps.y])
        // `:set sample=5` shows another sample's maps.
        XCTAssertEqual(view.runCommand("set sample=5").hasPrefix("error"), false)
        XCTAssertNotNil(panelOrigin(lines(view), "sample 5 · maps after layer 1"))
        // `m`: the next sample, the one `forward` and `trace` read too.
        XCTAssertEqual(view.update(.key(.character("m"))), .none)
        XCTAssertNotNil(panelOrigin(lines(view), "sample 6 · maps after layer 1"))
        XCTAssertEqual(session.state.inspection.sample, 6)
        XCTAssertTrue(lines(view)[23].contains("sample 6: its feature maps"), lines(view)[23])
        _ = view.update(.key(.character("f")))
        XCTAssertTrue(lines(view)[23].contains("the panels show feature maps and filters"), lines(view)[23])
        XCTAssertNil(view.projection, "f does not project image data")
        _ = view.update(.key(.character("?")))
        let help = lines(view).joined(separator: "\n")
        XCTAssertTrue(help.contains("m       image data: the next sample's feature maps"), help)
        XCTAssertFalse(help.contains("f       many features"), help)
        _ = view.update(.key(.character("?")))
        try checkFilters(view, session)
        // Closing leaves the filters as training left them in the scrollback.
        let printer = OutputPrinter(width: 80, colorMode: .none)
        let closing = view.closingOutput().map { printer.text($0) }.joined(separator: "\n")
        XCTAssertTrue(closing.contains("filters of layer 1 (conv 4 3×3 pad 1 relu) after training:"), closing)
        XCTAssertTrue(closing.contains("weight  = -"), closing)
    }

    /// With color, each weight is a cell whose background is the diverging palette's color.
    func testColorFiltersUseTheDivergingPalette() throws {
        let session = try makeSession(colorMode: .indexed256)
        let view = try TrainingDashboard(session: session, epochs: 2, batch: 64, patience: nil, width: 80, height: 24)
        let screen = buffer(view)
        let text = BufferPrinter(colorMode: .none).plainLines(screen)
        let origin = try XCTUnwrap(panelOrigin(text, "filters · layer 1"), text.joined(separator: "\n"))
        let w = try filterWeights(session)
        let limit = w.map(abs).max()!
        for f in 0..<4 {
            for r in 0..<3 {
                for c in 0..<3 {
                    let cell = screen[origin.x + f * 8 + 2 * c, origin.y + r]
                    XCTAssertEqual(cell.style.bg, DivergingPalette.blueWhiteRed.color(for: w[f * 9 + r * 3 + c] / limit),
                                   "filter \(f + 1) weight (\(r), \(c))")
                }
            }
        }
    }

    /// Without a conv layer the left panel shows samples labeled with the net's class.
    func testDenseStackOnImagesShowsSamplesWithTheNetsClasses() throws {
        let session = try makeSession(conv: false)
        let view = try TrainingDashboard(session: session, epochs: 1, batch: 64, patience: nil, width: 80, height: 24)
        while view.work(budget: 0.05) {}
        let text = lines(view)
        XCTAssertNotNil(panelOrigin(text, "samples · label→the net's class"), text.joined(separator: "\n"))
        XCTAssertTrue(text.joined().contains("gradients and health"))
        XCTAssertTrue(text.allSatisfy { DisplayWidth.of($0) <= 80 })
        XCTAssertTrue(view.keyBar.contains("m sample") && !view.keyBar.contains("f features"), view.keyBar)
    }
}
