import Foundation
import XCTest

/// `nnlab run --keep-going`: every line runs, each failing line reports `error: … (line N)` and
/// leaves the session as it was before that line, and the status is non-zero if any failed.
final class KeepGoingTests: XCTestCase {
    func testEveryLineRunsAndFailingLinesChangeNothing() throws {
        let script = """
            data xor n=40 seed=1
            net 2-4-1 seed=2
            opt sgd lr=0.5; opt adam lr=-1
            nosuch
            show opt
            seed 9
            """
        let result = try NNLabBinary.run(["run", "--keep-going", "-"], input: script)
        XCTAssertEqual(result.status, 1, "a line failed")
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        XCTAssertEqual(errors.count, 2, result.stderr)
        XCTAssertTrue(errors[0].hasSuffix("(line 3)"), result.stderr)
        XCTAssertTrue(errors[1].hasSuffix("(line 4)"), result.stderr)
        // Line 3 is undone as a whole: its first command (opt sgd) does not stand.
        XCTAssertTrue(result.stdout.contains("opt adam lr=0.01"), "the optimizer from before line 3:\n\(result.stdout)")
        XCTAssertTrue(result.stdout.contains("seed 9"), "the last line ran:\n\(result.stdout)")
    }

    func testWithoutFailuresTheStatusIsZero() throws {
        let result = try NNLabBinary.run(["run", "--keep-going", "-"], input: "data xor n=40\nnet 2-4-1\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
    }

    func testWithoutTheFlagTheRunStopsAtTheFirstFailure() throws {
        let result = try NNLabBinary.run(["run", "-"], input: "nosuch\nseed 9\n")
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(result.stdout.contains("seed 9"), result.stdout)
    }
}
