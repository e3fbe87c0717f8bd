import Foundation
import NNLessons
import XCTest

/// The recurrent generators (`rnn-step`, `lstm-step`, `recurrent-param-count`) against the
/// cell equations and parameter counts written out here in plain arithmetic from the values
/// their prompts state.
extension NumericQuestionTests {
    func plainTanh(_ u: Double) -> Double { (exp(u) - exp(-u)) / (exp(u) + exp(-u)) }

    func testRNNStep() {
        var units: Set<Int> = []
        check("rnn-step") { problem, v in
            let wih = v.matrix("Wᵢₕ"), whh = v.matrix("Wₕₕ"), b = v.vector("b"), x = v.vector("x"), h = v.vector("h")
            XCTAssertEqual(wih.map(\.count), [2, 2])
            XCTAssertEqual(whh.map(\.count), [2, 2])
            let k = problem.prompt.contains("h′₁?") ? 0 : 1
            XCTAssertTrue(problem.prompt.contains(k == 0 ? "h′₁?" : "h′₂?"), problem.prompt)
            units.insert(k)
            let input = wih[k][0] * x[0] + wih[k][1] * x[1]
            let state = whh[k][0] * h[0] + whh[k][1] * h[1]
            let column = whh[0][k] * h[0] + whh[1][k] * h[1]
            let z = input + state + b[k]
            return Expected(answer: plainTanh(z), required: [
                "forgot the previous state": plainTanh(input + b[k]),
                "sigmoid where tanh belongs": sigmoid(z),
                "forgot the bias": plainTanh(input + state),
            ], optional: [
                "pre-activation given": z,
                "a column of Wₕₕ instead of its row": plainTanh(input + column + b[k]),
            ])
        }
        XCTAssertEqual(units, [0, 1])
        // Worked by hand: Wᵢₕ row (0.5, −1), x = (1, 0.5), Wₕₕ row (0.2, 0.4), h = (0.5, −0.5),
        // b = 0.1: z = 0 + (−0.1) + 0.1 = 0, so h′ = tanh 0 = 0.
        XCTAssertEqual(plainTanh(0.5 * 1 - 1 * 0.5 + 0.2 * 0.5 - 0.4 * 0.5 + 0.1), 0, accuracy: 1e-15)
    }

    func testLSTMStep() {
        var asked: Set<String> = []
        check("lstm-step") { problem, v in
            let z = v.vector("z"), c = v.number("c")
            XCTAssertEqual(z.count, 4)
            // The gate equations written out, PyTorch's order i, f, g, o.
            let i = sigmoid(z[0]), f = sigmoid(z[1]), g = plainTanh(z[2]), o = sigmoid(z[3])
            let cell = f * c + i * g
            let state = o * plainTanh(cell)
            let wrong = i * c + f * g
            let swappedCell = plainTanh(z[1]) * c + plainTanh(z[0]) * sigmoid(z[2])
            if problem.prompt.contains("new cell state c′?") {
                asked.insert("c′")
                return Expected(answer: cell, required: [
                    "forget gate applied to the wrong term": wrong,
                    "tanh and sigmoid swapped": swappedCell,
                ], optional: ["input gate forgotten": f * c + g, "old cell left out": i * g])
            }
            XCTAssertTrue(problem.prompt.contains("new hidden state h′?"), problem.prompt)
            asked.insert("h′")
            return Expected(answer: state, required: [
                "forget gate applied to the wrong term": o * plainTanh(wrong),
                "tanh and sigmoid swapped": plainTanh(z[3]) * sigmoid(swappedCell),
                "used c instead of c′": o * plainTanh(c),
            ], optional: ["cell state given instead": cell, "tanh of the cell forgotten": o * cell])
        }
        XCTAssertEqual(asked, ["c′", "h′"])
        // Worked by hand: every gate open halfway (z = 0 gives σ = 0.5, tanh = 0), c = 1:
        // c′ = 0.5·1 + 0.5·0 = 0.5 and h′ = 0.5·tanh(0.5) = 0.2311.
        XCTAssertEqual(sigmoid(0) * 1 + sigmoid(0) * plainTanh(0), 0.5, accuracy: 1e-15)
        XCTAssertEqual(0.5 * plainTanh(0.5), 0.2311, accuracy: 1e-4)
    }

    func testRecurrentParameterCount() {
        var kinds: Set<String> = []
        check("recurrent-param-count") { _, v in
            let shape = v.first(#"net input (\d+)x(\d+)"#)!
            let steps = Int(shape[1])!, n = Int(shape[2])!
            let layer = v.first(#"layer (rnn|lstm) (\d+)"#)!
            let lstm = layer[1] == "lstm", h = Int(layer[2])!
            kinds.insert(layer[1])
            // nnlab's layer: Wᵢₕ (gates·H × N), Wₕₕ (gates·H × H), one bias (gates·H).
            let gates = lstm ? 4 : 1
            let total = gates * h * n + gates * h * h + gates * h
            var required: [String: Double] = [
                "recurrent weights forgotten": Double(gates * h * n + gates * h),
                "weights counted at every step": Double(steps * total),
                "PyTorch's two biases": Double(total + gates * h),
                "biases forgotten": Double(total - gates * h),
            ]
            if lstm {
                required["one gate's worth"] = Double(h * (n + h) + h)
                required["the candidate g left out"] = Double(3 * (h * (n + h) + h))
            }
            return Expected(answer: Double(total), required: required, isCount: true)
        }
        XCTAssertEqual(kinds, ["rnn", "lstm"])
        // Worked by hand: torch.nn.LSTM(10, 20) has 4·20·(10 + 20) + 2·4·20 = 2,560 parameters
        // with its two biases; nnlab's one bias makes it 2,480.
        XCTAssertEqual(4 * 20 * (10 + 20) + 4 * 20, 2_480)
    }
}
