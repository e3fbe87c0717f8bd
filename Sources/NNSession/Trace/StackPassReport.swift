import NNEngine
import NNRender

/// What `forward` and `backward` print for a network built layer by layer: one block per
/// layer, read off the tape of one recorded pass (the same pass `step` and `train` run).
///
/// Flat layers print tables like the dense ones; image-shaped layers print their maps as small
/// numeric grids (a few per layer, with a count of the rest), never a list of every number.
struct StackPassReport {
    /// The stack walked.
    let stack: LayerStack
    /// The recorded pass and its gradients.
    let result: GradientResult
    /// The loss and penalties.
    let objective: Objective

    /// The most rows a flat layer's table lists.
    static let maximumRows = 32
    /// The most maps one layer prints.
    static let maximumMaps = 4

    var pass: StackPass { result.stackPass! }
    var tape: Tape { result.tape }

    /// The first sample's values of a variable.
    func row(_ v: Variable) -> [Double] {
        let t = tape.value(v)
        let n = t.shape.first ?? 1
        return Array(t.scalars[0..<(t.count / max(n, 1))])
    }

    /// The first sample's gradient of a variable.
    func gradientRow(_ v: Variable) -> [Double] {
        let t = tape.gradient(v)
        let n = t.shape.first ?? 1
        return Array(t.scalars[0..<(t.count / max(n, 1))])
    }

    /// The shape a layer receives.
    func inputShape(_ l: Int) -> LayerShape { l == 0 ? stack.inputShape : stack.shapes[l - 1] }

    /// The variable a layer receives.
    func inputVariable(_ l: Int) -> Variable { l == 0 ? pass.input : pass.outputs[l - 1] }

    /// The index in `parameters` of a layer's first tensor.
    func parameterIndex(_ l: Int) -> Int { stack.layers.prefix(l).reduce(0) { $0 + $1.parameters.count } }

    /// Maps of one sample's values of an image shape, labelled `name c`.
    func maps(_ values: [Double], _ shape: LayerShape, label: (Int) -> String) -> [MapGrid.Map] {
        guard case .image(let c, let h, let w) = shape else { return [] }
        return MapGrid.maps(values, channels: c, height: h, width: w, label: label)
    }

    /// A table of a flat layer's columns, at most `maximumRows` rows, with a line for the rest.
    func flatTable(title: String, headers: [String], columns: [[Double]], decimals: Int = 6, noun: String = "units") -> [OutputBlock] {
        let count = columns.first?.count ?? 0
        let shown = min(count, Self.maximumRows)
        let rows = (0..<shown).map { j in ["\(j + 1)"] + columns.map { Numbers.fixed($0[j], decimals) } }
        var blocks: [OutputBlock] = [.table(TextTable(title: title, headers: headers, rows: rows))]
        if count > shown { blocks.append(.text("… \(count - shown) more \(noun) not shown (\(shown) of \(count) above)")) }
        return blocks
    }

    /// Lines longer than 80 columns wrapped at spaces, continued with an indent of two.
    static func fitted(_ text: String, width: Int = 80) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line)
            guard DisplayWidth.of(line) > width else { return line }
            let pieces = TextWrapper(width: width - 2).wrap(line)
            return pieces.enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Blocks with every text line and table title fitted to 80 columns.
    static func fitted(_ blocks: [OutputBlock]) -> [OutputBlock] {
        blocks.map { block in
            switch block {
            case .text(let text): return .text(fitted(text))
            case .table(var table):
                table.title = table.title.map { fitted($0) }
                return .table(table)
            default: return block
            }
        }
    }

    // MARK: Forward

    /// The input, then each layer's values.
    func forwardBlocks() -> [OutputBlock] { Self.fitted(forwardParts()) }

    func forwardParts() -> [OutputBlock] {
        var blocks: [OutputBlock] = []
        if case .image = stack.inputShape {
            let x = row(pass.input)
            let lines = MapGrid.lines(maps(x, stack.inputShape) { "input channel \($0 + 1)" }, maximum: Self.maximumMaps, noun: "channels")
            blocks.append(.text("input \(stack.inputShape):\n" + lines.joined(separator: "\n")))
        }
        for l in stack.layers.indices { blocks += forwardBlocks(l) }
        return blocks
    }

    func forwardBlocks(_ l: Int) -> [OutputBlock] {
        let n = l + 1
        let shape = stack.shapes[l]
        let out = row(pass.outputs[l])
        let input = row(inputVariable(l))
        let heading = "layer \(n): \(stack.describe(l)) → \(shape)"
        switch stack.layers[l] {
        case .dense(let d, let skip):
            let z = row(pass.preActivations[l]!)
            let act = d.activation.rawValue
            if skip {
                let a = zip(out, input).map { $0 - $1 }
                return flatTable(title: "\(heading): z = W·a + b, a = \(act)(z), out = a + input (skip)",
                                 headers: ["unit", "z", "a", "out"], columns: [z, a, out])
            }
            return flatTable(title: "\(heading): z = W·a + b, a = \(act)(z)", headers: ["unit", "z", "a"], columns: [z, out])
        case .recurrent(let r):
            return recurrentForward(r, layer: l, heading: heading)
        case .conv(let c):
            let z = row(pass.preActivations[l]!)
            let bias = c.bias.scalars
            var text = ["\(heading): z = Σ w·x over each \(c.channels)×\(c.kernel)×\(c.kernel) window + b, a = \(c.activation.rawValue)(z)"]
            let showZ = c.activation != .identity && c.filters <= 2
            if showZ {
                text += MapGrid.lines(maps(z, shape) { "filter \($0 + 1) z (b = \(Numbers.format(bias[$0], digits: 4)))" },
                                      maximum: Self.maximumMaps, noun: "filters")
            }
            text += MapGrid.lines(maps(out, shape) { f in
                showZ ? "filter \(f + 1) a = \(c.activation.rawValue)(z)" : "filter \(f + 1) a (b = \(Numbers.format(bias[f], digits: 4)))"
            }, maximum: Self.maximumMaps, noun: "filters")
            return [.text(text.joined(separator: "\n"))]
        case .maxPool(let k, _), .avgPool(let k, _):
            let isMax: Bool
            if case .maxPool = stack.layers[l] { isMax = true } else { isMax = false }
            let rule = isMax ? "each output is the largest value of its \(k)×\(k) window" : "each output is the mean of its \(k)×\(k) window"
            let text = ["\(heading): \(rule), channel by channel"]
                + MapGrid.lines(maps(out, shape) { "channel \($0 + 1)" }, maximum: Self.maximumMaps, noun: "channels")
            return [.text(text.joined(separator: "\n"))]
        case .flatten:
            return [.text("\(heading): the \(inputShape(l)) maps laid out as one vector of \(shape.count) (channel by channel, row by row); values as above")]
        case .layerNorm(let ln):
            let mean = input.reduce(0, +) / Double(input.count)
            let variance = input.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(input.count)
            let title = "\(heading): out = γ·(x − μ)/√(σ² + ε) + β over the sample's \(input.count) numbers, μ = \(Numbers.format(mean, digits: 6)), σ² = \(Numbers.format(variance, digits: 6))"
            if case .image = shape {
                let lines = MapGrid.lines(maps(out, shape) { "channel \($0 + 1)" }, maximum: Self.maximumMaps, noun: "channels")
                return [.text(([title] + lines).joined(separator: "\n"))]
            }
            return flatTable(title: title, headers: ["unit", "x", "γ", "β", "out"], columns: [input, ln.gamma.scalars, ln.beta.scalars, out])
        case .dropout(let p):
            let rule = p > 0 ? "training mode: each value is dropped with p = \(Numbers.format(p)) and the kept ones scaled by 1/(1 − p) = \(Numbers.format(1 / (1 - p), digits: 6))"
                             : "p = 0 passes everything through"
            if case .image = shape {
                let lines = MapGrid.lines(maps(out, shape) { "channel \($0 + 1)" }, maximum: Self.maximumMaps, noun: "channels")
                return [.text(([heading + ": " + rule] + lines).joined(separator: "\n"))]
            }
            return flatTable(title: "\(heading): \(rule)", headers: ["unit", "in", "out"], columns: [input, out])
        }
    }

    // MARK: Backward

    /// Each layer's gradients, output layer first.
    func backwardBlocks() -> [OutputBlock] {
        Self.fitted(stack.layers.indices.reversed().flatMap(backwardBlocks))
    }

    func backwardBlocks(_ l: Int) -> [OutputBlock] {
        let n = l + 1
        let shape = stack.shapes[l]
        let heading = "layer \(n): \(stack.describe(l))"
        let outGradient = gradientRow(pass.outputs[l])
        let isLast = l == stack.layers.count - 1
        let k = parameterIndex(l)
        switch stack.layers[l] {
        case .dense(let d, let skip):
            let delta = gradientRow(pass.preActivations[l]!)
            let formula: String
            if isLast && objective.readsLogits && !skip {
                formula = "δ = ∂L/∂z = a − y (\(objective.loss.rawValue) with \(d.activation.rawValue))"
            } else {
                formula = "δ = ∂L/∂out ⊙ \(d.activation.rawValue)′(z)" + (skip ? "; the skip hands ∂L/∂out to the input unchanged as well" : "")
            }
            let dW = result.gradients[k], db = result.gradients[k + 1]
            // Up to four weight columns fit 80 columns; more inputs show three and the row's norm.
            let inputs = d.inputs, shownInputs = inputs <= 4 ? inputs : 3
            var headers = ["unit", "δ", "∂L/∂b"] + (0..<shownInputs).map { "∂L/∂w\($0 + 1)" }
            var columns = [delta, db.scalars] + (0..<shownInputs).map { i in (0..<d.outputs).map { j in dW[j, i] } }
            if inputs > shownInputs {
                headers.append("‖∂L/∂w‖")
                columns.append((0..<d.outputs).map { j in (0..<inputs).reduce(0) { $0 + dW[j, $1] * dW[j, $1] }.squareRoot() })
            }
            var title = "\(heading): \(formula); ∂L/∂W = δ·aᵀ, ∂L/∂b = δ"
            if inputs > shownInputs { title += " (first \(shownInputs) of \(inputs) weights per unit, then the row's norm)" }
            return flatTable(title: title, headers: headers, columns: columns)
        case .recurrent(let r):
            return recurrentBackward(r, layer: l, heading: heading)
        case .conv(let c):
            let delta = gradientRow(pass.preActivations[l]!)
            var text = ["\(heading): δ = ∂L/∂a ⊙ \(c.activation.rawValue)′(z) at every position, per filter"]
            text += MapGrid.lines(maps(delta, shape) { "filter \($0 + 1) δ" }, decimals: 4, maximum: Self.maximumMaps, noun: "filters")
            let dW = result.gradients[k], db = result.gradients[k + 1]
            let kk = c.kernel * c.kernel
            if c.filters * c.channels <= Self.maximumMaps * 2 {
                text.append("∂L/∂W: for each filter and channel, Σ over positions of δ · the input under each weight; ∂L/∂b = Σ δ")
                var grids: [MapGrid.Map] = []
                for f in 0..<c.filters {
                    for ch in 0..<c.channels {
                        let start = (f * c.channels + ch) * kk
                        let label = c.channels == 1 ? "filter \(f + 1): ∂L/∂b = \(Numbers.format(db.scalars[f], digits: 4))"
                                                    : "f\(f + 1) c\(ch + 1)" + (ch == 0 ? " (∂L/∂b \(Numbers.format(db.scalars[f], digits: 4)))" : "")
                        grids.append(MapGrid.Map(label: "∂L/∂W " + label, height: c.kernel, width: c.kernel,
                                                 values: Array(dW.scalars[start..<(start + kk)])))
                    }
                }
                text += MapGrid.lines(grids, decimals: 4, maximum: Self.maximumMaps * 2, noun: "kernels")
                return [.text(text.joined(separator: "\n"))]
            }
            text.append("∂L/∂W per filter (\(c.channels)×\(c.kernel)×\(c.kernel) numbers each, summarized by its norm); ∂L/∂b = Σ δ")
            let per = c.channels * kk
            let norms = (0..<c.filters).map { f in dW.scalars[(f * per)..<((f + 1) * per)].reduce(0) { $0 + $1 * $1 }.squareRoot() }
            let largest = (0..<c.filters).map { f in dW.scalars[(f * per)..<((f + 1) * per)].map(abs).max() ?? 0 }
            let rows = (0..<c.filters).map { f in
                ["\(f + 1)", Numbers.fixed(norms[f], 6), Numbers.fixed(largest[f], 6), Numbers.fixed(db.scalars[f], 6)]
            }
            return [.text(text.joined(separator: "\n")),
                    .table(TextTable(headers: ["filter", "‖∂L/∂W‖", "max |∂L/∂w|", "∂L/∂b"], rows: rows))]
        case .maxPool, .avgPool:
            let isMax: Bool
            if case .maxPool = stack.layers[l] { isMax = true } else { isMax = false }
            let rule = isMax ? "each ∂L/∂out goes back to the input that won its window; the others get 0"
                             : "each ∂L/∂out is shared equally among its window's inputs"
            let text = ["\(heading): ∂L/∂out (\(shape)); \(rule)"]
                + MapGrid.lines(maps(outGradient, shape) { "channel \($0 + 1) ∂L/∂out" }, decimals: 4, maximum: Self.maximumMaps, noun: "channels")
            return [.text(text.joined(separator: "\n"))]
        case .flatten:
            return [.text("\(heading): hands ∂L/∂out (\(shape.count) numbers) back unchanged, reshaped to \(inputShape(l))")]
        case .layerNorm:
            let dGamma = result.gradients[k].scalars, dBeta = result.gradients[k + 1].scalars
            let norm: ([Double]) -> Double = { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }
            let title = "\(heading): ∂L/∂γ = ∂L/∂out · x̂, ∂L/∂β = ∂L/∂out; ‖∂L/∂γ‖ = \(Numbers.format(norm(dGamma), digits: 4)), ‖∂L/∂β‖ = \(Numbers.format(norm(dBeta), digits: 4))"
            if case .image = shape {
                let lines = MapGrid.lines(maps(outGradient, shape) { "channel \($0 + 1) ∂L/∂out" }, decimals: 4, maximum: Self.maximumMaps, noun: "channels")
                return [.text(([title] + lines).joined(separator: "\n"))]
            }
            return flatTable(title: title, headers: ["unit", "∂L/∂out", "∂L/∂γ", "∂L/∂β"], columns: [outGradient, dGamma, dBeta])
        case .dropout:
            let title = "\(heading): ∂L/∂in = ∂L/∂out × the mask (0 where a value was dropped)"
            if case .image = shape {
                let lines = MapGrid.lines(maps(outGradient, shape) { "channel \($0 + 1) ∂L/∂out" }, decimals: 4, maximum: Self.maximumMaps, noun: "channels")
                return [.text(([title] + lines).joined(separator: "\n"))]
            }
            let inGradient = l == 0 ? outGradient.map { _ in Double.nan } : gradientRow(inputVariable(l))
            return flatTable(title: title, headers: ["unit", "∂L/∂out", "∂L/∂in"], columns: [outGradient, inGradient])
        }
    }
}
