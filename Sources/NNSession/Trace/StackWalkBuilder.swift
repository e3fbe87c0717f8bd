import Foundation
import NNEngine

/// Lays a recorded pass of a network built layer by layer out as the walk's steps: a
/// convolution one output position at a time (its receptive field marked in the input grid,
/// the sum written term by term, then the activation), pooling one window at a time (which
/// input wins for max), dense layers unit by unit, the loss, the backward pass filter by
/// filter and unit by unit, and the update tensor by tensor.
///
/// Every value shown is read off the tape of the one recorded pass; products and partial sums
/// written out in a line are worked out here from those values, and each line ends with the
/// engine's result.
struct StackWalkBuilder {
    let walk: PassWalk
    let report: StackPassReport

    typealias N = TraceNotation

    /// The plain transcript shows this many steps of each filter, channel or long layer.
    static let shownInTranscript = 2

    var stack: LayerStack { report.stack }
    var pass: StackPass { report.pass }

    func steps() -> [PassStep] {
        var steps = [inputStep()]
        for l in stack.layers.indices { steps += forwardSteps(l) }
        steps.append(lossStep())
        for l in stack.layers.indices.reversed() { steps += backwardSteps(l) }
        return steps + updateSteps()
    }

    // MARK: Grids

    /// The grid of one channel of an image-shaped value (or a vector), labelled.
    func grid(_ label: String, _ values: [Double], _ shape: LayerShape, channel: Int = 0,
              marked: Set<Int> = [], current: Int? = nil) -> PassGrid {
        switch shape {
        case .image(_, let h, let w):
            return PassGrid(label: label, height: h, width: w, values: Array(values[(channel * h * w)..<((channel + 1) * h * w)]),
                            marked: marked, current: current)
        default:
            return PassGrid.vector(label, values, current: current, marked: marked)
        }
    }

    /// Values up to and including `upTo` shown, the rest NaN (not computed yet).
    func revealed(_ values: [Double], upTo: Int) -> [Double] {
        values.enumerated().map { $0.offset <= upTo ? $0.element : .nan }
    }

    /// "layer 2 output" or "input", for the grid a layer reads.
    func inputName(_ l: Int) -> String { l == 0 ? "input" : "layer \(l) output" }

    // MARK: Forward

    func inputStep() -> PassStep {
        let x = report.row(pass.input)
        var picture: [PassGrid] = []
        if case .image(let c, _, _) = stack.inputShape {
            picture = (0..<min(c, 2)).map { grid("input channel \($0 + 1)", x, stack.inputShape, channel: $0) }
        } else {
            picture = [grid("input x", x, stack.inputShape)]
        }
        let lines = ["the sample (\(walk.label)): a \(stack.inputShape) input, y = \(PassWalkBuilder(walk: walk).targetText)",
                     "training mode: the same pass `step` and `train` run",
                     "the net: \(stack.outline)"]
        return PassStep(phase: .input, layer: nil, title: "input \(stack.inputShape)", lines: lines, picture: picture)
    }

    func forwardSteps(_ l: Int) -> [PassStep] {
        switch stack.layers[l] {
        case .conv(let c): return convSteps(l, c)
        case .recurrent(let r): return recurrentForwardSteps(l, r)
        case .maxPool(let k, let s): return poolSteps(l, size: k, stride: s, max: true)
        case .avgPool(let k, let s): return poolSteps(l, size: k, stride: s, max: false)
        case .dense(let d, let skip): return denseSteps(l, d, skip: skip)
        case .flatten:
            let out = report.row(pass.outputs[l])
            return [PassStep(phase: .forward, layer: l, title: "layer \(l + 1) · flatten",
                             lines: ["flatten: the \(report.inputShape(l)) maps laid out as one vector of \(out.count), channel by channel, row by row",
                                     "nothing is computed: the same numbers in one row"],
                             picture: [grid("layer \(l + 1): a (\(out.count))", out, .flat(out.count))])]
        case .layerNorm(let ln):
            let input = report.row(report.inputVariable(l)), out = report.row(pass.outputs[l])
            let mean = input.reduce(0, +) / Double(input.count)
            let variance = input.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(input.count)
            let x0 = (input[0] - mean) / (variance + ln.epsilon).squareRoot()
            return [PassStep(phase: .forward, layer: l, title: "layer \(l + 1) · layer norm",
                             lines: ["out = γ·(x − μ)/√(σ² + ε) + β, μ and σ² over this sample's \(input.count) numbers",
                                     "μ = \(N.number(mean)), σ² = \(N.number(variance)), ε = \(N.number(ln.epsilon))",
                                     "first: (\(N.number(input[0])) − \(N.operand(mean)))/√(\(N.number(variance)) + ε) = \(N.number(x0)); ·\(N.operand(ln.gamma.scalars[0])) + \(N.operand(ln.beta.scalars[0])) = \(N.number(out[0]))"],
                             picture: [grid("layer \(l + 1): out", out, stack.shapes[l])])]
        case .dropout(let p):
            let input = report.row(report.inputVariable(l)), out = report.row(pass.outputs[l])
            let dropped = zip(input, out).filter { $0.0 != 0 && $0.1 == 0 }.count
            let rule = p > 0 ? "training mode: each value dropped with p = \(N.number(p)), the kept ones scaled by 1/(1 − p) = \(N.number(1 / (1 - p)))"
                             : "p = 0: everything passes through"
            return [PassStep(phase: .forward, layer: l, title: "layer \(l + 1) · dropout",
                             lines: [rule, "this pass: \(dropped) of \(input.count) values dropped (the mask is seeded, the same every time)"],
                             picture: [grid("layer \(l + 1): out", out, stack.shapes[l])])]
        }
    }

    func convSteps(_ l: Int, _ c: ConvolutionLayer) -> [PassStep] {
        guard case .image(let channels, let h, let w) = report.inputShape(l),
              case .image(_, let ho, let wo) = stack.shapes[l] else { return [] }
        let input = report.row(report.inputVariable(l))
        let z = report.row(pass.preActivations[l]!), a = report.row(pass.outputs[l])
        let k = c.kernel, s = c.stride, p = c.padding
        let weights = c.weights.scalars
        var steps: [PassStep] = []
        let walked = Self.walkedParts(c.filters, positions: ho * wo)
        for f in 0..<walked {
            let bias = c.bias.scalars[f]
            for i in 0..<ho {
                for j in 0..<wo {
                    let position = i * wo + j
                    let index = f * ho * wo + position
                    var marked = Set<Int>()
                    var channelSums: [Double] = []
                    var terms: [String] = []
                    var padded = 0
                    for ch in 0..<channels {
                        var sum = 0.0
                        for u in 0..<k {
                            for v in 0..<k {
                                let y = i * s + u - p, x = j * s + v - p
                                let inside = y >= 0 && y < h && x >= 0 && x < w
                                let value = inside ? input[(ch * h + y) * w + x] : 0
                                if !inside && ch == 0 { padded += 1 }
                                if inside && ch == 0 { marked.insert(y * w + x) }
                                let weight = weights[((f * channels + ch) * k + u) * k + v]
                                sum += weight * value
                                terms.append("\(N.operand(weight))·\(N.operand(value))")
                            }
                        }
                        channelSums.append(sum)
                    }
                    let rows = "rows \(i * s - p + 1)–\(i * s - p + k), columns \(j * s - p + 1)–\(j * s - p + k)"
                    let name = "z[\(f + 1)](\(i + 1),\(j + 1))"
                    var lines = ["\(name) = Σ w·x over the \(channels)×\(k)×\(k) window at \(rows) + b"]
                    if terms.count <= 16 {
                        lines.append("= \(terms.joined(separator: " + ")) + \(N.operand(bias))")
                    } else {
                        let sums = channelSums.prefix(6).enumerated().map { "channel \($0.offset + 1): \(N.number($0.element))" }
                        lines.append("Σ per channel: " + sums.joined(separator: ", ") + (channels > 6 ? ", …" : ""))
                        lines.append("= \(N.sum([N.number(channelSums[0])] + channelSums.dropFirst().map(N.operand))) + \(N.operand(bias))")
                    }
                    if padded > 0 {
                        lines.append("(\(padded) window cell\(padded == 1 ? "" : "s")\(channels > 1 ? " per channel" : "") on the zero padding: x = 0)")
                    }
                    lines.append("\(name) = \(N.number(z[index]))")
                    lines.append("a = \(c.activation.rawValue)(\(N.number(z[index]))) = \(N.number(a[index]))")
                    let inputLabel = channels > 1 ? "\(inputName(l)), channel 1 of \(channels)" : inputName(l)
                    let picture = [grid(inputLabel, input, report.inputShape(l), marked: marked),
                                   PassGrid(label: "filter \(f + 1): a", height: ho, width: wo,
                                            values: revealed(Array(a[(f * ho * wo)..<((f + 1) * ho * wo)]), upTo: position),
                                            current: position)]
                    var step = PassStep(phase: .forward, layer: l,
                                        title: "layer \(l + 1) · conv filter \(f + 1)/\(c.filters) · (\(i + 1),\(j + 1))",
                                        lines: lines, picture: picture)
                    step.part = f
                    step.elided = f > 0 || position >= Self.shownInTranscript
                    steps.append(step)
                }
            }
        }
        if walked < c.filters { steps.append(restStep(l, walked, c.filters, "filters")) }
        return steps
    }

    /// The most position steps one layer gets; a layer with more walks its first filters.
    static let maximumPositionSteps = 4096

    /// How many filters or channels of `parts` with `positions` each the walk steps through.
    static func walkedParts(_ parts: Int, positions: Int) -> Int {
        max(1, min(parts, maximumPositionSteps / max(positions, 1)))
    }

    /// A step saying the rest of a big layer is computed alike and where to see it.
    func restStep(_ l: Int, _ walked: Int, _ total: Int, _ noun: String) -> PassStep {
        var step = PassStep(phase: .forward, layer: l, title: "layer \(l + 1) · \(noun) \(walked + 1)–\(total)",
                            lines: ["\(noun) \(walked + 1) to \(total) are computed the same way; the walk stops at \(Self.maximumPositionSteps) positions per layer",
                                    "`forward` prints this layer's maps"])
        step.part = walked
        return step
    }

    func poolSteps(_ l: Int, size k: Int, stride s: Int, max isMax: Bool) -> [PassStep] {
        guard case .image(let channels, let h, let w) = report.inputShape(l),
              case .image(_, let ho, let wo) = stack.shapes[l] else { return [] }
        let input = report.row(report.inputVariable(l)), out = report.row(pass.outputs[l])
        var steps: [PassStep] = []
        let walked = Self.walkedParts(channels, positions: ho * wo)
        for ch in 0..<walked {
            for i in 0..<ho {
                for j in 0..<wo {
                    let position = i * wo + j
                    var cells: [Int] = []
                    for u in 0..<k { for v in 0..<k { cells.append((i * s + u) * w + (j * s + v)) } }
                    let values = cells.map { input[ch * h * w + $0] }
                    let result = out[ch * ho * wo + position]
                    var lines = ["window rows \(i * s + 1)–\(i * s + k), columns \(j * s + 1)–\(j * s + k) of channel \(ch + 1): \(values.map(N.number).joined(separator: ", "))"]
                    var current: Int?
                    if isMax {
                        let winner = values.indices.first { values[$0] == values.max()! } ?? 0
                        current = cells[winner]
                        lines.append("max = \(N.number(result)): the input at row \(cells[winner] / w + 1), column \(cells[winner] % w + 1) wins")
                        lines.append("backward, only the winner gets this output's gradient")
                    } else {
                        lines.append("mean = (\(N.sum(values.map(N.number))))/\(values.count) = \(N.number(result))")
                    }
                    let picture = [grid("\(inputName(l)), channel \(ch + 1)", input, report.inputShape(l), channel: ch,
                                        marked: Set(cells), current: current),
                                   PassGrid(label: "channel \(ch + 1): \(isMax ? "max" : "mean")", height: ho, width: wo,
                                            values: revealed(Array(out[(ch * ho * wo)..<((ch + 1) * ho * wo)]), upTo: position),
                                            current: position)]
                    var step = PassStep(phase: .forward, layer: l,
                                        title: "layer \(l + 1) · \(isMax ? "maxpool" : "avgpool") ch \(ch + 1)/\(channels) · (\(i + 1),\(j + 1))",
                                        lines: lines, picture: picture)
                    step.part = ch
                    step.elided = ch > 0 || position >= Self.shownInTranscript
                    steps.append(step)
                }
            }
        }
        if walked < channels { steps.append(restStep(l, walked, channels, "channels")) }
        return steps
    }

    func denseSteps(_ l: Int, _ d: DenseLayer, skip: Bool) -> [PassStep] {
        let input = report.row(report.inputVariable(l))
        let z = report.row(pass.preActivations[l]!), out = report.row(pass.outputs[l])
        var steps: [PassStep] = []
        let many = d.outputs > 12
        for j in 0..<d.outputs {
            let zName = N.unit("z", layer: l, unit: j)
            let terms = (0..<d.inputs).map { i in "\(N.operand(d.weights[j, i]))·\(N.operand(input[i]))" }
            let a = skip ? out[j] - input[j] : out[j]
            var lines = ["\(zName) = Σ w·a + b over the \(d.inputs) inputs",
                         "= \(N.sum(terms + [N.operand(d.bias.scalars[j])])) = \(N.number(z[j]))"]
            if d.activation == .softmax {
                let exps = z.map { Foundation.exp($0) }
                lines.append("softmax: a = e^\(N.operand(z[j]))/(\(N.sum(exps.map(N.number)))) = \(N.number(a))")
            } else {
                lines.append("a = \(d.activation.rawValue)(\(N.number(z[j]))) = \(N.number(a))")
            }
            if skip { lines.append("skip: out = a + input = \(N.number(a)) + \(N.operand(input[j])) = \(N.number(out[j]))") }
            let picture = [grid("\(inputName(l)) (\(input.count))", input, .flat(input.count)),
                           PassGrid.vector("layer \(l + 1): \(skip ? "out" : "a")", revealed(out, upTo: j), current: j)]
            var step = PassStep(phase: .forward, layer: l, title: "layer \(l + 1) · dense unit \(j + 1)/\(d.outputs)",
                                lines: lines, picture: picture)
            step.elided = many && j >= Self.shownInTranscript
            steps.append(step)
        }
        return steps
    }

    // MARK: Loss

    func lossStep() -> PassStep {
        let p = report.row(pass.output), z = report.row(pass.logits)
        var step = PassWalkBuilder(walk: walk).lossStep(p: p, z: z, outputLayer: stack.layers.count - 1, focus: .none)
        var marked = Set<Int>()
        if walk.targetIsClassIndex, let t = walk.target.first, Int(t) >= 0, Int(t) < p.count { marked.insert(Int(t)) }
        step.picture = [PassGrid.vector("output a (target marked)", p, marked: marked)]
        return step
    }

    // MARK: Backward

    func backwardSteps(_ l: Int) -> [PassStep] {
        let k = report.parameterIndex(l)
        let outGradient = report.gradientRow(pass.outputs[l])
        let title = "layer \(l + 1) · \(stack.layers[l].kind)"
        switch stack.layers[l] {
        case .recurrent(let r):
            return recurrentBackwardSteps(l, r)
        case .dense(let d, let skip):
            let z = report.row(pass.preActivations[l]!)
            let delta = report.gradientRow(pass.preActivations[l]!)
            let input = report.row(report.inputVariable(l))
            let dW = walk.updates[k].gradient
            let isHead = l == stack.layers.count - 1 && walk.objective.readsLogits && !skip
            var steps: [PassStep] = []
            for j in 0..<d.outputs {
                let dName = N.unit("δ", layer: l, unit: j)
                var lines: [String]
                if isHead {
                    let p = report.row(pass.output)
                    lines = ["\(dName) = ∂L/∂z = a − y (\(walk.objective.loss.rawValue) with \(d.activation.rawValue)) = \(N.number(delta[j]))",
                             "a = \(N.number(p[j])); the gradient the loss hands back, per sample"]
                } else {
                    let slope = d.activation == .softmax ? Double.nan : d.activation.derivative(z[j])
                    lines = ["\(dName) = ∂L/∂out · \(d.activation.rawValue)′(z)" + (skip ? " (the skip also hands ∂L/∂out to the input)" : ""),
                             "= \(N.operand(outGradient[j]))·\(N.operand(slope)) = \(N.number(delta[j]))"]
                }
                let row = (0..<min(3, d.inputs)).map { i in N.number(dW[j * d.inputs + i]) }
                lines.append("∂L/∂b = δ = \(N.number(delta[j])); ∂L/∂W row \(j + 1) = δ·aᵀ = \(N.operand(delta[j]))·[\(input.prefix(3).map(N.number).joined(separator: ", "))\(d.inputs > 3 ? ", …" : "")] = [\(row.joined(separator: ", "))\(d.inputs > 3 ? ", …" : "")]")
                var step = PassStep(phase: .backward, layer: l, title: "\(title) unit \(j + 1)/\(d.outputs) · δ",
                                    lines: lines,
                                    picture: [PassGrid.vector("layer \(l + 1): δ", revealed(delta, upTo: j), current: j),
                                              // The head's loss reads z, so its output has no gradient to show: a instead.
                                              isHead ? PassGrid.vector("layer \(l + 1): a (the output)", report.row(pass.output), current: j)
                                                     : PassGrid.vector("layer \(l + 1): ∂L/∂out", outGradient, current: j)])
                step.elided = d.outputs > 12 && j >= Self.shownInTranscript
                steps.append(step)
            }
            return steps
        case .conv(let c):
            guard case .image(_, let ho, let wo) = stack.shapes[l] else { return [] }
            let delta = report.gradientRow(pass.preActivations[l]!)
            let dW = walk.updates[k].gradient, db = walk.updates[k + 1].gradient
            let kk = c.kernel * c.kernel
            return (0..<c.filters).map { f in
                let map = Array(delta[(f * ho * wo)..<((f + 1) * ho * wo)])
                let kernel = Array(dW[(f * c.channels * kk)..<(f * c.channels * kk + kk)])
                var step = PassStep(phase: .backward, layer: l, title: "\(title) filter \(f + 1)/\(c.filters) · δ, ∂L/∂W",
                                    lines: ["δ = ∂L/∂a ⊙ \(c.activation.rawValue)′(z) at each of the \(ho)×\(wo) positions",
                                            "∂L/∂w = Σ over positions of δ · the input under that weight (the window slides as in the forward pass)",
                                            "∂L/∂b[\(f + 1)] = Σ δ = \(N.number(db[f]))",
                                            "∂L/∂W[\(f + 1)], channel 1: [\(kernel.map(N.number).joined(separator: ", "))]"],
                                    picture: [PassGrid(label: "filter \(f + 1): δ", height: ho, width: wo, values: map),
                                              PassGrid(label: "∂L/∂W[\(f + 1)] channel 1", height: c.kernel, width: c.kernel, values: kernel)])
                step.part = f
                step.elided = f >= Self.shownInTranscript
                return step
            }
        case .maxPool, .avgPool:
            guard case .image(let channels, _, _) = stack.shapes[l] else { return [] }
            let isMax = stack.layers[l].kind == "maxpool"
            let inGradient = report.gradientRow(report.inputVariable(l))
            return (0..<channels).map { ch in
                var step = PassStep(phase: .backward, layer: l, title: "\(title) ch \(ch + 1)/\(channels) · ∂L/∂in",
                                    lines: [isMax ? "each ∂L/∂out goes back to the input that won its window; the others get 0"
                                                  : "each ∂L/∂out is shared equally among its window's inputs (÷ window size)",
                                            "∂L/∂out (\(stack.shapes[l])) above, ∂L/∂in (\(report.inputShape(l))) below"],
                                    picture: [grid("channel \(ch + 1): ∂L/∂out", outGradient, stack.shapes[l], channel: ch),
                                              grid("channel \(ch + 1): ∂L/∂in", inGradient, report.inputShape(l), channel: ch)])
                step.part = ch
                step.elided = ch >= Self.shownInTranscript
                return step
            }
        case .flatten:
            return [PassStep(phase: .backward, layer: l, title: title,
                             lines: ["flatten hands ∂L/∂out (\(outGradient.count) numbers) back unchanged, reshaped to \(report.inputShape(l))"],
                             picture: [PassGrid.vector("layer \(l + 1): ∂L/∂out", outGradient)])]
        case .layerNorm:
            let dGamma = walk.updates[k].gradient, dBeta = walk.updates[k + 1].gradient
            return [PassStep(phase: .backward, layer: l, title: title,
                             lines: ["∂L/∂γ = ∂L/∂out · x̂, ∂L/∂β = ∂L/∂out (per number)",
                                     "∂L/∂γ: [\(dGamma.prefix(4).map(N.number).joined(separator: ", "))\(dGamma.count > 4 ? ", …" : "")]",
                                     "∂L/∂β: [\(dBeta.prefix(4).map(N.number).joined(separator: ", "))\(dBeta.count > 4 ? ", …" : "")]",
                                     "∂L/∂x goes through μ and σ² too: every input moves every output"],
                             picture: [grid("layer \(l + 1): ∂L/∂out", outGradient, stack.shapes[l])])]
        case .dropout:
            return [PassStep(phase: .backward, layer: l, title: title,
                             lines: ["∂L/∂in = ∂L/∂out × the mask: 0 where a value was dropped, × 1/(1 − p) where kept"],
                             picture: [grid("layer \(l + 1): ∂L/∂out", outGradient, stack.shapes[l])])]
        }
    }

    // MARK: Update

    func updateSteps() -> [PassStep] {
        let builder = PassWalkBuilder(walk: walk)
        var steps: [PassStep] = []
        var p = 0
        for (l, layer) in stack.layers.enumerated() {
            for (stem, _, _) in layer.parameters {
                let update = walk.updates[p]
                let change = zip(update.before, update.after).reduce(0) { $0 + ($1.1 - $1.0) * ($1.1 - $1.0) }.squareRoot()
                // The element with the largest gradient shows the rule with numbers that move.
                let e = update.gradient.indices.max { abs(update.gradient[$0]) < abs(update.gradient[$1]) } ?? 0
                var lines = ["the element with the largest |g| of \(update.name):"]
                lines += builder.optimizerLines("\(update.name)[\(elementName(update.shape, e))]", update, e)
                lines.append("all \(update.before.count) elements of \(update.name) (\(update.shape.map(String.init).joined(separator: "×"))) the same way: ‖Δ\(stem)‖ = \(N.number(change))")
                let deltas = zip(update.before, update.after).map { $0.1 - $0.0 }
                let shown = min(deltas.count, 40)
                var changes = PassGrid.vector("Δ\(update.name)" + (shown < deltas.count ? " (first \(shown) of \(deltas.count))" : ""),
                                              Array(deltas.prefix(shown)), columns: 4, current: e < shown ? e : nil)
                changes.decimals = 4
                steps.append(PassStep(phase: .update, layer: l, title: "update layer \(l + 1) · \(update.name)", lines: lines,
                                      reveals: update.before.indices.map { .updated(parameter: p, element: $0) },
                                      picture: [changes]))
                p += 1
            }
        }
        return steps
    }

    /// `0,0,1,2` for an element of a tensor of any shape.
    func elementName(_ shape: [Int], _ flat: Int) -> String {
        var rest = flat
        var indices: [Int] = []
        for extent in shape.reversed() {
            indices.append(rest % extent)
            rest /= extent
        }
        return indices.reversed().map(String.init).joined(separator: ",")
    }
}
