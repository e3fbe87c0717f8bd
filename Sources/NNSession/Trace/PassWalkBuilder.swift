import Foundation
import NNEngine

/// Lays a recorded pass out as the walk's steps, each with its formula written out in symbols
/// and then with the engine's numbers.
///
/// The builder only arranges values the engine computed; where a formula shows a part that
/// is not on the tape (one product w·a of a weighted sum, a running sum, eᶻ of softmax), the
/// part is worked out here from the engine's values so the line reads through, and the result
/// the line ends with is the engine's.
struct PassWalkBuilder {
    let walk: PassWalk

    typealias N = TraceNotation

    func steps() -> [PassStep] {
        inputSteps() + walk.layers.indices.flatMap(forwardSteps) + [lossStep()]
            + walk.layers.indices.reversed().flatMap(backwardSteps) + updateSteps()
    }

    var outputLayer: Int { walk.layers.count - 1 }

    /// A note on how many rows the pass ran on, for lines that sum or average over the batch.
    var batchNote: String {
        "batch norm needs a batch: this pass runs on \(walk.batchRows) rows (the sample first, then training rows); values shown are the sample's"
    }

    // MARK: Input

    func inputSteps() -> [PassStep] {
        var notes = ["training mode: the same pass `step` and `train` run"]
        if let dropout = walk.network.dropout, dropout.probability > 0 {
            notes.append("dropout p = \(N.number(dropout.probability)) draws a mask in training mode (seeded, so it is the same every time)")
        }
        if walk.batchRows > 1 { notes.append(batchNote) }
        return walk.inputs.indices.map { i in
            var lines = ["\(N.input(layer: 0, index: i)) = \(N.number(walk.inputs[i]))",
                         "the sample (\(walk.label)): x = [\(walk.inputs.map(N.number).joined(separator: ", "))], y = \(targetText)"]
            if i == 0 { lines += notes }
            return PassStep(phase: .input, layer: nil, title: "input \(i + 1) of \(walk.inputs.count)", lines: lines,
                            focus: .node(column: 0, unit: i), target: .input(i), reveals: [.input(i)])
        }
    }

    var targetText: String {
        if walk.targetIsClassIndex {
            let k = Int(walk.target[0])
            let name = k < walk.classNames.count && walk.classNames[k] != String(k) ? " (\(walk.classNames[k]))" : ""
            return "class \(k)\(name)"
        }
        return walk.target.count == 1 ? N.number(walk.target[0]) : "[" + walk.target.map(N.number).joined(separator: ", ") + "]"
    }

    // MARK: Forward

    func forwardSteps(_ l: Int) -> [PassStep] {
        let values = walk.layers[l]
        let layer = walk.network.layers[l]
        var steps: [PassStep] = []
        for j in 0..<layer.outputs {
            let zName = N.unit("z", layer: l, unit: j)
            let symbols = (0..<layer.inputs).map { i in "\(N.weight(layer: l, row: j, column: i))·\(N.input(layer: l, index: i))" }
            let definition = "\(zName) = \(N.sum(symbols + [N.unit("b", layer: l, unit: j)]))"
            var running = 0.0
            for i in 0..<layer.inputs {
                let w = values.weights[j][i], a = values.input[i]
                let product = w * a
                let previous = running
                running += product
                var lines = [definition,
                             "\(symbols[i]) = \(N.operand(w))·\(N.operand(a)) = \(N.number(product))"]
                lines.append(i == 0 ? "running sum: \(N.number(running))"
                                    : "running sum: \(N.number(previous)) + \(N.operand(product)) = \(N.number(running))")
                steps.append(PassStep(phase: .forward, layer: l, title: "layer \(l + 1) · unit \(j + 1) · weighted sum, term \(i + 1) of \(layer.inputs)",
                                      lines: lines, focus: .edge(column: l, from: i, to: j),
                                      target: .weight(layer: l, row: j, column: i)))
            }
            let numbers = (0..<layer.inputs).map { i in "\(N.operand(values.weights[j][i]))·\(N.operand(values.input[i]))" }
            let b = values.bias[j]
            steps.append(PassStep(phase: .forward, layer: l, title: "layer \(l + 1) · unit \(j + 1) · add the bias",
                                  lines: [definition,
                                          "\(zName) = \(N.sum(numbers + [N.operand(b)])) = \(N.number(values.z[j]))",
                                          "running sum \(N.number(running)) + \(N.unit("b", layer: l, unit: j)) \(N.operand(b)) = \(N.number(values.z[j]))"],
                                  focus: .node(column: l + 1, unit: j), target: .bias(layer: l, unit: j),
                                  reveals: [.z(layer: l, unit: j)]))
            if let normalized = values.normalized {
                steps.append(normalizationStep(l, j, values, normalized))
            }
            steps.append(activationStep(l, j, values, layer.activation))
            if let mask = values.mask {
                let aName = N.unit("a", layer: l, unit: j)
                let kept = mask[j] != 0
                let dropout = walk.network.dropout!
                let why = kept ? (dropout.scaling == .inverted ? "kept, scaled by 1/(1 − p) = \(N.number(mask[j]))" : "kept, unscaled (classic dropout)")
                               : "dropped"
                steps.append(PassStep(phase: .forward, layer: l, title: "layer \(l + 1) · unit \(j + 1) · dropout",
                                      lines: ["dropout p = \(N.number(dropout.probability)) (training mode, so a mask is drawn): m = \(N.number(mask[j])) — \(why)",
                                              "passed on: \(aName)·m = \(N.operand(values.activation[j]))·\(N.operand(mask[j])) = \(N.number(values.output[j]))"],
                                      focus: .node(column: l + 1, unit: j)))
            }
        }
        return steps
    }

    func normalizationStep(_ l: Int, _ j: Int, _ values: PassWalk.LayerValues, _ normalized: [Double]) -> PassStep {
        let bn = walk.network.layers[l].batchNorm!
        let mean = values.mean?[j] ?? 0, variance = values.variance?[j] ?? 1, xHat = values.normalizedInput?[j] ?? 0
        let gamma = values.gamma?[j] ?? 1, beta = values.beta?[j] ?? 0
        let source = walk.batchRows > 1 ? "over the batch of \(walk.batchRows) rows (one sample alone has no spread)"
                                        : "from the running averages (a batch of one has no spread)"
        let zName = N.unit("z", layer: l, unit: j)
        return PassStep(phase: .forward, layer: l, title: "layer \(l + 1) · unit \(j + 1) · batch norm",
                        lines: ["x̂ = (z − μ)/√(σ² + ε), ẑ = γ·x̂ + β; μ and σ² \(source)",
                                "μ = \(N.number(mean)), σ² = \(N.number(variance)), ε = \(N.number(bn.epsilon))",
                                "x̂ = (\(N.number(values.z[j])) − \(N.operand(mean)))/√(\(N.number(variance)) + \(N.number(bn.epsilon))) = \(N.number(xHat))",
                                "ẑ\(N.superscript(l + 1))\(N.subscripted(j + 1)) = \(N.operand(gamma))·\(N.operand(xHat)) + \(N.operand(beta)) = \(N.number(normalized[j])) (replaces \(zName))"],
                        focus: .node(column: l + 1, unit: j))
    }

    func activationStep(_ l: Int, _ j: Int, _ values: PassWalk.LayerValues, _ activation: Activation) -> PassStep {
        let aName = N.unit("a", layer: l, unit: j)
        let argument = values.normalized?[j] ?? values.z[j]
        let argumentName = values.normalized != nil ? "ẑ" + N.superscript(l + 1) + N.subscripted(j + 1) : N.unit("z", layer: l, unit: j)
        var lines = [Self.definition(of: activation)]
        if activation == .softmax {
            let zs = values.normalized ?? values.z
            let exps = zs.map { Foundation.exp($0) }
            let denominator = N.sum(exps.map(N.number))
            lines.append("\(aName) = e^\(N.operand(argument)) / (\(denominator)) = \(N.number(exps[j]))/\(N.number(exps.reduce(0, +))) = \(N.number(values.activation[j]))")
        } else {
            lines.append("\(aName) = \(activation.rawValue)(\(argumentName)) = \(activation.rawValue)(\(N.number(argument))) = \(N.number(values.activation[j]))")
        }
        return PassStep(phase: .forward, layer: l, title: "layer \(l + 1) · unit \(j + 1) · activation",
                        lines: lines, focus: .node(column: l + 1, unit: j),
                        reveals: [.activation(layer: l, unit: j)])
    }

    /// The definition of an activation, as a line of the walk.
    static func definition(of activation: Activation) -> String {
        switch activation {
        case .identity: return "identity: a = z"
        case .step: return "step: a = 1 if z ≥ 0, else 0"
        case .sigmoid: return "sigmoid: a = σ(z) = 1/(1 + e^−z)"
        case .tanh: return "tanh: a = (eᶻ − e^−z)/(eᶻ + e^−z)"
        case .relu: return "relu: a = max(0, z)"
        case .leakyRelu: return "leaky_relu: a = z if z > 0, else 0.01·z"
        case .elu: return "elu: a = z if z > 0, else eᶻ − 1"
        case .gelu: return "gelu: a = z·Φ(z), Φ the standard normal distribution function"
        case .geluTanh: return "gelu_tanh: a = ½z·(1 + tanh(√(2/π)·(z + 0.044715z³)))"
        case .swish: return "swish: a = z·σ(z)"
        case .mish: return "mish: a = z·tanh(ln(1 + eᶻ))"
        case .softplus: return "softplus: a = ln(1 + eᶻ)"
        case .softmax: return "softmax: aⱼ = e^zⱼ / Σₖ e^zₖ (over the whole layer)"
        }
    }

    /// The derivative of an activation, as a line of the walk.
    static func derivative(of activation: Activation) -> String {
        switch activation {
        case .identity: return "σ′(z) = 1"
        case .step: return "σ′(z) = 0 everywhere (step is flat; nothing flows back through it)"
        case .sigmoid: return "σ′(z) = σ(z)·(1 − σ(z))"
        case .tanh: return "σ′(z) = 1 − tanh²(z)"
        case .relu: return "σ′(z) = 1 if z > 0, else 0"
        case .leakyRelu: return "σ′(z) = 1 if z > 0, else 0.01"
        case .elu: return "σ′(z) = 1 if z > 0, else eᶻ"
        case .gelu: return "σ′(z) = Φ(z) + z·φ(z)"
        case .geluTanh: return "σ′(z) = derivative of ½z·(1 + tanh(u)), u = √(2/π)·(z + 0.044715z³)"
        case .swish: return "σ′(z) = σ(z) + z·σ(z)·(1 − σ(z))"
        case .mish: return "σ′(z) = tanh(sp(z)) + z·sech²(sp(z))·σ(z), sp = softplus"
        case .softplus: return "σ′(z) = σ(z)"
        case .softmax: return "softmax: ∂aₖ/∂zⱼ = aₖ·([k = j] − aⱼ)"
        }
    }

    // MARK: Loss

    func lossStep() -> PassStep {
        let out = walk.layers[outputLayer]
        return lossStep(p: out.activation, z: out.z, outputLayer: outputLayer, focus: .node(column: walk.layers.count, unit: 0))
    }

    /// The loss step for an output p (after the activation) and its logits z.
    func lossStep(p: [Double], z: [Double], outputLayer: Int, focus: PassStep.Focus) -> PassStep {
        let y = walk.target
        let kind = walk.objective.loss
        var lines: [String] = []
        switch kind {
        case .bce:
            let yi = y[0], pi = p[0]
            lines.append("bce: L = −[y·ln p + (1 − y)·ln(1 − p)], p = \(N.unit("a", layer: outputLayer, unit: 0)) = σ(z)")
            if let weight = walk.objective.weights.positive {
                lines.append("pos_weight \(N.number(weight)): L = −[\(N.number(weight))·y·ln p + (1 − y)·ln(1 − p)], the y = 1 term weighs \(N.number(weight))×")
                lines.append("L = −[\(N.number(weight))·\(N.number(yi))·ln \(N.number(pi)) + \(N.number(1 - yi))·ln \(N.number(1 - pi))] (computed from z = \(N.number(z[0])) so it never overflows)")
            } else {
                lines.append("L = −[\(N.number(yi))·ln \(N.number(pi)) + \(N.number(1 - yi))·ln \(N.number(1 - pi))] (computed from z = \(N.number(z[0])) so it never overflows)")
            }
        case .ce where walk.objective.labelSmoothing > 0:
            let k = Int(y[0]), eps = walk.objective.labelSmoothing
            lines.append("ce, smoothing ε = \(N.number(eps)): L = −Σⱼ tⱼ·ln pⱼ, t = (1 − ε)·one-hot(y) + ε/\(p.count)")
            if k >= 0 && k < p.count {
                let t = Loss.smoothedTarget(label: k, classes: p.count, smoothing: eps)
                let terms = p.indices.map { j in "\(N.number(t[j]))·ln \(N.number(p[j]))" }
                lines.append("y = class \(k); L = −(\(terms.joined(separator: " + ")))")
            }
        case .ce:
            let k = Int(y[0])
            lines.append("ce: L = −ln p_y, the log of the probability softmax gives the true class")
            if k >= 0 && k < p.count {
                lines.append("y = class \(k), p_y = \(N.unit("a", layer: outputLayer, unit: k)) = \(N.number(p[k])); L = −ln \(N.number(p[k]))")
            }
            if let share = classWeightShare() {
                lines.append("class weights: the sample's term counts w[y]/Σᵢ w[yᵢ] = \(N.number(share)) of the batch loss (instead of 1/n)")
            }
        case .mse:
            let targets: [Double] = walk.targetIsClassIndex || (y.count == 1 && p.count > 1)
                ? p.indices.map { $0 == Int(y[0]) ? 1 : 0 } : y
            lines.append("mse: L = (1/k)·Σⱼ (aⱼ − yⱼ)², k = \(p.count) output\(p.count == 1 ? "" : "s")")
            let terms = p.indices.map { j in "(\(N.number(p[j])) − \(N.operand(j < targets.count ? targets[j] : 0)))²" }
            lines.append("L = \(p.count == 1 ? "" : "(1/\(p.count))·(")\(N.sum(terms))\(p.count == 1 ? "" : ")")")
        case .hinge:
            let label = y[0] > 0 ? 1.0 : -1.0
            lines.append("hinge: L = max(0, 1 − y·s), y = ±1 (class 1 → +1, class 0 → −1), s = the output")
            lines.append("L = max(0, 1 − \(N.operand(label))·\(N.operand(p[0]))) = max(0, \(N.number(1 - label * p[0])))")
        }
        var total = "loss \(kind.rawValue) = \(N.number(walk.dataLoss))"
        if walk.batchRows > 1 { total += " (the mean over the batch's \(walk.batchRows) rows)" }
        lines.append(total)
        if walk.objective.regularization.isActive {
            let reg = walk.objective.regularization
            var parts: [String] = []
            if reg.l2 != 0 { parts.append("\(N.number(reg.l2))·ΣW²") }
            if reg.l1 != 0 { parts.append("\(N.number(reg.l1))·Σ|W|") }
            lines.append("+ penalties \(parts.joined(separator: " + ")) = \(N.number(walk.loss - walk.dataLoss)) → L = \(N.number(walk.loss))")
        }
        return PassStep(phase: .loss, layer: nil, title: "the loss", lines: lines, focus: focus, target: .target)
    }

    // MARK: Backward

    func backwardSteps(_ l: Int) -> [PassStep] {
        let values = walk.layers[l]
        let layer = walk.network.layers[l]
        var steps: [PassStep] = []
        for j in 0..<layer.outputs {
            steps.append(deltaStep(l, j))
            if let gg = values.gammaGradient, let bg = values.betaGradient {
                steps.append(PassStep(phase: .backward, layer: l, title: "layer \(l + 1) · unit \(j + 1) · ∂L/∂γ, ∂L/∂β",
                                      lines: ["∂L/∂γ = Σ over the batch of ∂L/∂ẑ·x̂, ∂L/∂β = Σ over the batch of ∂L/∂ẑ",
                                              "∂L/∂γ\(N.superscript(l + 1))\(N.subscripted(j + 1)) = \(N.number(gg[j])), ∂L/∂β\(N.superscript(l + 1))\(N.subscripted(j + 1)) = \(N.number(bg[j]))"],
                                      focus: .node(column: l + 1, unit: j)))
            }
            let dName = N.unit("δ", layer: l, unit: j)
            let d = values.delta[j]
            for i in 0..<layer.inputs {
                let a = values.input[i]
                let wName = N.weight(layer: l, row: j, column: i)
                var lines = ["∂L/∂\(wName) = \(dName)·\(N.input(layer: l, index: i)) (δ of the unit × the input along the edge)"]
                if walk.batchRows > 1 {
                    lines.append("this sample's part: \(N.operand(d))·\(N.operand(a)) = \(N.number(d * a)); summed over the batch's \(walk.batchRows) rows: \(N.number(values.weightGradient[j][i]))")
                } else {
                    lines.append("∂L/∂\(wName) = \(N.operand(d))·\(N.operand(a)) = \(N.number(d * a))")
                }
                lines += penaltyLines(l, j, i)
                steps.append(PassStep(phase: .backward, layer: l, title: "layer \(l + 1) · unit \(j + 1) · ∂L/∂w, input \(i + 1) of \(layer.inputs)",
                                      lines: lines, focus: .edge(column: l, from: i, to: j),
                                      target: .weight(layer: l, row: j, column: i)))
            }
            let bName = N.unit("b", layer: l, unit: j)
            var lines = ["∂L/∂\(bName) = \(dName) (z grows one for one with b)"]
            lines.append(walk.batchRows > 1 ? "summed over the batch's \(walk.batchRows) rows: ∂L/∂\(bName) = \(N.number(values.biasGradient[j])) (this sample's δ \(N.number(d)))"
                                            : "∂L/∂\(bName) = \(N.number(values.biasGradient[j]))")
            steps.append(PassStep(phase: .backward, layer: l, title: "layer \(l + 1) · unit \(j + 1) · ∂L/∂b",
                                  lines: lines, focus: .node(column: l + 1, unit: j), target: .bias(layer: l, unit: j),
                                  reveals: [.biasGradient(layer: l, unit: j)]))
        }
        return steps
    }

    /// The regularization terms of ∂L/∂w, when penalties are on.
    func penaltyLines(_ l: Int, _ j: Int, _ i: Int) -> [String] {
        let reg = walk.objective.regularization
        guard reg.isActive else { return [] }
        let w = walk.layers[l].weights[j][i]
        var parts: [String] = []
        if reg.l2 != 0 { parts.append("2λ₂w = 2·\(N.number(reg.l2))·\(N.operand(w))") }
        if reg.l1 != 0 { parts.append("λ₁·sign(w) = \(N.number(reg.l1))·\(w > 0 ? 1 : (w < 0 ? -1 : 0))") }
        return ["+ penalty \(parts.joined(separator: " + ")) → ∂L/∂w = \(N.number(walk.layers[l].weightGradient[j][i]))"]
    }

    func deltaStep(_ l: Int, _ j: Int) -> PassStep {
        let values = walk.layers[l]
        let layer = walk.network.layers[l]
        let dName = N.unit("δ", layer: l, unit: j), aName = N.unit("a", layer: l, unit: j), zName = N.unit("z", layer: l, unit: j)
        let d = values.delta[j]
        var lines: [String] = []
        let n = walk.batchRows
        let perRow = n > 1 ? "/\(n)" : ""
        if l == outputLayer {
            let p = values.activation[j]
            switch (walk.objective.loss, layer.activation) {
            case (.bce, _) where walk.objective.weights.positive != nil:
                let weight = walk.objective.weights.positive!, y = walk.target[0]
                lines.append("\(dName) = ∂L/∂\(zName) = (pw·y·(p − 1) + (1 − y)·p)\(perRow): bce with pos_weight pw = \(N.number(weight))")
                lines.append("\(dName) = (\(N.number(weight))·\(N.operand(y))·(\(N.number(p)) − 1) + \(N.operand(1 - y))·\(N.number(p)))\(perRow) = \(N.number(d))")
            case (.ce, _) where walk.objective.weights.classes != nil:
                let k = Int(walk.target[0])
                let yj = j == k ? 1.0 : 0.0
                let share = classWeightShare() ?? 1
                lines.append("\(dName) = ∂L/∂\(zName) = (pⱼ − yⱼ)·w[y]/Σᵢ w[yᵢ]: ce with class weights")
                lines.append("\(dName) = (\(N.number(p)) − \(N.number(yj)))·\(N.number(share)) = \(N.number(d))  (y = class \(k))")
            case (.bce, _):
                lines.append("\(dName) = ∂L/∂\(zName) = p − y\(perRow): bce with sigmoid — the loss's −y/p + (1 − y)/(1 − p) times σ′(z) = p(1 − p) leaves p − y")
                lines.append(n > 1 ? "\(dName) = (\(N.number(p)) − \(N.operand(walk.target[0])))\(perRow) = \(N.number(d))"
                                   : "\(dName) = \(N.number(p)) − \(N.operand(walk.target[0])) = \(N.number(d))")
            case (.ce, _) where walk.objective.labelSmoothing > 0:
                let k = Int(walk.target[0]), eps = walk.objective.labelSmoothing
                let units = walk.layers[outputLayer].activation.count
                let tj = eps / Double(units) + (j == k ? 1 - eps : 0)
                lines.append("\(dName) = ∂L/∂\(zName) = pⱼ − tⱼ\(perRow): ce with softmax against the smoothed target t = (1 − ε)·one-hot(y) + ε/\(units)")
                lines.append((n > 1 ? "\(dName) = (\(N.number(p)) − \(N.number(tj)))\(perRow)" : "\(dName) = \(N.number(p)) − \(N.number(tj))")
                             + " = \(N.number(d))  (y = class \(k), so tⱼ = \(N.number(tj)))")
            case (.ce, _):
                let k = Int(walk.target[0])
                let yj = j == k ? 1.0 : 0.0
                lines.append("\(dName) = ∂L/∂\(zName) = pⱼ − yⱼ\(perRow): ce with softmax — −1/p_y and softmax's Jacobian combine to p − one-hot(y)")
                lines.append((n > 1 ? "\(dName) = (\(N.number(p)) − \(N.number(yj)))\(perRow)" : "\(dName) = \(N.number(p)) − \(N.number(yj))")
                             + " = \(N.number(d))  (y = class \(k), so yⱼ = \(N.number(yj)))")
            default:
                lines.append("\(dName) = ∂L/∂\(aName) · σ′(\(zName)): the loss's slope at the output times the activation's")
                lines.append(lossGradientLine(aName, values.activationGradient[j], p, j))
                lines += localDerivativeLines(l, j, upstreamName: "∂L/∂\(aName)", upstream: values.activationGradient[j])
            }
        } else {
            let above = walk.layers[l + 1]
            let next = walk.network.layers[l + 1]
            let symbols = (0..<next.outputs).map { k in "\(N.weight(layer: l + 1, row: k, column: j))·\(N.unit("δ", layer: l + 1, unit: k))" }
            let numbers = (0..<next.outputs).map { k in "\(N.operand(above.weights[k][j]))·\(N.operand(above.delta[k]))" }
            lines.append("\(dName) = (Σₖ wₖⱼ·δₖ of layer \(l + 2)) · σ′(\(zName)): what flows back along the edges out of the unit, times its own slope")
            let upstreamName = values.mask != nil ? "∂L/∂(\(aName)·m)" : "∂L/∂\(aName)"
            lines.append("\(upstreamName) = \(N.sum(symbols)) = \(N.sum(numbers)) = \(N.number(values.outputGradient[j]))")
            if let mask = values.mask {
                lines.append("dropout: ∂L/∂\(aName) = \(upstreamName)·m = \(N.operand(values.outputGradient[j]))·\(N.operand(mask[j])) = \(N.number(values.activationGradient[j]))")
            }
            lines += localDerivativeLines(l, j, upstreamName: "∂L/∂\(aName)", upstream: values.activationGradient[j])
        }
        if let normalized = values.normalizedGradient {
            lines.append("through batch norm: ∂L/∂ẑ = \(N.number(normalized[j])) → \(dName) = ∂L/∂\(zName) = \(N.number(d)) (each row's z moves μ and σ², so the whole batch enters: (γ/√(σ²+ε))·(g − mean(g) − x̂·mean(g·x̂)))")
        }
        return PassStep(phase: .backward, layer: l, title: "layer \(l + 1) · unit \(j + 1) · δ = ∂L/∂z",
                        lines: lines, focus: .node(column: l + 1, unit: j), reveals: [.delta(layer: l, unit: j)])
    }

    /// The traced sample's share of a class-weighted ce batch loss, w[y]/Σᵢ w[yᵢ] (nil without class weights).
    func classWeightShare() -> Double? {
        guard let weights = walk.objective.weights.classes else { return nil }
        func weight(_ t: Double) -> Double { Int(t) >= 0 && Int(t) < weights.count ? weights[Int(t)] : 1 }
        let total = walk.batchTargets.scalars.reduce(0) { $0 + weight($1) }
        return total > 0 ? weight(walk.target[0]) / total : 0
    }

    /// ∂L/∂a at the output for mse and hinge.
    func lossGradientLine(_ aName: String, _ gradient: Double, _ p: Double, _ j: Int) -> String {
        let n = walk.batchRows
        switch walk.objective.loss {
        case .mse:
            let k = walk.layers[outputLayer].activation.count
            let y = walk.targetIsClassIndex || (walk.target.count == 1 && k > 1) ? (j == Int(walk.target[0]) ? 1.0 : 0.0)
                                                                                 : walk.target[min(j, walk.target.count - 1)]
            return "∂L/∂\(aName) = 2·(a − y)/\(k * n) = 2·(\(N.number(p)) − \(N.operand(y)))/\(k * n) = \(N.number(gradient))"
        case .hinge:
            let label = walk.target[0] > 0 ? 1.0 : -1.0
            let margin = 1 - label * p
            return "∂L/∂s = −y\(n > 1 ? "/\(n)" : "") when 1 − y·s > 0, else 0: 1 − y·s = \(N.number(margin)) → \(N.number(gradient))"
        default:
            return "∂L/∂\(aName) = \(N.number(gradient))"
        }
    }

    /// The activation's slope and the δ it gives.
    func localDerivativeLines(_ l: Int, _ j: Int, upstreamName: String, upstream: Double) -> [String] {
        let values = walk.layers[l]
        let activation = walk.network.layers[l].activation
        let dName = N.unit("δ", layer: l, unit: j)
        let argument = values.normalized?[j] ?? values.z[j]
        if activation == .softmax {
            let a = values.activation
            let g = values.activationGradient
            let dot = zip(a, g).reduce(0) { $0 + $1.0 * $1.1 }
            let target = values.normalizedGradient?[j] ?? values.delta[j]
            return [Self.derivative(of: .softmax),
                    "\(dName) = aⱼ·(∂L/∂aⱼ − Σₖ ∂L/∂aₖ·aₖ) = \(N.operand(a[j]))·(\(N.number(g[j])) − \(N.operand(dot))) = \(N.number(target))"]
        }
        let slope = activation.derivative(argument)
        let target = values.normalizedGradient?[j] ?? values.delta[j]
        let targetName = values.normalizedGradient != nil ? "∂L/∂ẑ" : dName
        return [Self.derivative(of: activation) + ": σ′(\(N.number(argument))) = \(N.number(slope))",
                "\(targetName) = \(upstreamName)·σ′ = \(N.operand(upstream))·\(N.operand(slope)) = \(N.number(target))"]
    }

    // MARK: Update

    func updateSteps() -> [PassStep] {
        var steps: [PassStep] = []
        var p = 0
        for l in walk.layers.indices {
            let layer = walk.network.layers[l]
            let tensors = layer.batchNorm == nil ? 2 : 4
            for t in 0..<tensors {
                let update = walk.updates[p + t]
                for e in update.before.indices {
                    let name: String, focus: PassStep.Focus, target: PassWalk.Target?
                    switch t {
                    case 0:
                        let r = e / layer.inputs, c = e % layer.inputs
                        name = N.weight(layer: l, row: r, column: c)
                        focus = .edge(column: l, from: c, to: r)
                        target = .weight(layer: l, row: r, column: c)
                    case 1:
                        name = N.unit("b", layer: l, unit: e)
                        focus = .node(column: l + 1, unit: e)
                        target = .bias(layer: l, unit: e)
                    default:
                        name = (t == 2 ? "γ" : "β") + N.superscript(l + 1) + N.subscripted(e + 1)
                        focus = .node(column: l + 1, unit: e)
                        target = nil
                    }
                    let lines = walk.usesPerceptronRule ? perceptronLines(name, update, e, isBias: t == 1)
                                                        : optimizerLines(name, update, e)
                    steps.append(PassStep(phase: .update, layer: l, title: "update layer \(l + 1) · \(name) (\(update.name)[\(elementIndex(update, e))])",
                                          lines: lines, focus: focus, target: target,
                                          reveals: [.updated(parameter: p + t, element: e)]))
                }
            }
            p += tensors
        }
        return steps
    }

    func elementIndex(_ update: PassWalk.ParameterUpdate, _ e: Int) -> String {
        update.shape.count == 2 ? "\(e / update.shape[1]),\(e % update.shape[1])" : "\(e)"
    }

    func perceptronLines(_ name: String, _ update: PassWalk.ParameterUpdate, _ e: Int, isBias: Bool) -> [String] {
        let out = walk.layers[0]
        let predicted = out.activation[0]
        let y = walk.target[0] > 0.5 ? 1.0 : 0.0
        let x = isBias ? 1.0 : walk.inputs[e]
        let lr = walk.learningRate
        return ["perceptron rule (step has no slope, so no gradient): w ← w + η·(y − ŷ)·x\(isBias ? ", b ← b + η·(y − ŷ)" : "")",
                "ŷ = step(z) = \(N.number(predicted)), y = \(N.number(y)), η = \(N.number(lr))" + (y == predicted ? ": right, so nothing changes" : ""),
                "\(name) ← \(N.number(update.before[e])) + \(N.number(lr))·(\(N.number(y)) − \(N.operand(predicted)))\(isBias ? "" : "·\(N.operand(x))") = \(N.number(update.after[e]))"]
    }

    func optimizerLines(_ name: String, _ update: PassWalk.ParameterUpdate, _ e: Int) -> [String] {
        let s = walk.optimizerSettings
        let lr = walk.learningRate
        let w = update.before[e], g = update.gradient[e], after = update.after[e]
        let symbol = String(name.prefix(1))
        let m0 = update.firstMomentBefore[e], m1 = update.firstMomentAfter[e]
        let v0 = update.secondMomentBefore[e], v1 = update.secondMomentAfter[e]
        var lines = ["\(s.kind.rawValue), lr = \(N.number(lr)); g = ∂L/∂\(name) = \(N.number(g))" +
                     (walk.clipping == .off ? "" : " (after clipping: \(walk.clipping))")]
        let t = walk.stepNumber
        switch s.kind {
        case .sgd:
            lines.append("\(name) ← \(symbol) − lr·g = \(N.number(w)) − \(N.number(lr))·\(N.operand(g)) = \(N.number(after))")
        case .momentum:
            lines.append("v ← μ·v + g = \(N.number(s.momentum))·\(N.operand(m0)) + \(N.operand(g)) = \(N.number(m1))")
            lines.append("\(name) ← \(symbol) − lr·v = \(N.number(w)) − \(N.number(lr))·\(N.operand(m1)) = \(N.number(after))")
        case .nesterov:
            lines.append("v ← μ·v + g = \(N.number(s.momentum))·\(N.operand(m0)) + \(N.operand(g)) = \(N.number(m1))")
            lines.append("\(name) ← \(symbol) − lr·(g + μ·v) = \(N.number(w)) − \(N.number(lr))·(\(N.number(g)) + \(N.number(s.momentum))·\(N.operand(m1))) = \(N.number(after))")
        case .rmsprop:
            lines.append("s ← ρ·s + (1 − ρ)·g² = \(N.number(s.rho))·\(N.operand(v0)) + \(N.number(1 - s.rho))·\(N.operand(g))² = \(N.number(v1))")
            lines.append("\(name) ← \(symbol) − lr·g/(√s + ε) = \(N.number(w)) − \(N.number(lr))·\(N.operand(g))/(√\(N.number(v1)) + \(N.number(s.epsilon))) = \(N.number(after))")
        case .adagrad:
            lines.append("G ← G + g² = \(N.number(v0)) + \(N.operand(g))² = \(N.number(v1))")
            lines.append("\(name) ← \(symbol) − lr·g/(√G + ε) = \(N.number(w)) − \(N.number(lr))·\(N.operand(g))/(√\(N.number(v1)) + \(N.number(s.epsilon))) = \(N.number(after))")
        case .adam, .adamw:
            let mHat = m1 / (1 - pow(s.beta1, Double(t))), vHat = v1 / (1 - pow(s.beta2, Double(t)))
            lines.append("m ← β₁·m + (1 − β₁)·g = \(N.number(s.beta1))·\(N.operand(m0)) + \(N.number(1 - s.beta1))·\(N.operand(g)) = \(N.number(m1))")
            lines.append("v ← β₂·v + (1 − β₂)·g² = \(N.number(s.beta2))·\(N.operand(v0)) + \(N.number(1 - s.beta2))·\(N.operand(g))² = \(N.number(v1))")
            lines.append("m̂ = m/(1 − β₁ᵗ) = \(N.number(mHat)), v̂ = v/(1 − β₂ᵗ) = \(N.number(vHat)) (t = \(t))")
            if s.kind == .adam {
                lines.append("\(name) ← \(symbol) − lr·m̂/(√v̂ + ε) = \(N.number(w)) − \(N.number(lr))·\(N.operand(mHat))/(√\(N.number(vHat)) + \(N.number(s.epsilon))) = \(N.number(after))")
            } else {
                lines.append("\(name) ← \(symbol) − lr·(m̂/(√v̂ + ε) + decay·\(symbol)) = \(N.number(w)) − \(N.number(lr))·(\(N.number(mHat))/(√\(N.number(vHat)) + \(N.number(s.epsilon))) + \(N.number(s.decay))·\(N.operand(w))) = \(N.number(after))")
            }
        }
        return lines
    }
}
