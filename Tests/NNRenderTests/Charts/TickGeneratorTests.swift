import NNRender
import XCTest

final class TickGeneratorTests: XCTestCase {
    private let generator = TickGenerator()

    func testTicksForCommonRanges() {
        XCTAssertEqual(generator.ticks(from: 0, to: 1, targetCount: 5), [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(generator.ticks(from: 0, to: 100, targetCount: 5), [0, 25, 50, 75, 100])
        XCTAssertEqual(generator.ticks(from: -0.43, to: 1.27, targetCount: 5), [-0.5, 0, 0.5, 1, 1.5])
        XCTAssertEqual(generator.ticks(from: 0, to: 137, targetCount: 6), [0, 25, 50, 75, 100, 125])
        XCTAssertEqual(generator.ticks(from: -3, to: 3, targetCount: 7), [-3, -2, -1, 0, 1, 2, 3])
        XCTAssertEqual(generator.ticks(from: 1e-5, to: 3.2e-5, targetCount: 4), [1e-5, 2e-5, 3e-5])
        XCTAssertEqual(generator.ticks(from: 0, to: 1e7, targetCount: 5), [0, 2.5e6, 5e6, 7.5e6, 1e7])
    }

    func testLooseTicksEncloseTheData() {
        XCTAssertEqual(generator.ticks(from: 0, to: 137, targetCount: 6, looseOnly: true), [0, 20, 40, 60, 80, 100, 120, 140])
        let ticks = generator.ticks(from: 0.023, to: 0.693, targetCount: 4, looseOnly: true)
        XCTAssertEqual(ticks, [0, 0.25, 0.5, 0.75])
    }

    func testIntegerTicks() {
        XCTAssertEqual(generator.ticks(from: 0, to: 3, targetCount: 6, integersOnly: true), [0, 1, 2, 3])
        XCTAssertTrue(generator.ticks(from: 0, to: 7, targetCount: 5, integersOnly: true).allSatisfy { $0 == $0.rounded() })
    }

    func testTicksAreExactDecimals() {
        // 0.1 · 3 would print as 0.30000000000000004; ticks are built to avoid that.
        let ticks = generator.ticks(from: 0, to: 0.7, targetCount: 8)
        XCTAssertEqual(ticks, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
    }

    func testDegenerateRanges() {
        XCTAssertEqual(generator.ticks(from: 0.5, to: 0.5, targetCount: 5), [0.45, 0.475, 0.5, 0.525, 0.55])
        XCTAssertEqual(generator.ticks(from: 0, to: 0, targetCount: 3), [-1, 0, 1])
        XCTAssertEqual(generator.ticks(from: 1, to: 0, targetCount: 5), [0, 0.25, 0.5, 0.75, 1])
        XCTAssertEqual(generator.ticks(from: .nan, to: 1), [])
        XCTAssertEqual(generator.ticks(from: 0, to: .infinity), [])
    }

    func testLabels() {
        XCTAssertEqual(TickGenerator.labels(for: [0, 0.25, 0.5, 0.75, 1]), ["0.00", "0.25", "0.50", "0.75", "1.00"])
        XCTAssertEqual(TickGenerator.labels(for: [-0.5, 0, 0.5, 1, 1.5]), ["-0.5", "0.0", "0.5", "1.0", "1.5"])
        XCTAssertEqual(TickGenerator.labels(for: [0, 25, 50]), ["0", "25", "50"])
        XCTAssertEqual(TickGenerator.labels(for: [1e-5, 2e-5, 3e-5]), ["1e-5", "2e-5", "3e-5"])
        XCTAssertEqual(TickGenerator.labels(for: [0, 2.5e6, 5e6, 7.5e6, 1e7]), ["0", "2.5e6", "5e6", "7.5e6", "1e7"])
    }

    func testLogTicks() {
        XCTAssertEqual(generator.logTicks(from: 0.0012, to: 2.3, targetCount: 5), [0.01, 0.1, 1])
        XCTAssertEqual(generator.logTicks(from: 0.0012, to: 2.3, targetCount: 5, looseOnly: true), [0.001, 0.01, 0.1, 1, 10])
        XCTAssertEqual(TickGenerator.logLabels(for: [0.001, 0.01, 0.1, 1, 10]), ["0.001", "0.01", "0.1", "1", "10"])
        XCTAssertEqual(TickGenerator.logLabels(for: [1e-9, 1e-6, 1e-3]), ["1e-9", "1e-6", "0.001"])
        // Many decades: every third one.
        XCTAssertEqual(generator.logTicks(from: 1e-9, to: 1, targetCount: 4), [1e-9, 1e-6, 1e-3, 1])
        // Less than a decade: linear nice ticks.
        XCTAssertEqual(generator.logTicks(from: 0.02, to: 0.07, targetCount: 4), [0.02, 0.03, 0.04, 0.05, 0.06, 0.07])
        XCTAssertEqual(generator.logTicks(from: 0, to: 10), [])
    }

    func testNumberFormat() {
        XCTAssertEqual(NumberFormat.significant(0.031234), "0.0312")
        XCTAssertEqual(NumberFormat.significant(12.5), "12.5")
        XCTAssertEqual(NumberFormat.significant(0.5), "0.5")
        XCTAssertEqual(NumberFormat.significant(1.234e-5), "1.23e-5")
        XCTAssertEqual(NumberFormat.significant(2_500_000), "2.5e6")
        XCTAssertEqual(NumberFormat.significant(.nan), "NaN")
        XCTAssertEqual(NumberFormat.significant(-.infinity), "-∞")
        XCTAssertEqual(NumberFormat.fixed(-0.001, decimals: 2), "0.00")
        XCTAssertEqual(NumberFormat.exponential(9.996e-4, digits: 3), "1e-3")
    }
}
