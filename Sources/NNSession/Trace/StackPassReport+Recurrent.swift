import Foundation
import NNEngine

/// What `forward` and `backward` print for a recurrent layer: one row per time step.
///
/// Forward lists each step's input and hidden state (an LSTM's gates and cell state for its
/// first unit as well); backward lists ‖∂L/∂hₜ‖ step by step — the gradient travelling back
/// through time — and the norms of the layer's three gradients.
extension StackPassReport {
    /// The most hidden units a step's row lists before it gives the state's norm instead.
    static let maximumStateUnits = 4

    /// One sample's state after every step: the rows of `stepStates[l]` for sample 0.
    func stepRows(_ l: Int) -> [[Double]] { pass.stepStates[l].map(row) }

    /// The first sample's input at every step, T rows of N.
    func stepInputs(_ l: Int, features: Int) -> [[Double]] {
        let x = row(inputVariable(l))
        return stride(from: 0, to: x.count, by: features).map { Array(x[$0..<min($0 + features, x.count)]) }
    }

    /// Per-step rows of a recurrent layer's forward pass.
    func recurrentForward(_ r: RecurrentLayer, layer l: Int, heading: String) -> [OutputBlock] {
        let h = r.hidden
        let states = stepRows(l)
        let inputs = stepInputs(l, features: r.inputs)
        let hidden = states.map { Array($0[0..<h]) }
        var headers = ["t", r.inputs == 1 ? "x" : "‖x‖"]
        var columns: [[Double]] = [inputs.map { r.inputs == 1 ? $0[0] : norm($0) }]
        let shown = h <= Self.maximumStateUnits ? h : (r.cell == .lstm ? 1 : Self.maximumStateUnits - 1)
        let title: String
        switch r.cell {
        case .rnn:
            title = "\(heading): hₜ = \(r.activation.rawValue)(W_ih·xₜ + W_hh·hₜ₋₁ + b) from h₀ = 0, step by step"
        case .lstm:
            title = "\(heading): gates i, f, o = σ(…), g = tanh(…) of W_ih·xₜ + W_hh·hₜ₋₁ + b; cₜ = f⊙cₜ₋₁ + i⊙g, hₜ = o⊙tanh(cₜ); unit 1's gates"
            let gates = lstmGates(r, layer: l)
            headers += ["i₁", "f₁", "g₁", "o₁", "c₁"]
            columns += (0..<4).map { k in gates.map { $0[k][0] } } + [states.map { $0[h] }]
        }
        headers += (0..<shown).map { "h\($0 + 1)" }
        columns += (0..<shown).map { j in hidden.map { $0[j] } }
        if shown < h {
            headers.append("‖h‖")
            columns.append(hidden.map(norm))
        }
        return flatTable(title: title, headers: headers, columns: columns, decimals: 4, noun: "steps")
    }

    /// Per-step gradient norms of a recurrent layer's backward pass.
    func recurrentBackward(_ r: RecurrentLayer, layer l: Int, heading: String) -> [OutputBlock] {
        let h = r.hidden
        let gradients = pass.stepStates[l].map(gradientRow)
        let k = parameterIndex(l)
        let dIH = result.gradients[k].scalars, dHH = result.gradients[k + 1].scalars, db = result.gradients[k + 2].scalars
        let title = "\(heading): ∂L/∂hₜ flows back from the output and from step t + 1 through W_hh; "
            + "‖∂L/∂W_ih‖ = \(Numbers.format(norm(dIH), digits: 4)), ‖∂L/∂W_hh‖ = \(Numbers.format(norm(dHH), digits: 4)), "
            + "‖∂L/∂b‖ = \(Numbers.format(norm(db), digits: 4)) (sums over the steps)"
        var headers = ["t", "‖∂L/∂hₜ‖"]
        var columns = [gradients.map { norm(Array($0[0..<h])) }]
        if r.cell == .lstm {
            headers.append("‖∂L/∂cₜ‖")
            columns.append(cellGradients(r, layer: l).map(norm))
        }
        let shown = min(h, 2)
        headers += (0..<shown).map { "∂L/∂h\($0 + 1)" }
        columns += (0..<shown).map { j in gradients.map { $0[j] } }
        return flatTable(title: title, headers: headers, columns: columns, noun: "steps")
    }

    /// Every step's pre-activations W_ih·xₜ + W_hh·hₜ₋₁ + b of the first sample, `[t][row]`
    /// (G·H rows: an LSTM's in the gate order i, f, g, o), recomputed from the step's input
    /// and the previous hidden state the tape recorded.
    func preActivations(_ r: RecurrentLayer, layer l: Int) -> [[Double]] {
        let h = r.hidden
        let states = stepRows(l)
        return stepInputs(l, features: r.inputs).enumerated().map { t, x in
            let previous = t == 0 ? [Double](repeating: 0, count: h) : Array(states[t - 1][0..<h])
            return (0..<(r.cell.blocks * h)).map { row in
                var z = r.bias.scalars[row]
                for j in 0..<r.inputs { z += r.weightsIH[row, j] * x[j] }
                for j in 0..<h { z += r.weightsHH[row, j] * previous[j] }
                return z
            }
        }
    }

    /// An LSTM's activated gates i, f, g, o for every step and unit of the first sample:
    /// `[t][gate][unit]` (σ for i, f, o; tanh for g).
    func lstmGates(_ r: RecurrentLayer, layer l: Int) -> [[[Double]]] {
        let h = r.hidden
        return preActivations(r, layer: l).map { z in
            (0..<4).map { gate in
                (0..<h).map { unit in gate == 2 ? tanh(z[gate * h + unit]) : Activation.sigmoid(z[gate * h + unit]) }
            }
        }
    }

    /// ∂L/∂cₜ of an LSTM for every step (first sample): what step t + 1 hands back along the
    /// cell path plus what reaches cₜ through hₜ = o ⊙ tanh(cₜ).
    func cellGradients(_ r: RecurrentLayer, layer l: Int) -> [[Double]] {
        let h = r.hidden
        let states = stepRows(l), gates = lstmGates(r, layer: l)
        return pass.stepStates[l].map(gradientRow).enumerated().map { t, g in
            (0..<h).map { j in
                let c = tanh(states[t][h + j])
                return g[h + j] + g[j] * gates[t][3][j] * (1 - c * c)
            }
        }
    }

    /// The Euclidean norm of a list of numbers.
    func norm(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
