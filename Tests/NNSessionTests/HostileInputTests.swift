import Foundation
import NNData
import NNEngine
import NNRender
import NNSession
import XCTest

/// Inputs built to break the session: huge numbers, huge expressions, terminal escapes in data.
/// Each gives a short error or escaped output, and the session keeps its state.
final class HostileInputTests: XCTestCase {
    var folder: URL!
    var session: Session!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        session = Session(environment: SessionEnvironment(dataFolder: folder.path, lessonsFolder: folder.path))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func text(_ line: String) throws -> String {
        try session.printedText(of: line)
    }

    private func failure(_ line: String) -> String {
        session.failureMessage(of: line)
    }

    /// `set sample=1e19` and `set batch=1e19` trapped ("Double value cannot be converted to Int").
    func testHugeIntegersAreRangeErrors() throws {
        _ = try text("data xor n=100 seed=1; net 2-4-1 seed=1; set sample=3; set batch=8")
        XCTAssertEqual(failure("set sample=1e19"), "sample (a training row index) must be from 0 to 79, got 1e+19")
        XCTAssertEqual(failure("set sample=-1"), "sample (a training row index) must be from 0 to 79, got -1")
        XCTAssertEqual(failure("set sample=1.5"), "sample (a training row index) must be a whole number (from 0 to 79), got '1.5'")
        XCTAssertTrue(failure("set batch=1e19").hasPrefix("batch must be from 1 to 999999999999, got 1e+19"))
        XCTAssertTrue(failure("set batch=1e999").hasPrefix("batch must be a whole number"))
        for option in ["train epochs", "train batch", "data xor n", "data spiral classes", "net 2-4-1 seed", "plot loss height", "plot path rosenbrock steps"] {
            let message = failure("\(option)=1e19")
            XCTAssertTrue(message.contains("out of range") && message.contains("999,999,999,999"), "\(option): \(message)")
        }
        XCTAssertTrue(failure("train epochs=999999999999").contains("epochs must be from 1 to 10000000"))
        // y=1e300 reached Int(_:) in trace and forward, which trapped.
        XCTAssertTrue(failure("set y=1e300").hasPrefix("y must be a number from -999999999999 to 999999999999"))
        XCTAssertTrue(failure("set y=1e999").hasPrefix("y must be a number from"))
        XCTAssertEqual(session.inspection.sample, 3, "a failed set keeps the inspected sample")
        XCTAssertEqual(session.batchSize, 8, "a failed set keeps the batch size")
    }

    /// `expr x+x+…+x` with 3,000 terms ran for minutes and printed hundreds of MB.
    func testHugeExpressionsAreRefusedAndLargeOnesPrintLittle() throws {
        let start = Date()
        let chain = "expr " + Array(repeating: "x", count: 3_000).joined(separator: "+") + " x=1"
        let message = failure(chain)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertTrue(message.contains("more than \(ScalarGraph.maximumNodes) values and operations"), message)
        XCTAssertLessThan(message.count, 200)
        for deep in [String(repeating: "(", count: 30_000) + "x" + String(repeating: ")", count: 30_000),
                     String(repeating: "-", count: 100_000) + "x",
                     String(repeating: "x^", count: 30_000) + "x",
                     String(repeating: "sin(", count: 30_000) + "x" + String(repeating: ")", count: 30_000)] {
            let message = failure("expr \(deep) x=1")
            XCTAssertTrue(message.contains("\(ScalarGraph.maximumDepth) levels deep"), String(message.prefix(200)))
            XCTAssertLessThan(message.count, 200)
        }
        // The largest sum allowed prints a bounded amount (labels are cut, not whole subexpressions).
        let terms = ScalarGraph.maximumNodes / 2
        let output = try text("expr " + Array(repeating: "x", count: terms).joined(separator: "+") + " x=1")
        XCTAssertTrue(output.contains("∂out/∂x = \(terms)"), String(output.suffix(200)))
        XCTAssertLessThan(output.utf8.count, 200_000)
        XCTAssertTrue(output.split(separator: "\n").allSatisfy { $0.count < 700 })
        // A number written with 100,000 digits is one short node.
        let digits = try text("expr x*0." + String(repeating: "0", count: 100_000) + "1 x=1")
        XCTAssertLessThan(digits.utf8.count, 3_000, String(digits.prefix(300)))
    }

    /// A CSV whose header and values hold terminal escapes: `data show` and the errors print them
    /// escaped, and a table stays aligned.
    func testEscapesFromACSVArePrintedEscaped() throws {
        let csv = folder.appendingPathComponent("evil.csv")
        try Data("a\u{1B}]0;owned\u{07},b\u{9B}2J,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n".utf8).write(to: csv)
        let output = try text("data load \(csv.path) test=0; data show")
        XCTAssertFalse(output.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || ($0.value >= 0x7F && $0.value < 0xA0) },
                       output)
        XCTAssertTrue(output.contains("a\\x1b]0;owned\\x07"), output)
        XCTAssertTrue(output.contains("b\\u{9b}2J"), output)
        let bad = folder.appendingPathComponent("bad.csv")
        try Data("x,y\n\u{1B}[2J,0\n".utf8).write(to: bad)
        let message = failure("data load \(bad.path)")
        XCTAssertTrue(message.contains("'\\x1b[2J' is not a number"), message)
    }

    /// The printer is the last line of defence: no text or table block writes a control byte.
    func testThePrinterEscapesControlCharacters() {
        let printer = OutputPrinter(width: 80, colorMode: .none)
        XCTAssertEqual(printer.text(.text("ok\n\u{1B}[2Jhello\u{07}\tend")), "ok\n\\x1b[2Jhello\\x07\tend\n")
        let table = TextTable(headers: ["name", "v"], rows: [["\u{1B}[31mred", "1"], ["plain", "22"]])
        let lines = printer.lines(.table(table))
        XCTAssertEqual(lines[0], "name          v")
        XCTAssertEqual(lines[2], "\\x1b[31mred   1")
        XCTAssertEqual(lines[3], "plain        22")
    }
}
