import Foundation
import NNKernels
import XCTest

/// The vector exp and log against the C library: within one unit in the last place over
/// millions of arguments, and exact at the edges.
final class VectorMathTests: XCTestCase {
    /// Units in the last place between `value` and `reference` (0 when both are the same value,
    /// both NaN, or the same infinity).
    static func ulps(_ value: Double, _ reference: Double) -> Double {
        if value == reference || (value.isNaN && reference.isNaN) { return 0 }
        guard value.isFinite, reference.isFinite else { return .infinity }
        return abs(value - reference) / max(reference.ulp, Double.leastNonzeroMagnitude)
    }

    /// The largest error of `vector` against `scalar` over `arguments`, and the argument it was at.
    static func worst(_ arguments: [Double], vector: (UnsafeMutablePointer<Double>, Int) -> Void,
                      scalar: (Double) -> Double) -> (ulps: Double, at: Double) {
        var values = arguments
        values.withUnsafeMutableBufferPointer { vector($0.baseAddress!, $0.count) }
        var worst = (ulps: 0.0, at: 0.0)
        for (x, y) in zip(arguments, values) {
            let error = ulps(y, scalar(x))
            if error > worst.ulps { worst = (error, x) }
        }
        return worst
    }

    /// Arguments spread uniformly over `range`, from a fixed sequence.
    static func arguments(_ count: Int, in range: ClosedRange<Double>, seed: UInt64) -> [Double] {
        WorkerPoolTests.values(count, seed: seed).map { range.lowerBound + ($0 + 1) / 2 * (range.upperBound - range.lowerBound) }
    }

    func testExpIsWithinOneUlpOfTheCLibrary() {
        for (range, seed) in [(-1.0...1.0, 1), (-40.0...0.0, 2), (-745.0...709.7, 3), (-1e-6...1e-6, 4),
                              (-745.2 ... -700.0, 5)] as [(ClosedRange<Double>, UInt64)] {
            let result = Self.worst(Self.arguments(1_000_003, in: range, seed: seed),
                                    vector: { VectorMath.exp(inPlace: $0, count: $1) }, scalar: Foundation.exp)
            XCTAssertLessThanOrEqual(result.ulps, 1, "exp over \(range): \(result.ulps) ulp at \(result.at)")
        }
    }

    func testExpAtTheEdges() {
        let edges: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, 709.78, 709.79, 710, 1e300, -745.13, -745.14,
                               -746, -1e300, -708.39, -708.4, -720, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude,
                               Double.ulpOfOne, 0.5 * log(2.0), -0.5 * log(2.0)]
        var values = edges
        values.withUnsafeMutableBufferPointer { VectorMath.exp(inPlace: $0.baseAddress!, count: $0.count) }
        for (x, y) in zip(edges, values) {
            XCTAssertLessThanOrEqual(Self.ulps(y, Foundation.exp(x)), 1, "exp(\(x)) = \(y), C library \(Foundation.exp(x))")
        }
        XCTAssertEqual(values[0], 1, "e⁰ is exactly 1 (the largest logit's term of a softmax)")
        XCTAssertEqual(values[1], 1)
        var nan = [Double.nan, 1, .nan]
        nan.withUnsafeMutableBufferPointer { VectorMath.exp(inPlace: $0.baseAddress!, count: 3) }
        XCTAssertTrue(nan[0].isNaN && nan[2].isNaN)
        XCTAssertEqual(nan[1], Foundation.exp(1))
    }

    func testLogIsWithinOneUlpOfTheCLibrary() {
        for (range, seed) in [(0.5...2.0, 11), (1.0...10.0, 12), (1e-300...1e300, 13), (0.999999...1.000001, 14),
                              (0.0...1e-307, 15)] as [(ClosedRange<Double>, UInt64)] {
            let result = Self.worst(Self.arguments(1_000_003, in: range, seed: seed),
                                    vector: { VectorMath.log(inPlace: $0, count: $1) }, scalar: Foundation.log)
            XCTAssertLessThanOrEqual(result.ulps, 1, "log over \(range): \(result.ulps) ulp at \(result.at)")
        }
        // Every binade, at random mantissas.
        let spread = WorkerPoolTests.values(200_000, seed: 16).enumerated().map { i, u in
            Foundation.scalbn(1 + abs(u), i % 2098 - 1074)
        }
        let result = Self.worst(spread, vector: { VectorMath.log(inPlace: $0, count: $1) }, scalar: Foundation.log)
        XCTAssertLessThanOrEqual(result.ulps, 1, "log over every binade: \(result.ulps) ulp at \(result.at)")
    }

    func testLogAtTheEdges() {
        let edges: [Double] = [1, 2, 0.5, 2.0.squareRoot(), 2.0.squareRoot().nextUp, 2.0.squareRoot().nextDown, 1.0.nextUp,
                               1.0.nextDown, .greatestFiniteMagnitude, Double.leastNormalMagnitude,
                               Double.leastNonzeroMagnitude, Double.leastNormalMagnitude.nextDown, 3, 10, M_E]
        var values = edges
        values.withUnsafeMutableBufferPointer { VectorMath.log(inPlace: $0.baseAddress!, count: $0.count) }
        for (x, y) in zip(edges, values) {
            XCTAssertLessThanOrEqual(Self.ulps(y, Foundation.log(x)), 1, "log(\(x)) = \(y), C library \(Foundation.log(x))")
        }
        XCTAssertEqual(values[0], 0, "ln 1 is exactly 0")
        var special = [0, -0.0, .infinity, -1, -.infinity, .nan, -Double.leastNonzeroMagnitude]
        special.withUnsafeMutableBufferPointer { VectorMath.log(inPlace: $0.baseAddress!, count: $0.count) }
        XCTAssertEqual(special[0], -.infinity)
        XCTAssertEqual(special[1], -.infinity)
        XCTAssertEqual(special[2], .infinity)
        XCTAssertTrue(special[3].isNaN && special[4].isNaN && special[5].isNaN && special[6].isNaN)
    }
}
