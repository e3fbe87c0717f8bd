import Foundation
import NNEngine

/// The pass explorer through time: a recurrent layer unrolled one step per screen, forward from
/// t = 1 to T, then backward from T to 1 with ‖∂L/∂hₜ‖ shrinking or growing step by step.
extension StackWalkBuilder {
    /// Forward: each step's new hidden state, unit 1's sum written out (an LSTM's gates too).
    func recurrentForwardSteps(_ l: Int, _ r: RecurrentLayer) -> [PassStep] {
        let h = r.hidden
        let states = report.stepRows(l)
        let inputs = report.stepInputs(l, features: r.inputs)
        let hidden = states.map { Array($0[0..<h]) }
        let z = report.preActivations(r, layer: l)
        let gates = r.cell == .lstm ? report.lstmGates(r, layer: l) : []
        let title = "layer \(l + 1) · \(r.cell.rawValue)"
        return inputs.indices.map { t in
            let previous = t == 0 ? [Double](repeating: 0, count: h) : hidden[t - 1]
            let x = inputs[t]
            // Unit 1's sum for block `gate` (0 for an RNN; i, f, g, o for an LSTM), term by term.
            func terms(_ gate: Int) -> String {
                let row = gate * h
                var terms = x.indices.prefix(2).map { "\(N.operand(r.weightsIH[row, $0]))·\(N.operand(x[$0]))" }
                if x.count > 2 { terms.append("…") }
                terms += previous.indices.prefix(2).map { "\(N.operand(r.weightsHH[row, $0]))·\(N.operand(previous[$0]))" }
                if h > 2 { terms.append("…") }
                terms.append(N.operand(r.bias.scalars[row]))
                return terms.joined(separator: " + ")
            }
            var lines: [String]
            let step = "t = \(t + 1) of \(inputs.count)"
            switch r.cell {
            case .rnn:
                lines = ["\(step): hₜ = \(r.activation.rawValue)(W_ih·xₜ + W_hh·hₜ₋₁ + b), hₜ₋₁ \(t == 0 ? "= h₀ = 0" : "from step \(t)")",
                         "unit 1: z = \(terms(0))",
                         "   = \(N.number(z[t][0])); unit 1 of hₜ = \(r.activation.rawValue)(\(N.number(z[t][0]))) = \(N.number(hidden[t][0]))"]
            case .lstm:
                let c = states[t][h], cPrevious = t == 0 ? 0 : states[t - 1][h]
                let pre = (0..<4).map { z[t][$0 * h] }
                let (i, f, g, o) = (gates[t][0][0], gates[t][1][0], gates[t][2][0], gates[t][3][0])
                lines = ["\(step), unit 1 (gates from W_ih·xₜ + W_hh·hₜ₋₁ + b):",
                         "input     i = σ(\(N.number(pre[0]))) = \(N.number(i))",
                         "forget    f = σ(\(N.number(pre[1]))) = \(N.number(f))",
                         "candidate g = tanh(\(N.number(pre[2]))) = \(N.number(g))",
                         "output    o = σ(\(N.number(pre[3]))) = \(N.number(o))",
                         "cₜ = f·cₜ₋₁ + i·g",
                         "   = \(N.operand(f))·\(N.operand(cPrevious)) + \(N.operand(i))·\(N.operand(g)) = \(N.number(c))",
                         "hₜ = o·tanh(cₜ) = \(N.operand(o))·\(N.operand(tanh(c))) = \(N.number(hidden[t][0]))"]
            }
            var passStep = PassStep(phase: .forward, layer: l, title: "\(title) · \(step)", lines: lines,
                                    picture: [PassGrid.vector("x at t = \(t + 1)", x),
                                              PassGrid.vector("h at t = \(t + 1)", hidden[t], current: 0)])
            passStep.part = t
            passStep.elided = t >= Self.shownInTranscript && t < inputs.count - 1
            return passStep
        }
    }

    /// Backward: ∂L/∂hₜ from t = T down to 1, with its norm and how it changed from step t + 1.
    func recurrentBackwardSteps(_ l: Int, _ r: RecurrentLayer) -> [PassStep] {
        let h = r.hidden
        let gradients = pass.stepStates[l].map(report.gradientRow)
        let norms = gradients.map { report.norm(Array($0[0..<h])) }
        let steps = norms.count
        let cells = r.cell == .lstm ? report.cellGradients(r, layer: l) : nil
        let title = "layer \(l + 1) · \(r.cell.rawValue) · backward through time"
        return (0..<steps).reversed().map { t in
            var lines = ["‖∂L/∂h\(N.subscripted(t + 1))‖ = \(N.number(norms[t]))"]
            if t == steps - 1 {
                lines.append(r.returnsSequence ? "the last step's gradient comes from its own output"
                                               : "the last step's hidden state is the layer's output: the gradient starts here")
            } else {
                let ratio = norms[t + 1] > 0 ? norms[t] / norms[t + 1] : .nan
                lines.append("from step \(t + 2) through W_hh and the \(r.cell == .lstm ? "gates (and the cell's f·c path)" : "activation's slope")\(r.returnsSequence ? ", plus this step's own output" : "")")
                lines.append("× \(N.number(ratio)) against step \(t + 2); \(N.number(norms[steps - 1] > 0 ? norms[t] / norms[steps - 1] : .nan)) of the last step's")
            }
            if let cells {
                lines.append("‖∂L/∂c\(N.subscripted(t + 1))‖ = \(N.number(report.norm(cells[t])))"
                             + (t > 0 ? ": the cell path hands it to step \(t) times the forget gate f" : ""))
            }
            var passStep = PassStep(phase: .backward, layer: l, title: "\(title) · t = \(t + 1)", lines: lines,
                                    picture: [PassGrid.vector("‖∂L/∂hₜ‖, t = 1…\(steps)", norms.enumerated().map { $0.offset >= t ? $0.element : .nan },
                                                              current: t)])
            passStep.part = steps - 1 - t
            passStep.elided = t < steps - Self.shownInTranscript && t > 0
            return passStep
        }
    }
}
