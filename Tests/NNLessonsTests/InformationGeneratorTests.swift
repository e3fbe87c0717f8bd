import Foundation
import NNLessons
import XCTest

/// The information-theory generators (`entropy`, `kl-divergence`) against entropies and
/// divergences computed here in plain arithmetic from the distributions their prompts state.
extension NumericQuestionTests {
    /// −Σ p·log p in the given base, skipping zero terms.
    func plainEntropy(_ p: [Double], base: Double) -> Double {
        p.filter { $0 > 0 }.map { -$0 * log($0) / log(base) }.reduce(0, +)
    }

    func testEntropyOfADistribution() {
        var units: Set<String> = []
        var sizes: Set<Int> = []
        check("entropy") { problem, v in
            let p = v.vector("p")
            XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-9, "a distribution: \(problem.prompt)")
            XCTAssertTrue(p.allSatisfy { $0 >= 0.1 - 1e-9 }, problem.prompt)
            sizes.insert(p.count)
            let bits = problem.prompt.contains("in bits")
            XCTAssertTrue(bits || problem.prompt.contains("in nats"))
            units.insert(bits ? "bits" : "nats")
            let answer = plainEntropy(p, base: bits ? 2 : M_E)
            let other = plainEntropy(p, base: bits ? M_E : 2)
            let lastTerm = -p.last! * log(p.last!) / log(bits ? 2 : M_E)
            return Expected(answer: answer, required: [
                "wrong log base": other,
                "sign dropped": -answer,
                "forgot a term": answer - lastTerm,
            ])
        }
        XCTAssertEqual(units, ["bits", "nats"])
        XCTAssertEqual(sizes, [3, 4])
    }

    func testKLDivergenceOfTwoDistributions() {
        check("kl-divergence") { problem, v in
            let p = v.vector("p"), q = v.vector("q")
            XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-9)
            XCTAssertEqual(q.reduce(0, +), 1, accuracy: 1e-9)
            var kl = 0.0, swapped = 0.0, cross = 0.0
            for j in 0..<3 {
                kl += p[j] * log(p[j] / q[j])
                swapped += q[j] * log(q[j] / p[j])
                cross -= p[j] * log(q[j])
            }
            XCTAssertGreaterThanOrEqual(kl, 0.02, problem.prompt)
            return Expected(answer: kl, required: [
                "arguments swapped": swapped,
                "wrong log base": kl / log(2),
                "cross-entropy given instead": cross,
            ])
        }
    }

    func testTheEntropyOfAFairCoinIsOneBit() {
        // Hand values the generators' engine functions must give: H(½, ½) = 1 bit = ln 2 nats.
        XCTAssertEqual(plainEntropy([0.5, 0.5], base: 2), 1, accuracy: 1e-15)
        XCTAssertEqual(plainEntropy([0.5, 0.25, 0.25], base: 2), 1.5, accuracy: 1e-15)
    }
}
