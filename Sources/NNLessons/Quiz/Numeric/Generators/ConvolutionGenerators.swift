import Foundation
import NNEngine

extension NumericGenerators {
    /// The side of a conv layer's output: (W − K + 2P)/S + 1. Like every count below, the answer
    /// must be exact; a tight tolerance keeps mistakes one apart (forgot the + 1) diagnosable.
    static let convOutputSize = NumericGenerator(id: "conv-output-size", topic: "convolution",
                                                 title: "The output size of a conv layer") { draw in
        var w = 0, k = 0, p = 0, s = 0
        repeat {
            w = draw.integer(5...32)
            k = draw.pick([3, 5, 7])
            p = draw.integer(1...3)
            s = draw.pick([2, 3])
        } while w < k || (w - k + 2 * p) % s != 0
        let channels = draw.pick([1, 3, 8, 16])
        let filters = draw.pick([4, 8, 16, 32])
        let answer = NumericEngine.outputSide(size: w, channels: channels,
                                              [.conv(filters: filters, size: k, stride: s, padding: p, activation: .relu)])!
        return NumericDraft(
            prompt: "A conv layer with \(filters) filters of \(k)×\(k), stride \(s) and zero padding \(p) reads a " +
                "\(channels)×\(w)×\(w) image (channels × height × width). How tall (and wide) is each of its output " +
                "feature maps?",
            answer: Double(answer),
            solution: """
            - output side = (W − K + 2P)/S + 1
            - = (\(w) − \(k) + 2·\(p))/\(s) + 1 = \(w - k + 2 * p)/\(s) + 1 = \(answer)
            - the output is \(filters)×\(answer)×\(answer): one map per filter, whatever the input's channels
            """,
            mistakes: [
                NumericMistake(name: "forgot the padding",
                               explanation: "padding adds P rows of zeros on each side, so the input is W + 2P wide: " +
                                   "(W − K + 2P)/S + 1.",
                               value: Double((w - k) / s + 1)),
                NumericMistake(name: "forgot the stride",
                               explanation: "with stride S the filter jumps S pixels at a time, so only every S-th " +
                                   "position gives an output: divide W − K + 2P by S before adding 1.",
                               value: Double(w - k + 2 * p + 1)),
                NumericMistake(name: "forgot the + 1",
                               explanation: "(W − K + 2P)/S counts the steps between positions; the positions are " +
                                   "one more (the first one needs no step).",
                               value: Double((w - k + 2 * p) / s)),
            ],
            tolerance: 0.005,
            relativeTolerance: 0)
    }

    /// The trainable parameters of one conv layer: F·(C·K·K + 1), shared by every position.
    static let convParameterCount = NumericGenerator(id: "conv-param-count", topic: "convolution",
                                                     title: "Parameters of a conv layer") { draw in
        let channels = draw.pick([3, 8, 16, 32, 64])
        let filters = draw.pick([8, 16, 32, 64, 128])
        let k = draw.pick([1, 3, 5])
        let side = draw.pick([8, 16, 28, 32])
        let answer = NumericEngine.convParameterCount(channels: channels, size: side, filters: filters, kernel: k, padding: k / 2)
        let weights = filters * channels * k * k
        return NumericDraft(
            prompt: "A conv layer has \(filters) filters of \(k)×\(k) (padding \(k / 2), stride 1) and reads a " +
                "\(channels)×\(side)×\(side) image, so it outputs \(filters)×\(side)×\(side). How many trainable " +
                "parameters does it have?",
            answer: Double(answer),
            solution: """
            - each filter spans every input channel: \(channels)·\(k)·\(k) = \(NumberText.count(channels * k * k)) weights, plus 1 bias
            - \(filters) filters: \(filters)·(\(NumberText.count(channels * k * k)) + 1) = \(NumberText.count(answer))
            - the same filters slide over all \(side)·\(side) positions: the image size does not count
            """,
            mistakes: [
                NumericMistake(name: "forgot the bias",
                               explanation: "each filter also has one bias, added at every position: F·(C·K·K + 1).",
                               value: Double(weights)),
                NumericMistake(name: "counted per position instead of shared",
                               explanation: "a conv layer shares its filters across positions (weight sharing): the " +
                                   "\(side)·\(side) output positions use the same \(NumberText.count(answer)) numbers.",
                               value: Double(answer * side * side)),
                NumericMistake(name: "forgot the input channels",
                               explanation: "a filter is C × K × K: it reads all \(channels) input channels at once, " +
                                   "with a weight for each.",
                               value: Double(filters * (k * k + 1))),
            ],
            tolerance: 0.005,
            relativeTolerance: 0)
    }

    /// The receptive field of one output unit after a few conv and pooling layers.
    static let receptiveField = NumericGenerator(id: "receptive-field", topic: "convolution",
                                                 title: "The receptive field of stacked layers") { draw in
        var requests: [LayerStack.Request] = []
        var names: [String] = []
        let count = draw.integer(2...4)
        for i in 0..<count {
            if i > 0 && draw.integer(0...2) == 0 {
                requests.append(.maxPool(size: 2, stride: 2))
                names.append("max pool 2×2 (stride 2)")
            } else {
                let k = draw.pick([3, 3, 5])
                requests.append(.conv(filters: 8, size: k, stride: 1, padding: 0, activation: .relu))
                names.append("conv \(k)×\(k) (stride 1)")
            }
        }
        let answer = NumericEngine.receptiveField(requests)
        var sizes: [Int] = [], strides: [Int] = []
        for request in requests {
            switch request {
            case .conv(_, let k, let s, _, _): sizes.append(k); strides.append(s)
            case .maxPool(let k, let s): sizes.append(k); strides.append(s)
            default: break
            }
        }
        // Working back from one output unit: r ← (r − 1)·S + K, layer by layer from the top.
        var steps: [String] = []
        var r = 1
        for (k, s) in zip(sizes, strides).reversed() {
            let next = (r - 1) * s + k
            steps.append("(\(r) − 1)·\(s) + \(k) = \(next)")
            r = next
        }
        let summed = sizes.reduce(0, +)
        let noStride = 1 + sizes.map { $0 - 1 }.reduce(0, +)
        return NumericDraft(
            prompt: "An image goes through these layers, in order, none of them padded: " +
                names.joined(separator: ", ") + ". How many pixels wide is the receptive field of one unit of " +
                "the last layer's output (the square of input pixels it depends on)?",
            answer: Double(answer),
            solution: """
            - start from one output unit (r = 1) and walk down: each layer widens it to r ← (r − 1)·S + K
            - \(steps.joined(separator: "; "))
            - receptive field: \(answer)×\(answer) input pixels
            """,
            mistakes: [
                NumericMistake(name: "added the kernel sizes",
                               explanation: "neighbouring windows overlap: a K×K layer adds K − 1 pixels, not K, " +
                                   "scaled by the strides of the layers below it.",
                               value: Double(summed)),
                NumericMistake(name: "ignored the pooling's stride",
                               explanation: "every layer above a stride-2 pooling sees pixels twice as far apart, so " +
                                   "its K − 1 counts double: r ← (r − 1)·S + K.",
                               value: Double(noStride)),
            ],
            tolerance: 0.005,
            relativeTolerance: 0)
    }

    /// The side of a pooling layer's output: ⌊(W − K)/S⌋ + 1.
    static let poolOutputSize = NumericGenerator(id: "pool-output-size", topic: "convolution",
                                                 title: "The output size of a pooling layer") { draw in
        let (k, s) = draw.pick([(2, 2), (3, 2), (3, 3), (4, 4), (3, 1), (2, 1)])
        let w = draw.integer(6...40)
        let channels = draw.pick([4, 8, 16, 32])
        let answer = NumericEngine.outputSide(size: w, channels: channels, [.maxPool(size: k, stride: s)])!
        let kind = s == k ? "(stride \(s), so the windows do not overlap)" : "with stride \(s)"
        return NumericDraft(
            prompt: "Max pooling \(k)×\(k) \(kind), no padding, reads \(channels) feature maps of \(w)×\(w). How tall " +
                "(and wide) is each output map? (A window that would run past the edge is dropped.)",
            answer: Double(answer),
            solution: """
            - output side = ⌊(W − K)/S⌋ + 1 = ⌊(\(w) − \(k))/\(s)⌋ + 1 = \((w - k) / s) + 1 = \(answer)
            - pooling works on each map alone: still \(channels) maps, \(channels)×\(answer)×\(answer), and no parameters
            """,
            mistakes: [
                NumericMistake(name: "forgot the + 1",
                               explanation: "⌊(W − K)/S⌋ counts the steps between windows; the windows are one more.",
                               value: Double((w - k) / s)),
            ],
            optionalMistakes: [
                NumericMistake(name: "forgot the stride",
                               explanation: "the window jumps S pixels at a time: divide W − K by S.",
                               value: Double(w - k + 1)),
                NumericMistake(name: "divided by the window size",
                               explanation: "W/K holds only when the stride equals the window and W is a multiple " +
                                   "of it; in general it is ⌊(W − K)/S⌋ + 1.",
                               value: Double(w) / Double(k)),
            ],
            tolerance: 0.005,
            relativeTolerance: 0)
    }

    /// ∂y/∂x of a one-unit residual block y = tanh(w·x + b) + x.
    static let residualGradient = NumericGenerator(id: "residual-gradient", topic: "residual-connections",
                                                   title: "The gradient through a residual block") { draw in
        let w = draw.signed(0.2, 2)
        let b = draw.signed(0.1, 1)
        let x = draw.signed(0.1, 2)
        let answer = NumericEngine.residualSlope(weight: w, bias: b, input: x)
        let z = w * x + b
        let t = tanh(z)
        let slope = 1 - t * t
        return NumericDraft(
            prompt: "A residual block with one unit computes y = f(x) + x with f(x) = tanh(w·x + b) " +
                "(`layer dense 1 act=tanh skip=on`). With w = \(NumberText.given(w)), b = \(NumberText.given(b)) and " +
                "x = \(NumberText.given(x)), what is ∂y/∂x?",
            answer: answer,
            solution: """
            - z = w·x + b = \(NumberText.factor(w))·\(NumberText.factor(x)) + \(NumberText.factor(b)) = \(NumberText.result(z))
            - f′(x) = w·(1 − tanh² z) = \(NumberText.factor(w))·(1 − \(NumberText.resultFactor(t))²) = \(NumberText.result(w * slope))
            - ∂y/∂x = f′(x) + 1 = \(NumberText.result(answer)): the identity path adds 1 whatever f does
            """,
            mistakes: [
                NumericMistake(name: "forgot the identity path",
                               explanation: "y = f(x) + x, so ∂y/∂x = f′(x) + 1: the skip connection's own slope is 1.",
                               value: w * slope),
                NumericMistake(name: "forgot tanh's slope",
                               explanation: "f′(x) = w·tanh′(z) = w·(1 − tanh² z), not w.",
                               value: w + 1),
            ],
            optionalMistakes: [
                NumericMistake(name: "the output, not its slope",
                               explanation: "that is y = tanh(z) + x; the question asks for ∂y/∂x.",
                               value: t + x),
            ],
            minimumMagnitude: 0.01)
    }

    /// One output of a 3 × 3 filter on a 3 × 3 patch: Σ w·x + b.
    static let filterResponse = NumericGenerator(id: "conv-filter", topic: "convolution",
                                                 title: "One output of a filter") { draw in
        let filter = (0..<3).map { _ in (0..<3).map { _ in Double(draw.pick([-1, 0, 1, 2])) } }
        let patch = (0..<3).map { _ in (0..<3).map { _ in Double(draw.integer(0...4)) } }
        let bias = draw.signed(0.1, 1)
        let answer = NumericEngine.filterResponse(filter: filter, bias: bias, patch: patch)
        let products = zip(filter.flatMap { $0 }, patch.flatMap { $0 }).map { $0 * $1 }.reduce(0, +)
        let flipped = NumericEngine.filterResponse(filter: filter.reversed().map { Array($0.reversed()) }, bias: bias, patch: patch)
        func grid(_ rows: [[Double]]) -> String {
            rows.map { row in row.map { NumberText.given($0) }.joined(separator: " ") }.joined(separator: " / ")
        }
        return NumericDraft(
            prompt: "A 3×3 filter with rows \(grid(filter)) and bias b = \(NumberText.given(bias)) sits on an image " +
                "patch with rows \(grid(patch)) (no activation). What number does it write into the feature map?",
            answer: answer,
            solution: """
            - multiply each weight by the pixel under it and add the nine products: \(NumberText.dot(filter.flatMap { $0 }, patch.flatMap { $0 })) = \(NumberText.result(products))
            - add the bias: \(NumberText.result(products)) + \(NumberText.factor(bias)) = \(NumberText.result(answer))
            """,
            mistakes: [
                NumericMistake(name: "forgot the bias",
                               explanation: "a filter's output is Σ w·x + b: its bias is added at every position.",
                               value: products),
            ],
            optionalMistakes: [
                NumericMistake(name: "flipped the filter",
                               explanation: "that is the textbook convolution, which turns the filter by 180°; " +
                                   "nnlab, PyTorch and every deep-learning library compute cross-correlation: " +
                                   "the weight at the top left multiplies the pixel at the top left.",
                               value: flipped),
            ],
            minimumMagnitude: 0.1)
    }
}
