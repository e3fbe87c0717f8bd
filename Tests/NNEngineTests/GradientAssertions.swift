import NNEngine
import XCTest

/// Checks a tape computation's gradients against central differences.
///
/// `build` records a scalar-valued computation of the given inputs on a tape; every input
/// element's analytic gradient must agree within `tolerance` relative error with the
/// fourth-order central difference (−f(x+2ε) + 8f(x+ε) − 8f(x−ε) + f(x−2ε)) / 12ε, whose
/// truncation error is far below the tolerance for smooth functions.
func assertGradientsMatch(_ inputs: [Tensor], tolerance: Double = 1e-6, epsilon: Double = 1e-4,
                          file: StaticString = #filePath, line: UInt = #line,
                          _ build: (Tape, [Variable]) throws -> Variable) {
    do {
        try checkGradients(inputs, tolerance: tolerance, epsilon: epsilon, file: file, line: line, build)
    } catch {
        XCTFail("the computation threw: \(error)", file: file, line: line)
    }
}

private func checkGradients(_ inputs: [Tensor], tolerance: Double, epsilon: Double, file: StaticString, line: UInt,
                            _ build: (Tape, [Variable]) throws -> Variable) throws {
    let tape = Tape()
    let variables = inputs.map { tape.parameter($0) }
    let output = try build(tape, variables)
    tape.backward(from: output)
    let analytic = variables.map { tape.gradient($0) }
    func evaluate(_ values: [Tensor]) throws -> Double {
        let t = Tape()
        return t.value(try build(t, values.map { t.constant($0) })).scalar
    }
    for (k, input) in inputs.enumerated() {
        for i in 0..<input.count {
            func shifted(_ steps: Double) throws -> Double {
                var values = inputs
                values[k].scalars[i] += steps * epsilon
                return try evaluate(values)
            }
            let numeric = try (-shifted(2) + 8 * shifted(1) - 8 * shifted(-1) + shifted(-2)) / (12 * epsilon)
            let a = analytic[k].scalars[i]
            let error = GradientCheck.relativeError(a, numeric)
            // Gradients that are zero up to rounding are compared absolutely.
            let absolute = abs(a - numeric)
            XCTAssert(error <= tolerance || absolute <= 1e-9,
                      "input \(k)[\(i)]: analytic \(a), numeric \(numeric), relative error \(error)",
                      file: file, line: line)
        }
    }
}

/// A tensor of normal draws.
func randomTensor(_ shape: [Int], seed: Int, scale: Double = 1) -> Tensor {
    var g = SeededGenerator(seed: seed)
    let n = shape.reduce(1, *)
    return Tensor(shape: shape, scalars: (0..<n).map { _ in g.normal(deviation: scale) })
}

/// The fourth-order central difference of a scalar function at x with step h.
func centralDifference(_ f: (Double) -> Double, at x: Double, step h: Double) -> Double {
    (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)
}
