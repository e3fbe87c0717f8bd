import Foundation
import NNLessons
import XCTest

/// The `initial-loss` generator against plain arithmetic: a uniform softmax over k classes
/// gives every sample the loss −ln(1/k) = ln k.
extension NumericQuestionTests {
    func testInitialLossOfAFreshClassifier() {
        check("initial-loss") { _, v in
            let k = v.number("k")
            // Independent: the mean over the batch of −ln(e⁰/Σe⁰) for one class at a time.
            let perSample = -log(exp(0.0) / (k * exp(0.0)))
            return Expected(answer: perSample, required: [
                "log base 10": log10(k),
                "log base 2": log2(k),
                "sign of ln(1/k)": log(1 / k),
                "bce formula": -log(0.5),
            ], optional: ["probability, not its loss": 1 / k])
        }
        // Worked by hand: ln 10 = 2.302585…, ln 3 = 1.098612….
        XCTAssertEqual(log(10.0), 2.302585, accuracy: 1e-6)
        XCTAssertEqual(log(3.0), 1.098612, accuracy: 1e-6)
    }
}
