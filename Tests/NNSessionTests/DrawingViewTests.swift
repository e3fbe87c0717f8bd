import Foundation
import NNRender
import NNSession
import XCTest

/// `data draw`'s canvas: keys and clicks in, points and the session's data out, no terminal.
final class DrawingViewTests: XCTestCase {
    private var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-draw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: home) }

    func makeSession(_ setup: String = "", interactive: Bool = true) throws -> Session {
        let session = Session(environment: SessionEnvironment(dataFolder: home.path, lessonsFolder: NSTemporaryDirectory(),
                                                              width: 80, colorMode: .none, interactive: interactive))
        if !setup.isEmpty { _ = try session.output(of: setup) }
        return session
    }

    func screen(_ view: DrawingView) -> [String] {
        var buffer = Buffer(width: 80, height: 24)
        view.render(into: &buffer)
        return BufferPrinter(colorMode: .none).plainLines(buffer)
    }

    func click(_ view: DrawingView, _ button: MouseEvent.Button, x: Int, y: Int) {
        _ = view.update(.key(.mouse(MouseEvent(button: button, x: x, y: y))))
    }

    func testParsesSGRMouseReports() {
        XCTAssertEqual(MouseEvent.parseSGR("<0;10;5M"), MouseEvent(button: .left, pressed: true, x: 9, y: 4))
        XCTAssertEqual(MouseEvent.parseSGR("<2;1;1M"), MouseEvent(button: .right, pressed: true, x: 0, y: 0))
        XCTAssertEqual(MouseEvent.parseSGR("<0;10;5m"), MouseEvent(button: .left, pressed: false, x: 9, y: 4))
        XCTAssertEqual(MouseEvent.parseSGR("<64;3;3M")?.button, .wheelUp)
        XCTAssertNil(MouseEvent.parseSGR("<32;3;3M"), "motion is dropped")
        XCTAssertNil(MouseEvent.parseSGR("<0;0;5M"))
        XCTAssertNil(MouseEvent.parseSGR("A"))
        XCTAssertNil(MouseEvent.parseSGR("<0;x;5M"))
    }

    func testCanvasMapsCellsToThePlaneAndBack() {
        let canvas = DataCanvas(classes: 2, columns: 50, rows: 20)
        XCTAssertEqual(canvas.position(column: 0, row: 0).x, -5.88, accuracy: 1e-12)
        XCTAssertEqual(canvas.position(column: 0, row: 0).y, 5.7, accuracy: 1e-12)
        XCTAssertEqual(canvas.position(column: 49, row: 19).x, 5.88, accuracy: 1e-12)
        for (column, row) in [(0, 0), (7, 3), (49, 19), (25, 10)] {
            let p = canvas.position(column: column, row: row)
            XCTAssertTrue(canvas.cell(x: p.x, y: p.y) == (column, row))
        }
    }

    func testKeysAndClicksDrawAndRemovePoints() throws {
        let view = DrawingView(session: try makeSession(), classes: 3, width: 80, height: 24)
        let grid = DrawingView.canvasArea(width: 80, height: 24)
        XCTAssertEqual(grid, Rect(x: 1, y: 2, width: 50, height: 20))
        XCTAssertEqual(view.canvas.cursor.column, 25)
        _ = view.update(.key(.character(" ")))
        XCTAssertEqual(view.canvas.points, [DataCanvas.Point(x: 0.12, y: -0.3, label: 0)])
        _ = view.update(.key(.character("2")))
        _ = view.update(.key(.left))
        _ = view.update(.key(.up))
        _ = view.update(.key(.character(" ")))
        XCTAssertEqual(view.canvas.points.last, DataCanvas.Point(x: -0.12, y: 0.3, label: 1))
        // A click at screen cell (10, 5) is canvas cell (9, 3).
        _ = view.update(.key(.character("3")))
        click(view, .left, x: 10, y: 5)
        XCTAssertEqual(view.canvas.points.last, DataCanvas.Point(x: -3.72, y: 3.9, label: 2))
        XCTAssertTrue(view.canvas.cursor == (9, 3), "the cursor follows the click")
        click(view, .left, x: 70, y: 5)
        XCTAssertEqual(view.canvas.points.count, 3, "a click outside the canvas adds nothing")
        _ = view.update(.key(.character("9")))
        XCTAssertEqual(view.canvas.selectedClass, 2)
        XCTAssertTrue(view.message?.contains("3 classes") == true, view.message ?? "")
        // A right click removes the point nearest it.
        click(view, .right, x: 12, y: 6)
        XCTAssertEqual(view.canvas.points.count, 2)
        XCTAssertFalse(view.canvas.points.contains { $0.label == 2 })
        _ = view.update(.key(.character("x")))
        XCTAssertEqual(view.canvas.points.count, 1)
        let text = screen(view)
        XCTAssertTrue(text.allSatisfy { DisplayWidth.of($0) <= 80 })
        XCTAssertTrue(text[0].contains("data draw · 1 point "), text[0])
        XCTAssertTrue(text.contains { $0.contains("class 0  1") }, text.joined(separator: "\n"))
    }

    func testEnterMakesTheDrawingTheDataThroughDataLoad() throws {
        let session = try makeSession()
        let view = DrawingView(session: session, classes: nil, width: 80, height: 24)
        XCTAssertEqual(view.update(.key(.enter)), .close, "nothing drawn: Enter leaves")
        XCTAssertNil(session.data)
        let drawing = DrawingView(session: session, classes: nil, width: 80, height: 24)
        for (cls, column) in [(0, 5), (0, 8), (0, 11), (0, 14), (1, 35), (1, 38), (1, 41), (1, 44), (0, 6), (1, 40)] {
            _ = drawing.update(.key(.character(Character(String(cls + 1)))))
            click(drawing, .left, x: 1 + column, y: 2 + column % 7)
        }
        XCTAssertEqual(drawing.canvas.counts, [5, 5])
        XCTAssertEqual(drawing.update(.key(.enter)), .close)
        let data = try XCTUnwrap(session.data)
        XCTAssertEqual(data.count, 10)
        XCTAssertEqual(data.testCount, 2)
        XCTAssertEqual(data.featureCount, 2)
        XCTAssertEqual(data.classCount, 2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: drawing.csvPath))
        XCTAssertTrue(drawing.csvPath.hasSuffix("drawings/drawn-1.csv"), drawing.csvPath)
        guard case .text(let history) = try session.output(of: "history").first else { return XCTFail("no history") }
        XCTAssertTrue(history.contains("data load \(drawing.csvPath) label=class task=classification normalize=off test=0.2 seed=0"), history)
        guard case .text(let closing) = drawing.closingOutput().first else { return XCTFail("no closing") }
        XCTAssertTrue(closing.hasPrefix("data draw: 10 points (5 of class 0, 5 of class 1)"), closing)
        // The drawn points load back exactly (the CSV holds what was drawn).
        let inputs = (0..<data.trainCount).map { [data.trainInputs[$0, 0], data.trainInputs[$0, 1]] }
        for row in inputs {
            XCTAssertTrue(drawing.canvas.points.contains { $0.x == row[0] && $0.y == row[1] }, "\(row)")
        }
        // A replay of the history gives the same data.
        let replay = try makeSession()
        for line in history.split(separator: "\n") { _ = try replay.output(of: String(line)) }
        XCTAssertEqual(replay.data, session.data)
        // The next drawing opens on this data, and writes a new file.
        let again = DrawingView(session: session, classes: nil, width: 80, height: 24)
        XCTAssertEqual(again.canvas.points.count, 10)
        XCTAssertTrue(again.csvPath.hasSuffix("drawn-2.csv"))
    }

    func testTooFewPointsSayWhyAndEscLeavesTheDataAlone() throws {
        let session = try makeSession("data xor n=40")
        let view = DrawingView(session: session, classes: nil, width: 80, height: 24)
        XCTAssertEqual(view.canvas.points.count, 40, "opens on the current 2-D data")
        _ = view.update(.key(.character("C")))
        XCTAssertTrue(view.canvas.points.isEmpty)
        _ = view.update(.key(.character(" ")))
        XCTAssertEqual(view.update(.key(.enter)), .none)
        XCTAssertTrue(view.message?.contains("at least 4 points") == true, view.message ?? "")
        XCTAssertEqual(view.update(.key(.escape)), .close)
        XCTAssertEqual(session.data?.name, "xor")
        guard case .text(let closing) = view.closingOutput().first else { return XCTFail("no closing") }
        XCTAssertEqual(closing, "data draw: left without changing the data")
    }

    func testTrainsLiveOnTheDrawing() throws {
        let session = try makeSession()
        let view = DrawingView(session: session, classes: nil, width: 80, height: 24)
        for column in stride(from: 2, to: 20, by: 3) {
            for row in [2, 8, 14] { click(view, .left, x: 1 + column, y: 2 + row) }
        }
        _ = view.update(.key(.character("2")))
        for column in stride(from: 30, to: 48, by: 3) {
            for row in [2, 8, 14] { click(view, .left, x: 1 + column, y: 2 + row) }
        }
        _ = view.update(.key(.character("t")))
        XCTAssertTrue(view.training)
        XCTAssertTrue(view.isBusy)
        XCTAssertEqual(session.trainer?.network.widths, [2, 8, 8, 1], "a net for 2 inputs and 2 classes")
        for _ in 0..<40 { _ = view.work(budget: 0.02) }
        let trainer = try XCTUnwrap(session.trainer)
        XCTAssertGreaterThan(trainer.stepsDone, 0)
        XCTAssertEqual(try XCTUnwrap(trainer.history.last?.trainAccuracy), 1, "left and right halves separate")
        let text = screen(view)
        XCTAssertTrue(text[0].contains("TRAINING"), text[0])
        XCTAssertTrue(text.contains { $0.contains("train acc 100") }, text.joined(separator: "\n"))
        // New points pause training until t again, which restarts from the seed on them.
        click(view, .left, x: 30, y: 10)
        XCTAssertFalse(view.training)
        _ = view.update(.key(.character("t")))
        XCTAssertTrue(view.training)
        XCTAssertEqual(session.trainer?.stepsDone, 0)
        XCTAssertEqual(session.data?.count, 37)
        _ = view.update(.key(.character("q")))
    }

    func testPlainModeSaysItNeedsATerminal() throws {
        let session = try makeSession(interactive: false)
        XCTAssertThrowsError(try session.output(of: "data draw")) { error in
            let message = (error as? CommandError)?.message ?? ""
            XCTAssertTrue(message.contains("needs a terminal") && message.contains("data load"), message)
        }
        XCTAssertThrowsError(try session.output(of: "data draw classes=12"))
        XCTAssertThrowsError(try session.output(of: "data draw noise=2"))
        let interactive = try makeSession()
        let blocks = try interactive.output(of: "data draw classes=3")
        guard blocks.count == 1, case .view(let request) = blocks[0] else { return XCTFail("no view request") }
        XCTAssertEqual(request, .draw(classes: 3))
    }
}
