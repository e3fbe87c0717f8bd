import NNLessons
import XCTest

/// The exercise check language: parsing, typing, errors with columns, evaluation.
final class CheckLanguageTests: XCTestCase {
    func check(_ source: String) throws -> Check { try Check(parsing: source) }

    func error(_ source: String) -> String {
        do {
            _ = try Check(parsing: source)
            return "no error"
        } catch {
            return error.description
        }
    }

    /// Evaluates with fixed facts; facts not given are unavailable.
    func evaluate(_ source: String, _ facts: [String: FactValue]) throws -> CheckOutcome {
        try check(source).evaluate { name in
            if let value = facts[name] { return .success(value) }
            return .failure(FactUnavailable("there is no network yet"))
        }
    }

    func testParsesAndPrints() throws {
        XCTAssertEqual(try check("test_acc >= 0.95 and hidden_units <= 4 and data == circle").expression,
                       .and(.and(.compare(.fact("test_acc"), .greaterOrEqual, .number(0.95)),
                                 .compare(.fact("hidden_units"), .lessOrEqual, .number(4))),
                            .compare(.fact("data"), .equal, .text("circle"))))
        XCTAssertEqual(try check("test_acc >= 95%").expression, .compare(.fact("test_acc"), .greaterOrEqual, .number(0.95)))
        XCTAssertEqual(try check("not batchnorm or dropout > 0").expression,
                       .or(.not(.fact("batchnorm")), .compare(.fact("dropout"), .greater, .number(0))))
        XCTAssertEqual(try check("train_acc - test_acc <= 0.05").expression,
                       .compare(.arithmetic(.fact("train_acc"), .minus, .fact("test_acc")), .lessOrEqual, .number(0.05)))
        XCTAssertEqual(try check("params < 2 * (inputs + 1) * 3").expression.description, "params < 2 * (inputs + 1) * 3")
        XCTAssertEqual(try check("lr >= 1e-3").expression, .compare(.fact("lr"), .greaterOrEqual, .number(0.001)))
        XCTAssertEqual(try check("circle == data").expression, .compare(.text("circle"), .equal, .fact("data")))
        XCTAssertEqual(try check("data == \"my-data\"").expression, .compare(.fact("data"), .equal, .text("my-data")))
        XCTAssertEqual(try check("batchnorm == true").expression, .compare(.fact("batchnorm"), .equal, .bool(true)))
        XCTAssertEqual(try check("(a_b_c_never_mind == 1)".replacingOccurrences(of: "a_b_c_never_mind", with: "epochs")).facts, ["epochs"])
        // A word that is both a value and a fact name is the value next to a text fact.
        XCTAssertEqual(try check("opt == momentum").expression, .compare(.fact("opt"), .equal, .text("momentum")))
        // Two text facts compare with each other.
        XCTAssertEqual(try check("activation == output").expression, .compare(.fact("activation"), .equal, .fact("output")))
        // Right after a comparison, `and`, `or` and `not` are values (the `and` and `or` data sets).
        XCTAssertEqual(try check("data == or and epochs > 1").expression,
                       .and(.compare(.fact("data"), .equal, .text("or")), .compare(.fact("epochs"), .greater, .number(1))))
        XCTAssertEqual(try check("data == and or data == or").expression,
                       .or(.compare(.fact("data"), .equal, .text("and")), .compare(.fact("data"), .equal, .text("or"))))
        XCTAssertEqual(try check("-grad_first < -0.5").expression, .compare(.negate(.fact("grad_first")), .less, .negate(.number(0.5))))
    }

    func testErrorsPointAtColumns() {
        XCTAssertEqual(error("tset_acc >= 0.9"), "unknown fact 'tset_acc' — did you mean 'test_acc'? (column 1)")
        XCTAssertEqual(error("data == circel"), "'circel' is not a value of data — did you mean 'circle'? (quote it to compare with any text) (column 9)")
        XCTAssertEqual(error("activation == rleu"), "'rleu' is not a value of activation — did you mean 'relu'? (quote it to compare with any text) (column 15)")
        XCTAssertEqual(error("test_acc = 0.9"), "'=' alone is not a comparison; write '==' to compare (column 10)")
        XCTAssertEqual(error("test_acc >= 0.9 && epochs < 5"), "write `and` and `or` as words (column 17)")
        XCTAssertEqual(error("test_acc"), "the check is a number, not a condition; compare it, like `test_acc >= 0.9` (column 1)")
        XCTAssertEqual(error("data"), "the check is a text, not a condition; compare it, like `data == …` (column 1)")
        XCTAssertEqual(error("test_acc and epochs < 5"), "`test_acc` is a number, not a condition; compare it, like `test_acc >= 0.9` (column 1)")
        XCTAssertEqual(error("data == 3"), "`data == 3` compares a text with a number (column 6)")
        XCTAssertEqual(error("data < moons"), "`data < moons`: only numbers can be ordered with <; use == or != (column 6)")
        XCTAssertEqual(error("0.5 < test_acc < 1"), "comparisons do not chain; write `a <= x and x <= b` (column 16)")
        XCTAssertEqual(error("(test_acc > 0.5"), "'(' is never closed: add ')' (column 1)")
        XCTAssertEqual(error("test_acc > 0.5 epochs"), "unexpected 'epochs'; join conditions with `and` or `or` (column 16)")
        XCTAssertEqual(error(""), "the check is empty; write a condition like `test_acc >= 0.9` (column 1)")
        XCTAssertEqual(error("test_acc >"), "the check ends too early; something is missing after the last word (column 11)")
        XCTAssertEqual(error("test_acc > 'x"), "unterminated quote: add a closing ' (column 12)")
        XCTAssertEqual(error("test_acc > 0.5 and"), "the check ends too early; something is missing after the last word (column 19)")
        XCTAssertEqual(error("test_acc ≥ 0.5"), "unexpected character '≥' (column 10)")
        XCTAssertEqual(error("not epochs"), "`epochs` is a number, not a condition; compare it, like `epochs >= 0.9` (column 5)")
        XCTAssertEqual(error("epochs + data > 1"), "`+` needs a number, but `data` is a text (column 10)")
        XCTAssertEqual(error("2layers > 1"), "a name cannot start with a digit: '2layers' (column 1)")
    }

    func testEvaluation() throws {
        let facts: [String: FactValue] = ["test_acc": .number(0.925), "hidden_units": .number(4), "data": .text("circle"),
                                          "batchnorm": .bool(false), "train_acc": .number(1)]
        let outcome = try evaluate("test_acc >= 0.95 and hidden_units <= 4 and data == circle", facts)
        XCTAssertFalse(outcome.passed)
        XCTAssertEqual(outcome.lines, ["✗ test_acc ≥ 0.95 (test_acc is 0.925)", "✓ hidden_units ≤ 4 (hidden_units is 4)", "✓ data = circle (data is circle)"])

        XCTAssertTrue(try evaluate("test_acc >= 0.9 and data == CIRCLE".replacingOccurrences(of: "CIRCLE", with: "circle"), facts).passed)
        XCTAssertTrue(try evaluate("test_acc >= 92.5%", facts).passed, "equality within rounding passes ≥")
        XCTAssertTrue(try evaluate("not batchnorm", facts).passed)
        XCTAssertEqual(try evaluate("not batchnorm", facts).lines, ["✓ not batchnorm (batchnorm is false)"])
        XCTAssertEqual(try evaluate("not (hidden_units > 2)", facts).lines, ["✓ not (hidden_units > 2) (hidden_units is 4)".replacingOccurrences(of: "✓", with: "✗")])
        XCTAssertEqual(try evaluate("batchnorm", facts).lines, ["✗ batchnorm (batchnorm is false)"])
        XCTAssertTrue(try evaluate("train_acc - test_acc <= 0.1", facts).passed)
        XCTAssertEqual(try evaluate("train_acc - test_acc <= 0.05", facts).lines, ["✗ train_acc - test_acc ≤ 0.05 (train_acc - test_acc is 0.075)"])
        XCTAssertTrue(try evaluate("data != moons", facts).passed)
        // Alternatives show as one condition.
        XCTAssertEqual(try evaluate("data == moons or data == circle", facts).lines, ["✓ data = moons or data = circle (data is circle)"])
        XCTAssertEqual(try evaluate("hidden_units > 5 or batchnorm", facts).lines,
                       ["✗ hidden_units > 5 or batchnorm (hidden_units is 4, batchnorm is false)"])
    }

    func testMissingFactsAreUnknownNotFalse() throws {
        let outcome = try evaluate("params <= 10", [:])
        XCTAssertFalse(outcome.passed)
        XCTAssertEqual(outcome.conditions, [.init(text: "params ≤ 10", actual: nil, status: .unknown("there is no network yet"))])
        XCTAssertEqual(outcome.lines, ["? params ≤ 10 (there is no network yet)"])
        // not(unknown) stays unknown; or passes with one side surely true.
        XCTAssertFalse(try evaluate("not (params > 10)", [:]).passed)
        XCTAssertTrue(try evaluate("params > 10 or data == none", ["data": .text("none")]).passed)
        XCTAssertFalse(try evaluate("params > 10 and data == none", ["data": .text("none")]).passed)
    }

    func testNaNNeverPasses() throws {
        XCTAssertFalse(try evaluate("test_loss < 1", ["test_loss": .number(.nan)]).passed)
        XCTAssertFalse(try evaluate("test_loss >= 1", ["test_loss": .number(.nan)]).passed)
        XCTAssertEqual(try evaluate("test_loss < 1", ["test_loss": .number(.nan)]).lines, ["✗ test_loss < 1 (test_loss is nan)"])
    }

    func testEveryFactIsDescribed() {
        XCTAssertEqual(Set(FactCatalog.names).count, FactCatalog.all.count, "fact names are unique")
        for spec in FactCatalog.all {
            XCTAssertFalse(spec.summary.isEmpty, spec.name)
            XCTAssertEqual(spec.values != nil, spec.type == .text, "\(spec.name): text facts list their values")
        }
    }

    /// 30,000 `not`s or parentheses overflowed the stack; long chains recursed as deep. Each is an
    /// error naming the limit and its column.
    func testDeepChecksAreShortErrors() {
        let cases = [
            String(repeating: "not ", count: 30_000) + "test_acc >= 0.9",
            String(repeating: "(", count: 30_000) + "test_acc >= 0.9" + String(repeating: ")", count: 30_000),
            "test_acc >= " + String(repeating: "-", count: 30_000) + "1",
            Array(repeating: "test_acc >= 0.9", count: 30_000).joined(separator: " and "),
            "test_acc >= " + Array(repeating: "1", count: 30_000).joined(separator: " + "),
        ]
        for source in cases {
            let start = Date()
            let message = error(source)
            XCTAssertLessThan(Date().timeIntervalSince(start), 2, "checks are parsed in linear time")
            XCTAssertTrue(message.contains("more than \(Check.maximumDepth)"), String(message.prefix(200)))
            XCTAssertTrue(message.hasSuffix(")") && message.contains("(column "), message)
            XCTAssertLessThan(message.count, 200, message)
        }
        // At the limit a check still parses.
        let deepest = Array(repeating: "test_acc >= 0.9", count: Check.maximumDepth / 2).joined(separator: " and ")
        XCTAssertEqual(error(deepest), "no error")
    }

    /// Words and text from a check are quoted short and with control characters escaped.
    func testQuotedWordsAreShortAndEscaped() {
        let huge = String(repeating: "q", count: 300_000)
        var message = error("\(huge) >= 0.9")
        XCTAssertTrue(message.hasPrefix("unknown fact 'qqqq"), String(message.prefix(100)))
        XCTAssertLessThan(message.count, 200)
        message = error("data == \"\u{1B}[2J\" and \u{07}")
        XCTAssertFalse(message.unicodeScalars.contains { $0.value < 0x20 }, message)
        XCTAssertTrue(message.contains("\\x07"), message)
    }
}
