/// A network built layer by layer: an input shape, then layers whose shapes are checked as
/// they are added (`net input 1x8x8; layer conv 8 pad=1 act=relu; layer maxpool; …`).
///
/// Images travel between layers as n × C × H × W tensors, flat layers as n × N. A dense layer
/// after an image-shaped one gets an explicit `flatten` in front of it, so the layer list is
/// the model file's list.
public struct LayerStack: Equatable, Sendable {
    /// What `add` is asked to append.
    public enum Request: Equatable, Sendable {
        case dense(units: Int, activation: Activation, skip: Bool)
        case conv(filters: Int, size: Int, stride: Int, padding: Int, activation: Activation)
        case maxPool(size: Int, stride: Int)
        case avgPool(size: Int, stride: Int)
        case flatten
        case layerNorm
        case dropout(Double)
        case recurrent(cell: RecurrentLayer.Cell, hidden: Int, activation: Activation, sequence: Bool)
    }

    /// The shape of one input sample.
    public let inputShape: LayerShape
    /// The layers from input to output.
    public private(set) var layers: [StackLayer] = []
    /// The shape each layer hands on, one per layer.
    public private(set) var shapes: [LayerShape] = []
    /// The draws of initial weights, continued by each layer added.
    public private(set) var generator: SeededGenerator
    /// The weight rule, or nil for each layer's activation's default.
    public var initializer: Initializer?
    /// The requests `add` took, in order, so the stack can be built again with another seed
    /// (nil for a stack read from a file).
    public private(set) var requests: [Request]? = []

    /// The most filters or units one layer may have.
    public static let maximumWidth = NetworkSpec.maximumWidth
    /// The most numbers one layer may hand on per sample.
    public static let maximumSize = 1 << 20

    /// Makes an empty stack with an input shape; `seed` starts the initial weights' draws.
    public init(input: LayerShape, initializer: Initializer? = nil, seed: Int) {
        inputShape = input
        self.initializer = initializer
        generator = SeededGenerator(seed: seed)
    }

    /// Makes a stack from layers read from a file; throws when their shapes do not chain.
    public init(input: LayerShape, layers: [StackLayer]) throws(EngineError) {
        inputShape = input
        generator = SeededGenerator(seed: 0)
        requests = nil
        for layer in layers {
            let shape = try next(after: layer)
            self.layers.append(layer)
            shapes.append(shape)
        }
    }

    /// Two stacks are equal when they have the same input, layers and weights (how their
    /// initial weights were drawn does not count: a stack read from a file equals the one saved).
    public static func == (a: LayerStack, b: LayerStack) -> Bool {
        a.inputShape == b.inputShape && a.layers == b.layers && a.shapes == b.shapes
    }

    /// The shape the last layer hands on (the input's when there are no layers).
    public var outputShape: LayerShape { shapes.last ?? inputShape }
    /// The number of input features (columns of a data row).
    public var inputs: Int { inputShape.count }
    /// The number of outputs.
    public var outputs: Int { outputShape.count }
    /// The activation of the last layer that has one (identity when none has).
    public var outputActivation: Activation {
        for layer in layers.reversed() {
            switch layer {
            case .dense(let d, _): return d.activation
            case .conv(let c): return c.activation
            default: continue
            }
        }
        return .identity
    }

    // MARK: Building

    /// Appends a freshly initialized layer, after an implied `flatten` when a dense layer
    /// follows an image (on a sequence a dense layer works step by step). Throws, leaving the stack unchanged, when the layer does
    /// not fit the shape it would receive.
    public mutating func add(_ request: Request) throws(EngineError) {
        var copy = self
        try copy.append(request)
        copy.requests?.append(request)
        self = copy
    }

    /// The same layers with fresh initial weights drawn from `seed`; nil for a stack read from
    /// a file, which has no requests to replay.
    public func rebuilt(seed: Int) -> LayerStack? {
        guard let requests else { return nil }
        var fresh = LayerStack(input: inputShape, initializer: initializer, seed: seed)
        for request in requests { try? fresh.add(request) }
        return fresh
    }

    private mutating func append(_ request: Request) throws(EngineError) {
        let number = layers.count + 1
        if let last = layers.indices.last, Self.activation(of: layers[last]) == .softmax {
            throw EngineError("layer \(last + 1) ends in softmax, which belongs on the output layer only; rebuild it with another activation to add layers after it")
        }
        let shape = outputShape
        switch request {
        case .dense(let units, let activation, let skip):
            try Self.checkWidth(units, what: "a dense layer's units")
            // On a sequence a dense layer works on each step's features (as torch.nn.Linear).
            var features = shape.count
            if case .sequence(_, let n) = shape { features = n } else if case .image = shape {
                try append(.flatten)
                return try append(request)
            }
            if skip, units != features {
                throw EngineError("skip=on adds the layer's input to its output, so the widths must match: layer \(number) gets \(features) features and has \(units) units; use \(features) units or drop skip=on")
            }
            let rule = initializer ?? Initializer.default(for: activation)
            let dense = DenseLayer(weights: rule.weights(outputs: units, inputs: features, generator: &generator),
                                   bias: Tensor.zeros([units]), activation: activation)
            try push(.dense(dense, skip: skip))
        case .conv(let filters, let size, let stride, let padding, let activation):
            try Self.checkWidth(filters, what: "a conv layer's filters")
            guard activation != .softmax else {
                throw EngineError("softmax works on a flat output layer; give the conv layer act=relu (or another activation)")
            }
            let channels = try Self.imageChannels(shape, layer: "conv", number: number)
            let rule = initializer ?? Initializer.default(for: activation)
            let fanIn = channels * size * size
            let w = rule.weights(outputs: filters, inputs: fanIn, fanOut: filters * size * size,
                                 generator: &generator).reshaped([filters, channels, size, size])
            try push(.conv(ConvolutionLayer(weights: w, bias: Tensor.zeros([filters]), stride: stride, padding: padding,
                                            activation: activation)))
        case .maxPool(let size, let stride):
            _ = try Self.imageChannels(shape, layer: "maxpool", number: number)
            try push(.maxPool(size: size, stride: stride))
        case .avgPool(let size, let stride):
            _ = try Self.imageChannels(shape, layer: "avgpool", number: number)
            try push(.avgPool(size: size, stride: stride))
        case .flatten:
            if case .flat(let n) = shape {
                throw EngineError("flatten turns an image or a sequence into one vector; layer \(number) already gets a vector of \(n) features")
            }
            try push(.flatten)
        case .layerNorm:
            try push(.layerNorm(LayerNormalization(size: shape.count)))
        case .dropout(let p):
            guard p >= 0 && p < 1 else { throw EngineError("dropout's probability must be at least 0 and below 1; got \(p)") }
            try push(.dropout(p))
        case .recurrent(let cell, let hidden, let activation, let sequence):
            try Self.checkWidth(hidden, what: "a\(cell == .rnn ? "n" : "") \(cell.rawValue) layer's hidden units")
            guard activation.isElementwise else {
                throw EngineError("softmax belongs on the output layer; give the rnn layer act=tanh (or another activation)")
            }
            let features = try Self.sequenceFeatures(shape, layer: cell.rawValue, number: number)
            try push(.recurrent(RecurrentLayer(cell: cell, inputs: features, hidden: hidden, activation: activation,
                                               returnsSequence: sequence, generator: &generator)))
        }
    }

    private mutating func push(_ layer: StackLayer) throws(EngineError) {
        let shape = try next(after: layer)
        layers.append(layer)
        shapes.append(shape)
    }

    /// The shape `layer` hands on when appended now; throws when it does not fit.
    private func next(after layer: StackLayer) throws(EngineError) -> LayerShape {
        let shape = outputShape
        let number = layers.count + 1
        let result: LayerShape
        switch layer {
        case .dense(let d, let skip):
            var steps: Int? = nil, n = 0
            switch shape {
            case .flat(let width): n = width
            case .sequence(let t, let width): steps = t; n = width
            case .image: n = -1
            }
            guard n == d.inputs else {
                throw EngineError("dense layer \(number) takes \(d.inputs) inputs but gets \(shape); it needs a vector of \(d.inputs) features")
            }
            if skip, d.outputs != n {
                throw EngineError("skip=on needs the same width in and out; dense layer \(number) maps \(n) to \(d.outputs)")
            }
            result = steps.map { .sequence(steps: $0, features: d.outputs) } ?? .flat(d.outputs)
        case .recurrent(let r):
            let features = try Self.sequenceFeatures(shape, layer: r.cell.rawValue, number: number)
            guard features == r.inputs else {
                throw EngineError("\(r.cell.rawValue) layer \(number) takes \(r.inputs) features per step but gets \(features)")
            }
            guard case .sequence(let steps, _) = shape else { preconditionFailure("checked above") }
            result = r.returnsSequence ? .sequence(steps: steps, features: r.hidden) : .flat(r.hidden)
        case .conv(let c):
            let channels = try Self.imageChannels(shape, layer: "conv", number: number)
            guard c.channels == channels else {
                throw EngineError("conv layer \(number) has filters over \(c.channels) channels but gets \(channels)")
            }
            result = try Self.window(shape, layer: "conv", size: c.kernel, stride: c.stride, padding: c.padding, channels: c.filters)
        case .maxPool(let size, let stride):
            result = try Self.window(shape, layer: "maxpool", size: size, stride: stride, padding: 0, channels: nil)
        case .avgPool(let size, let stride):
            result = try Self.window(shape, layer: "avgpool", size: size, stride: stride, padding: 0, channels: nil)
        case .flatten:
            result = .flat(shape.count)
        case .layerNorm(let n):
            guard n.gamma.count == shape.count, n.beta.count == shape.count else {
                throw EngineError("layernorm \(number) holds \(n.gamma.count) scales but gets \(shape.count) numbers")
            }
            result = shape
        case .dropout:
            result = shape
        }
        guard result.count <= Self.maximumSize else {
            throw EngineError("layer \(number) would hand on \(result.count) numbers per sample; keep it at \(Self.maximumSize) or fewer")
        }
        return result
    }

    private static func checkWidth(_ n: Int, what: String) throws(EngineError) {
        guard n >= 1 && n <= maximumWidth else { throw EngineError("\(what) must be 1 to \(maximumWidth); got \(n)") }
    }

    private static func imageChannels(_ shape: LayerShape, layer: String, number: Int) throws(EngineError) -> Int {
        guard case .image(let c, _, _) = shape else {
            throw EngineError("\(layer) slides over an image, but layer \(number) gets \(shape.count == 1 ? "1 feature" : "\(shape.count) features") in a \(shape.dimensions.count == 1 ? "vector" : "sequence \(shape)"); start the net with net input CxHxW, like 1x8x8")
        }
        return c
    }

    /// The features per step of a sequence; throws a message naming the fix otherwise.
    private static func sequenceFeatures(_ shape: LayerShape, layer: String, number: Int) throws(EngineError) -> Int {
        switch shape {
        case .sequence(_, let n): return n
        case .flat(let n):
            let what = n == 1 ? "1 feature" : "\(n) features"
            if number > 1 {
                throw EngineError("\(layer) reads a sequence, but layer \(number) gets a vector of \(what); give the recurrent layer before it seq=all, or start the net with net input TxN, like 20x1")
            }
            throw EngineError("\(layer) reads a sequence, but the net's input is a vector of \(what); start the net with net input TxN (T steps of N features), like 20x1")
        case .image:
            throw EngineError("\(layer) reads a sequence, but layer \(number) gets an image \(shape); start the net with net input TxN (T steps of N features), like 20x1")
        }
    }

    private static func window(_ shape: LayerShape, layer: String, size: Int, stride: Int, padding: Int,
                               channels: Int?) throws(EngineError) -> LayerShape {
        guard case .image(let c, let h, let w) = shape else {
            throw EngineError("\(layer) slides over an image; it gets \(shape)")
        }
        guard size >= 1 && size <= 64 else { throw EngineError("\(layer) size must be 1 to 64; got \(size)") }
        guard stride >= 1 && stride <= 64 else { throw EngineError("\(layer) stride must be 1 to 64; got \(stride)") }
        guard padding >= 0 && padding <= size else {
            throw EngineError("\(layer) pad must be 0 to the size (\(size)); got \(padding)")
        }
        let g = ConvolutionGeometry(channels: c, height: h, width: w, kernel: size, stride: stride, padding: padding)
        guard g.fits else {
            let with = layer == "conv" ? " with pad \(padding)" : ""
            throw EngineError("\(layer) \(size)×\(size)\(with) needs an input of at least \(size - 2 * padding)×\(size - 2 * padding); this layer gets \(h)×\(w)")
        }
        return .image(channels: channels ?? c, height: g.outputHeight, width: g.outputWidth)
    }

    static func activation(of layer: StackLayer) -> Activation? {
        switch layer {
        case .dense(let d, _): return d.activation
        case .conv(let c): return c.activation
        default: return nil
        }
    }

    // MARK: Parameters

    /// Every trainable tensor in layer order: W, b of dense and conv layers, γ, β of layer norm.
    public var parameters: [Tensor] {
        get { layers.flatMap { $0.parameters.map(\.tensor) } }
        set {
            var k = 0
            for i in layers.indices {
                let count = layers[i].parameters.count
                layers[i].setParameters(newValue[k..<(k + count)])
                k += count
            }
        }
    }

    /// The names of `parameters`, numbered by layer: w1, b1, gamma3, beta3, …
    public var parameterNames: [String] {
        layers.enumerated().flatMap { i, layer in layer.parameters.map { "\($0.stem)\(i + 1)" } }
    }

    /// Whether each tensor of `parameters` is a weight (regularized) rather than a bias or γ, β.
    public var parameterIsWeight: [Bool] { layers.flatMap { $0.parameters.map(\.isWeight) } }

    /// The total number of trainable numbers.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Whether the function has kinks a gradient check can trip on: relu, leaky_relu or step
    /// activations, or max pooling.
    public var hasKinks: Bool {
        layers.contains { layer in
            if case .maxPool = layer { return true }
            if case .recurrent(let r) = layer, r.cell == .rnn, [.relu, .leakyRelu, .step].contains(r.activation) { return true }
            return Self.activation(of: layer).map { [.relu, .leakyRelu, .step].contains($0) } ?? false
        }
    }

    /// The input shape and the layer kinds, for one-line messages: `1×8×8 conv-maxpool-…-dense`.
    public var outline: String { "\(inputShape) " + layers.map(\.kind).joined(separator: "-") }

    /// A short description of a layer for summaries: `conv 8 3×3 pad 1 relu`, `maxpool 2×2`.
    public func describe(_ index: Int) -> String {
        switch layers[index] {
        case .dense(let d, let skip): return "dense \(d.outputs) \(d.activation.rawValue)\(skip ? " skip" : "")"
        case .conv(let c):
            var text = "conv \(c.filters) \(c.kernel)×\(c.kernel)"
            if c.stride != 1 { text += " stride \(c.stride)" }
            if c.padding != 0 { text += " pad \(c.padding)" }
            return text + " \(c.activation.rawValue)"
        case .maxPool(let k, let s): return "maxpool \(k)×\(k)" + (s != k ? " stride \(s)" : "")
        case .avgPool(let k, let s): return "avgpool \(k)×\(k)" + (s != k ? " stride \(s)" : "")
        case .flatten: return "flatten"
        case .layerNorm: return "layernorm"
        case .dropout(let p): return "dropout \(p)"
        case .recurrent(let r):
            let act = r.cell == .rnn ? " \(r.activation.rawValue)" : ""
            return "\(r.cell.rawValue) \(r.hidden)\(act) seq=\(r.returnsSequence ? "all" : "last")"
        }
    }
}
