import NNEngine

/// The engine runs behind the convolution and residual questions: each builds the layers a
/// question describes as a `LayerStack` (what `net input` and `layer` build) and reads the
/// answer off it.
extension NumericEngine {
    /// A stack on a square single-channel or multi-channel image, built from requests;
    /// nil when a layer does not fit the shape it gets.
    static func stack(channels: Int = 1, size: Int, _ requests: [LayerStack.Request]) -> LayerStack? {
        var stack = LayerStack(input: .image(channels: channels, height: size, width: size), seed: 0)
        for request in requests {
            do { try stack.add(request) } catch { return nil }
        }
        return stack
    }

    /// The height (= width) of the last layer's output on a square input.
    static func outputSide(size: Int, channels: Int = 1, _ requests: [LayerStack.Request]) -> Int? {
        guard let stack = stack(channels: channels, size: size, requests),
              case .image(_, let height, _) = stack.outputShape else { return nil }
        return height
    }

    /// The trainable parameters of one conv layer on an image with `channels` channels.
    static func convParameterCount(channels: Int, size: Int, filters: Int, kernel: Int, padding: Int) -> Int {
        stack(channels: channels, size: size,
              [.conv(filters: filters, size: kernel, stride: 1, padding: padding, activation: .relu)])!.parameterCount
    }

    /// The receptive field of one output unit of a stack of conv and pooling layers without
    /// padding: the smallest square input the stack turns into a 1 × 1 output (every input
    /// pixel of it reaches that one output, and no smaller input gives an output at all).
    static func receptiveField(_ requests: [LayerStack.Request]) -> Int {
        var size = 1
        while outputSide(size: size, requests) == nil { size += 1 }
        return size
    }

    /// One output of a single 3 × 3 filter (identity activation) over a 3 × 3 patch: the
    /// filter and patch are rows of three.
    static func filterResponse(filter: [[Double]], bias: Double, patch: [[Double]]) -> Double {
        let k = filter.count
        let layer = ConvolutionLayer(weights: Tensor(shape: [1, 1, k, k], scalars: filter.flatMap { $0 }),
                                     bias: Tensor([bias]), stride: 1, padding: 0, activation: .identity)
        let stack = try! LayerStack(input: .image(channels: 1, height: k, width: k), layers: [.conv(layer)])
        return stack.infer(Tensor(rows: [patch.flatMap { $0 }])).outputs.scalars[0]
    }

    /// ∂y/∂x of a residual block y = tanh(w·x + b) + x with one unit, by the tape.
    static func residualSlope(weight: Double, bias: Double, input: Double, skip: Bool = true) -> Double {
        let dense = layer(weights: [[weight]], bias: [bias], activation: .tanh)
        let stack = try! LayerStack(input: .flat(1), layers: [.dense(dense, skip: skip)])
        let tape = Tape()
        var generator = SeededGenerator(seed: 0)
        let pass = stack.record(on: tape, inputs: Tensor(rows: [[input]]), mode: .inference, generator: &generator,
                                watchInput: true, trainable: false)
        tape.backward(from: pass.output)
        return tape.gradient(pass.input).scalars[0]
    }
}
