import Foundation
import NNEngine
import NNSession
import XCTest

/// `export pytorch PATH` carries the session's training split for `--train EPOCHS` without a
/// CSV: read back with Python's `ast` (no torch needed), the carried inputs and targets equal
/// the split nnlab trains on; a split too large to carry names its CSV and the rows to keep.
final class ExportTrainingDataTests: XCTestCase {
    /// Python that prints a script's TRAIN_INPUTS rows, a line `--`, then its TRAIN_TARGETS,
    /// one row (or class index) per line, every number as Python's repr; or the TRAIN_SOURCE,
    /// TRAIN_CSV and TRAIN_ROWS constants with `constants`.
    static let reader = """
    import ast, sys
    tree = ast.parse(open(sys.argv[1]).read())
    values = {node.targets[0].id: node.value for node in tree.body
              if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}
    if len(sys.argv) > 2:
        for name in ("TRAIN_SOURCE", "TRAIN_CSV", "TRAIN_ROWS", "TRAIN_ROW_COUNT"):
            print(repr(ast.literal_eval(values[name])))
        sys.exit(0)
    for row in ast.literal_eval(values["TRAIN_INPUTS"]):
        print(",".join(repr(float(v)) for v in row))
    print("--")
    for row in ast.literal_eval(values["TRAIN_TARGETS"]):
        print(",".join(repr(v) for v in row) if isinstance(row, list) else repr(row))
    """

    /// A cell of the large CSV: the row number in the first column, small numbers elsewhere.
    static func cell(_ r: Int, _ c: Int) -> Int { c == 0 ? r : (r * 7 + c * 13) % 17 }

    /// The size of the large CSV: 2,400 training rows of 100 features (test=0.2), over the literal limit.
    static let largeColumns = 100, largeRows = 3_000

    /// Writes `folder/big.csv`: `largeRows` rows of `cell`s and a label 0, 1, 2 in turn.
    static func writeLargeCSV(in folder: String) throws {
        var text = (0..<largeColumns).map { "f\($0)" }.joined(separator: ",") + ",label\n"
        for r in 0..<largeRows {
            text += (0..<largeColumns).map { c in "\(cell(r, c))" }.joined(separator: ",") + ",\(r % 3)\n"
        }
        try text.write(toFile: "\(folder)/big.csv", atomically: true, encoding: .utf8)
    }

    /// Runs `setup` in a fresh session and exports `folder/model.py`; returns the session and path.
    func export(_ setup: String, folder: String) throws -> (Session, String) {
        let session = ExportFixtures.session(folder)
        _ = try session.output(of: setup)
        let blocks = try session.output(of: "export pytorch \(folder)/model.py")
        let said = blocks.compactMap { if case .text(let text) = $0 { return text } else { return nil } }.joined()
        XCTAssertTrue(said.contains("--train EPOCHS"), said)
        let compiled = try PythonRunner.run(["-m", "py_compile", "\(folder)/model.py"])
        XCTAssertEqual(compiled.status, 0, "the script parses as Python: \(compiled.error)")
        return (session, "\(folder)/model.py")
    }

    /// The carried inputs and targets read back from the script, as numbers.
    func carried(_ script: String, folder: String) throws -> (inputs: [[Double]], targets: [[Double]]) {
        try Self.reader.write(toFile: "\(folder)/reader.py", atomically: true, encoding: .utf8)
        let result = try PythonRunner.run(["\(folder)/reader.py", script])
        XCTAssertEqual(result.status, 0, result.error)
        let parts = result.output.components(separatedBy: "--\n")
        XCTAssertEqual(parts.count, 2)
        func numbers(_ text: String) -> [[Double]] {
            text.split(separator: "\n").map { $0.split(separator: ",").map { Double($0) ?? .nan } }
        }
        return (numbers(parts.first ?? ""), numbers(parts.last ?? ""))
    }

    /// Asserts the script carries exactly `session`'s training split.
    func assertCarriesTrainingSplit(_ session: Session, _ script: String, folder: String,
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        let data = try XCTUnwrap(session.data)
        let (inputs, targets) = try carried(script, folder: folder)
        XCTAssertLessThanOrEqual(ExportFixtures.worstDifference(inputs, data.trainInputs), 1e-15, file: file, line: line)
        let expected = data.trainTargets.rank == 1 ? data.trainTargets.reshaped([data.trainTargets.count, 1]) : data.trainTargets
        XCTAssertLessThanOrEqual(ExportFixtures.worstDifference(targets, expected), 1e-15, file: file, line: line)
    }

    func testDigitsTrainingSplitIsCarried() throws {
        let folder = try PythonRunner.folder()
        let (session, script) = try export("data load \(TestPaths.datasets)/digits.csv seed=1; net 64-10:softmax seed=2; "
                                           + "opt adam lr=0.01; train epochs=1", folder: folder)
        XCTAssertEqual(session.data?.trainCount, 1438)
        let text = try String(contentsOfFile: script, encoding: .utf8)
        XCTAssertTrue(text.contains("TRAIN_SOURCE = \"carried\""))
        XCTAssertTrue(text.contains("TRAIN_ROW_COUNT = 1438"))
        try assertCarriesTrainingSplit(session, script, folder: folder)
    }

    /// The inputs are carried after standardization and the feature map, as nnlab trains on them.
    func testFeatureMapAndRegressionTargetsAreCarried() throws {
        let folder = try PythonRunner.folder()
        let (moons, script) = try export("data moons n=100 seed=3; features x1 x2 x1*x2 sin(x1) x1^2; "
                                         + "net 5-8:tanh-1:sigmoid seed=4", folder: folder)
        XCTAssertEqual(moons.data?.featureCount, 5)
        try assertCarriesTrainingSplit(moons, script, folder: folder)
        let irisFolder = try PythonRunner.folder()
        let (iris, irisScript) = try export("data load \(TestPaths.datasets)/iris.csv test=0.3 seed=2 val=0.1; "
                                            + "net 4-6:relu-3:softmax seed=1", folder: irisFolder)
        try assertCarriesTrainingSplit(iris, irisScript, folder: irisFolder)
        let sineFolder = try PythonRunner.folder()
        let (sine, sineScript) = try export("data sine n=60 seed=5; net 1-8:tanh-1:identity seed=6", folder: sineFolder)
        XCTAssertEqual(sine.data?.trainTargets.rank, 2, "regression targets are rows of numbers")
        try assertCarriesTrainingSplit(sine, sineScript, folder: sineFolder)
    }

    /// A split over the literal limit loaded from a CSV is named: the script holds the CSV's path
    /// and a bitmask whose set rows are exactly the training rows.
    func testLargeCSVSplitIsNamedWithItsTrainingRows() throws {
        let folder = try PythonRunner.folder()
        let columns = Self.largeColumns, rows = Self.largeRows
        try Self.writeLargeCSV(in: folder)
        let (session, script) = try export("data load \(folder)/big.csv test=0.2 seed=4 normalize=off; "
                                           + "net 100-3:softmax seed=1", folder: folder)
        let data = try XCTUnwrap(session.data)
        XCTAssertGreaterThan(data.trainInputs.count, 200_000)
        try Self.reader.write(toFile: "\(folder)/reader.py", atomically: true, encoding: .utf8)
        let constants = try PythonRunner.run(["\(folder)/reader.py", script, "constants"])
        let lines = constants.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, constants.error)
        guard lines.count == 4 else { return }
        XCTAssertEqual(lines[0], "'csv'")
        XCTAssertEqual(lines[1], "'\(folder)/big.csv'")
        XCTAssertEqual(lines[3], "\(rows)")
        let mask = lines[2].dropFirst().dropLast()
        let kept = (0..<rows).filter { i in
            let digit = Int(String(mask[mask.index(mask.startIndex, offsetBy: i / 4)]), radix: 16) ?? 0
            return (digit >> (3 - i % 4)) & 1 == 1
        }
        XCTAssertEqual(kept.count, data.trainCount)
        let expected = kept.flatMap { r in (0..<columns).map { c in Double(Self.cell(r, c)) } }
        XCTAssertEqual(expected, data.trainInputs.scalars, "the set bits are the training rows, in order")
        XCTAssertEqual(kept.map { Double($0 % 3) }, data.trainTargets.scalars)
        // Standardized rows are found in the raw CSV too: the same split, the same bitmask.
        let scaledFolder = try PythonRunner.folder()
        try Self.writeLargeCSV(in: scaledFolder)
        let (_, scaledScript) = try export("data load \(scaledFolder)/big.csv test=0.2 seed=4; net 100-3:softmax seed=1",
                                           folder: scaledFolder)
        let scaled = try PythonRunner.run(["\(folder)/reader.py", scaledScript, "constants"])
        XCTAssertEqual(scaled.output.split(separator: "\n").dropFirst(2).map(String.init), Array(lines[2...]))
    }
}
