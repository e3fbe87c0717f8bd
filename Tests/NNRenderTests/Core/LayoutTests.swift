import NNRender
import XCTest

final class LayoutTests: XCTestCase {
    func testLengthPercentAndFill() {
        let parts = Layout.split(Rect(x: 0, y: 0, width: 10, height: 100), direction: .vertical,
                                 constraints: [.length(10), .percent(20), .fill, .fill])
        XCTAssertEqual(parts.map(\.height), [10, 20, 35, 35])
        XCTAssertEqual(parts.map(\.y), [0, 10, 30, 65])
        XCTAssertTrue(parts.allSatisfy { $0.width == 10 && $0.x == 0 })
    }

    func testHorizontalWithSpacingAndRemainder() {
        let parts = Layout.split(Rect(x: 5, y: 2, width: 21, height: 3), direction: .horizontal,
                                 constraints: [.fill, .fill, .fill], spacing: 1)
        XCTAssertEqual(parts.map(\.width), [7, 6, 6])
        XCTAssertEqual(parts.map(\.x), [5, 13, 20])
        XCTAssertEqual(parts.last!.right, 26)
    }

    func testOverflowTruncatesTheLastParts() {
        let parts = Layout.split(Rect(x: 0, y: 0, width: 10, height: 1), direction: .horizontal,
                                 constraints: [.length(6), .length(6), .fill])
        XCTAssertEqual(parts.map(\.width), [6, 4, 0])
        XCTAssertTrue(parts.allSatisfy { $0.right <= 10 })
    }

    func testEmptyRectangleAndNoConstraints() {
        XCTAssertEqual(Layout.split(.zero, direction: .vertical, constraints: [.fill, .length(3)]).map(\.height), [0, 0])
        XCTAssertEqual(Layout.split(Rect(x: 0, y: 0, width: 4, height: 4), direction: .vertical, constraints: []), [])
    }

    func testRectHelpers() {
        let r = Rect(x: 2, y: 3, width: 10, height: 5)
        XCTAssertEqual(r.inset(by: 1), Rect(x: 3, y: 4, width: 8, height: 3))
        XCTAssertEqual(r.inset(by: 10).area, 0)
        XCTAssertEqual(r.intersection(Rect(x: 10, y: 0, width: 10, height: 5)), Rect(x: 10, y: 3, width: 2, height: 2))
        XCTAssertTrue(r.intersection(Rect(x: 50, y: 50, width: 1, height: 1)).isEmpty)
        XCTAssertTrue(r.contains(x: 11, y: 7))
        XCTAssertFalse(r.contains(x: 12, y: 7))
    }

    func testPanelDrawsBorderAndTitle() {
        let panel = Panel(title: "loss")
        var buffer = Buffer(width: 12, height: 3)
        panel.render(in: buffer.area, buffer: &buffer)
        XCTAssertEqual(BufferPrinter().plainLines(buffer), ["┌ loss ────┐", "│          │", "└──────────┘"])
        XCTAssertEqual(panel.inner(of: buffer.area), Rect(x: 1, y: 1, width: 10, height: 1))
    }
}
