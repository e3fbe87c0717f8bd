import Foundation
import NNEngine
import NNRender
import NNSession
import XCTest

/// `forward`, `backward` and `trace` through time on recurrent layers: a one-unit RNN set by
/// hand whose every printed number is worked out here, and an LSTM whose cell gradients are
/// checked against the tape's.
final class RecurrentInspectionTests: SessionTestCase {
    /// x = [1, 2, 3] (3 steps of 1 feature), y = 0; h = identity(1·x + 0.5·h), out = h₃, mse.
    /// By hand: h = 1, 2.5, 4.25; L = 4.25² = 18.0625; ∂L/∂h₃ = 8.5, then ×0.5 a step back:
    /// 4.25, 2.125; ∂L/∂W_ih = Σ ∂L/∂hₜ·xₜ = 36.125, ∂L/∂W_hh = Σ ∂L/∂hₜ·hₜ₋₁ = 25.5, ∂L/∂b = 14.875.
    func buildHandSetRNN() throws {
        let csv = folder.appendingPathComponent("steps.csv")
        try "x1,x2,x3,y\n1,2,3,0\n".write(to: csv, atomically: true, encoding: .utf8)
        for line in ["data load \(csv.path) shape=3x1 test=0 normalize=off task=regression", "loss mse",
                     "net input 3x1", "layer rnn 1 act=identity", "layer dense 1 act=identity",
                     "set wih1[0,0]=1 whh1[0,0]=0.5 b1[0]=0 w2[0,0]=1 b2[0]=0"] {
            run(line)
        }
    }

    /// The rows of the first table whose lines start with a step number, as numbers.
    func stepRows(_ text: String, after marker: String) -> [[Double]] {
        guard let start = text.range(of: marker) else { return [] }
        var rows: [[Double]] = []
        for line in text[start.upperBound...].split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ").compactMap { Double($0) }
            if line.hasPrefix("─") || line.hasPrefix("t ") { continue }
            guard let first = fields.first, first == Double(rows.count + 1), !line.hasPrefix(" ") else {
                if !rows.isEmpty { break } else { continue }
            }
            rows.append(Array(fields.dropFirst()))
        }
        return rows
    }

    func testForwardListsEveryStepsHiddenState() throws {
        try buildHandSetRNN()
        let text = run("forward")
        XCTAssertTrue(text.contains("hₜ = identity(W_ih·xₜ + W_hh·hₜ₋₁ + b)"), text)
        XCTAssertEqual(stepRows(text, after: "layer 1: rnn 1"), [[1, 1], [2, 2.5], [3, 4.25]])
        XCTAssertTrue(text.contains("loss mse = 18.0625"), text)
    }

    func testBackwardListsTheGradientThroughTime() throws {
        try buildHandSetRNN()
        let text = run("backward")
        XCTAssertEqual(stepRows(text, after: "(sums over the steps)"), [[2.125, 2.125], [4.25, 4.25], [8.5, 8.5]])
        XCTAssertTrue(text.contains("‖∂L/∂W_ih‖ = 36.12"), text)
        XCTAssertTrue(text.contains("‖∂L/∂W_hh‖ = 25.5"), text)
        XCTAssertTrue(text.contains("‖∂L/∂b‖ =\n  14.88") || text.contains("‖∂L/∂b‖ = 14.88"), text)
        for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(DisplayWidth.of(String(line)), 80, String(line)) }
    }

    /// The trace walks forward one step per time step with the sum written out, then backward
    /// from t = T, each step's gradient a factor W_hh = 0.5 of the next one's.
    func testTraceStepsThroughTimeForwardThenBackward() throws {
        try buildHandSetRNN()
        let walk = try session.passWalk()
        let forward = walk.steps.filter { $0.phase == .forward && $0.layer == 0 }
        XCTAssertEqual(forward.map(\.title), ["layer 1 · rnn · t = 1 of 3", "layer 1 · rnn · t = 2 of 3", "layer 1 · rnn · t = 3 of 3"])
        XCTAssertEqual(forward[1].lines[1], "unit 1: z = 1·2 + 0.5·1 + 0")
        XCTAssertEqual(forward[1].lines[2], "   = 2.5; unit 1 of hₜ = identity(2.5) = 2.5")
        let backward = walk.steps.filter { $0.phase == .backward && $0.layer == 0 }
        XCTAssertEqual(backward.map(\.title).map { String($0.suffix(5)) }, ["t = 3", "t = 2", "t = 1"])
        XCTAssertEqual(backward[0].lines[0], "‖∂L/∂h₃‖ = 8.5")
        XCTAssertEqual(backward[2].lines[0], "‖∂L/∂h₁‖ = 2.125")
        XCTAssertEqual(backward[2].lines[2], "× 0.5 against step 2; 0.25 of the last step's")

        let view = try TraceView(session: session, sample: 0, width: 80, height: 24)
        for _ in 0..<view.walk.steps.count {
            var buffer = Buffer(width: 80, height: 24)
            view.render(into: &buffer)
            XCTAssertTrue(BufferPrinter(colorMode: .none).plainLines(buffer).joined().contains("nnlab · trace"))
            _ = view.update(.key(.right))
        }
    }

    /// A one-unit LSTM over two steps, every weight set by hand, against its forward and
    /// backward pass worked out here: the gates and states `forward` prints, and the whole
    /// ∂L/∂hₜ and ∂L/∂cₜ `backward` prints (cₜ's through the next step's cell path and through
    /// hₜ = o·tanh(cₜ)).
    func testLSTMByHand() throws {
        let csv = folder.appendingPathComponent("two.csv")
        try "x1,x2,y\n0.5,-1,0.3\n".write(to: csv, atomically: true, encoding: .utf8)
        let wih = [0.4, -0.3, 0.8, 0.6], whh = [0.2, 0.5, -0.7, 0.1], bias = [0.1, 1.0, 0.0, -0.2]
        let v = 1.5, u = 0.05, xs = [0.5, -1.0], y = 0.3
        for line in ["data load \(csv.path) shape=2x1 test=0 normalize=off task=regression", "loss mse",
                     "net input 2x1", "layer lstm 1 seq=last", "layer dense 1 act=identity",
                     (0..<4).map { "wih1[\($0),0]=\(wih[$0]) whh1[\($0),0]=\(whh[$0]) b1[\($0)]=\(bias[$0])" }
                        .joined(separator: " ").replacingOccurrences(of: "wih1", with: "set wih1", options: .anchored),
                     "set w2[0,0]=\(v) b2[0]=\(u)"] {
            run(line)
        }
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        var h = [0.0], c = [0.0], gates: [[Double]] = []
        for x in xs {
            let z = (0..<4).map { wih[$0] * x + whh[$0] * h.last! + bias[$0] }
            let g = [sigmoid(z[0]), sigmoid(z[1]), tanh(z[2]), sigmoid(z[3])]
            gates.append(g)
            c.append(g[1] * c.last! + g[0] * g[2])
            h.append(g[3] * tanh(c.last!))
        }
        let out = v * h[2] + u
        let dh2 = 2 * (out - y) * v
        let dc2 = dh2 * gates[1][3] * (1 - tanh(c[2]) * tanh(c[2]))
        let g2 = gates[1]
        let dz2 = [dc2 * g2[2] * g2[0] * (1 - g2[0]), dc2 * c[1] * g2[1] * (1 - g2[1]),
                   dc2 * g2[0] * (1 - g2[2] * g2[2]), dh2 * tanh(c[2]) * g2[3] * (1 - g2[3])]
        let dh1 = (0..<4).reduce(0) { $0 + whh[$1] * dz2[$1] }
        let dc1 = dc2 * g2[1] + dh1 * gates[0][3] * (1 - tanh(c[1]) * tanh(c[1]))

        let forward = stepRows(run("forward"), after: "layer 1: lstm 1")
        XCTAssertEqual(forward.count, 2)
        for t in 0..<2 {
            let expected = [xs[t]] + gates[t] + [c[t + 1], h[t + 1]]
            for (printed, value) in zip(forward[t], expected) { XCTAssertEqual(printed, value, accuracy: 5e-5) }
        }
        let backward = stepRows(run("backward"), after: "(sums over the steps)")
        XCTAssertEqual(backward.count, 2)
        XCTAssertEqual(backward[0][0], abs(dh1), accuracy: 1e-6)
        XCTAssertEqual(backward[0][1], abs(dc1), accuracy: 1e-6)
        XCTAssertEqual(backward[0][2], dh1, accuracy: 1e-6)
        XCTAssertEqual(backward[1][0], abs(dh2), accuracy: 1e-6)
        XCTAssertEqual(backward[1][1], abs(dc2), accuracy: 1e-6)
    }
}
