import Foundation
import NNSession
import NNText
import XCTest

/// "Did you mean" suggestions: the same answers as before, in bounded time for any input.
final class SuggestionTests: XCTestCase {
    func testCloseTyposAreSuggested() {
        XCTAssertEqual(Suggestion.closest(to: "spirl", in: ["xor", "spiral", "circle"]), "spiral")
        XCTAssertEqual(Suggestion.closest(to: "ad", in: ["adam", "adagrad", "sgd"]), "adam")
        XCTAssertNil(Suggestion.closest(to: "banana", in: ["xor", "spiral"]))
    }

    /// A 10 MB unknown word took 70 s (an edit-distance table of 10 M rows per candidate).
    func testAHugeWordIsAnsweredAtOnce() {
        let word = String(repeating: "q", count: 10_000_000)
        let start = Date()
        XCTAssertNil(Suggestion.hint(for: word, in: ["data", "net", "train", "help"]))
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    /// A huge candidate (a CSV header can be one) is not compared, whatever the word.
    func testAHugeCandidateIsNotCompared() {
        let column = String(repeating: "c", count: 5_000_000)
        let start = Date()
        XCTAssertEqual(Suggestion.closest(to: "labl", in: [column, "label"]), "label")
        XCTAssertNil(Suggestion.closest(to: column + "x", in: [column]))
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }
}

/// The engine names unknown names; the session suggests the nearest known one.
final class UnknownNameWordingTests: XCTestCase {
    func testTheSessionSuggestsWhatTheEngineKnows() throws {
        let session = Session(environment: SessionEnvironment(dataFolder: NSTemporaryDirectory(), lessonsFolder: NSTemporaryDirectory()))
        XCTAssertThrowsError(try session.output(of: "net 2-8:relux-1")) { error in
            XCTAssertEqual((error as? CommandError)?.message, "unknown activation 'relux' in '2-8:relux-1' — did you mean 'relu'?")
        }
        XCTAssertThrowsError(try session.output(of: "expr sigmod(x) x=1")) { error in
            XCTAssertEqual((error as? CommandError)?.message, "unknown function 'sigmod' — did you mean 'sigmoid'?")
        }
    }
}
