/// Model and gradient files of networks built layer by layer, in PyTorch's layouts: conv
/// weights [F][C][K][K], a top-level "input_shape" when the input is not a flat vector, and
/// every layer listed (flatten included). A dropout layer is written as
/// {"type": "dropout", "p": P}.
extension ModelFile {
    static func encodeStack(_ stack: LayerStack, loss: Loss?, gradients: [Tensor]? = nil, lossValue: Double? = nil) -> String {
        let format = gradients == nil ? "nnlab-model" : "nnlab-grads"
        var out = "{\n  \"format\": \"\(format)\",\n  \"version\": \(version),\n  \"inputs\": \(stack.inputs),\n"
        if case .flat = stack.inputShape {} else {
            out += "  \"input_shape\": [\(stack.inputShape.dimensions.map(String.init).joined(separator: ", "))],\n"
        }
        if let lossValue { out += "  \"loss\": \(number(lossValue)),\n" } else if let loss { out += "  \"loss\": \"\(loss.rawValue)\",\n" }
        out += "  \"layers\": [\n"
        var k = 0
        var texts: [String] = []
        for (index, layer) in stack.layers.enumerated() {
            var values = layer.parameters.map(\.tensor)
            if let gradients {
                values = Array(gradients[k..<(k + values.count)])
                k += values.count
            }
            let input = index == 0 ? stack.inputShape : stack.shapes[index - 1]
            switch layer {
            case .dense(let d, let skip):
                texts.append("    {\"type\": \"dense\", \"inputs\": \(d.inputs), \"outputs\": \(d.outputs), "
                    + "\"activation\": \"\(d.activation.rawValue)\"\(skip ? ", \"skip\": true" : ""),\n"
                    + "     \"weights\": \(nested(values[0])),\n     \"bias\": \(vector(values[1].scalars))}")
            case .conv(let c):
                texts.append("    {\"type\": \"conv2d\", \"in_channels\": \(c.channels), \"out_channels\": \(c.filters), "
                    + "\"kernel\": \(c.kernel), \"stride\": \(c.stride), \"padding\": \(c.padding), "
                    + "\"activation\": \"\(c.activation.rawValue)\",\n"
                    + "     \"weights\": \(nested(values[0])),\n     \"bias\": \(vector(values[1].scalars))}")
            case .maxPool(let size, let stride), .avgPool(let size, let stride):
                let type = layer.kind == "maxpool" ? "maxpool2d" : "avgpool2d"
                texts.append("    {\"type\": \"\(type)\", \"kernel\": \(size), \"stride\": \(stride)}")
            case .flatten:
                texts.append("    {\"type\": \"flatten\"}")
            case .layerNorm(let n):
                texts.append("    {\"type\": \"layernorm\", \"size\": \(input.count), \"eps\": \(number(n.epsilon)),\n"
                    + "     \"gamma\": \(vector(values[0].scalars)),\n     \"beta\": \(vector(values[1].scalars))}")
            case .dropout(let p):
                texts.append("    {\"type\": \"dropout\", \"p\": \(number(p))}")
            case .recurrent(let r):
                let act = r.cell == .rnn ? "\"activation\": \"\(r.activation.rawValue)\", " : ""
                texts.append("    {\"type\": \"\(r.cell.rawValue)\", \"inputs\": \(r.inputs), \"hidden\": \(r.hidden), "
                    + "\(act)\"sequence\": \"\(r.returnsSequence ? "all" : "last")\",\n"
                    + "     \"weights_ih\": \(nested(values[0])),\n     \"weights_hh\": \(nested(values[1])),\n"
                    + "     \"bias\": \(vector(values[2].scalars))}")
            }
        }
        out += texts.joined(separator: ",\n") + "\n  ]\n}\n"
        return out
    }

    /// A tensor as nested JSON lists, one level per axis.
    static func nested(_ t: Tensor) -> String {
        func level(_ axis: Int, _ offset: Int) -> String {
            if axis == t.rank - 1 { return vector(Array(t.scalars[offset..<(offset + t.shape[axis])])) }
            let stride = t.shape[(axis + 1)...].reduce(1, *)
            return "[" + (0..<t.shape[axis]).map { level(axis + 1, offset + $0 * stride) }.joined(separator: ", ") + "]"
        }
        return t.rank == 0 ? number(t.scalars[0]) : level(0, 0)
    }

    /// Whether a model file describes a network built layer by layer.
    static func isStack(_ object: [String: JSONValue]) -> Bool {
        if object["input_shape"] != nil { return true }
        return object["layers"]?.array?.contains { item in
            let layer = item.object
            return (layer?["type"]?.string ?? "dense") != "dense" || layer?["skip"] != nil
        } ?? false
    }

    static func decodeStack(_ object: [String: JSONValue], inputs: Int, file: String) throws -> LayerStack {
        func fail(_ field: String, _ message: String) -> EngineError { EngineError("\(file): field '\(InputExcerpt.cut(field))': \(message)") }
        var shape = LayerShape.flat(inputs)
        if let value = object["input_shape"] {
            guard let dims = value.array?.map({ integer($0) }), (2...3).contains(dims.count),
                  dims.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= LayerShape.maximumExtent }) else {
                throw fail("input_shape", "must be [C, H, W] or [T, N] with whole numbers from 1 to \(LayerShape.maximumExtent)")
            }
            let d = dims.map { $0! }
            shape = d.count == 3 ? .image(channels: d[0], height: d[1], width: d[2]) : .sequence(steps: d[0], features: d[1])
            guard shape.count == inputs else {
                throw fail("inputs", "is \(inputs), but input_shape \(shape) holds \(shape.count) numbers")
            }
        }
        guard let items = object["layers"]?.array, !items.isEmpty else { throw fail("layers", "missing or empty; a model has at least one layer") }
        var layers: [StackLayer] = []
        for (i, item) in items.enumerated() {
            let at = "layers[\(i)]"
            guard let layer = item.object else { throw fail(at, "is not an object") }
            let type = layer["type"]?.string ?? "dense"
            func positive(_ key: String) throws -> Int {
                guard let n = integer(layer[key]), n >= 1, n <= 1 << 20 else { throw fail("\(at).\(key)", "missing or not a positive whole number") }
                return n
            }
            func activation() throws -> Activation {
                guard let name = layer["activation"]?.string else { throw fail("\(at).activation", "missing") }
                guard let a = Activation(rawValue: name) else {
                    throw fail("\(at).activation", "'\(InputExcerpt.cut(name))' is not one of \(Activation.names.joined(separator: ", "))")
                }
                return a
            }
            switch type {
            case "dense":
                let ins = try positive("inputs"), outs = try positive("outputs")
                let weights = try matrixField(layer["weights"], rows: outs, columns: ins) { fail("\(at).weights", $0) }
                let bias = try vectorField(layer["bias"], count: outs) { fail("\(at).bias", $0) }
                var skip = false
                if let value = layer["skip"] {
                    guard case .bool(let b) = value else { throw fail("\(at).skip", "must be true or false") }
                    skip = b
                }
                layers.append(.dense(DenseLayer(weights: weights, bias: Tensor(bias), activation: try activation()), skip: skip))
            case "conv2d":
                let c = try positive("in_channels"), f = try positive("out_channels"), k = try positive("kernel")
                let stride = try positive("stride")
                guard let padding = integer(layer["padding"]), padding >= 0 else { throw fail("\(at).padding", "missing or negative") }
                let weights = try tensorField(layer["weights"], shape: [f, c, k, k]) { fail("\(at).weights", $0) }
                let bias = try vectorField(layer["bias"], count: f) { fail("\(at).bias", $0) }
                layers.append(.conv(ConvolutionLayer(weights: weights, bias: Tensor(bias), stride: stride, padding: padding,
                                                     activation: try activation())))
            case "maxpool2d", "avgpool2d":
                let k = try positive("kernel")
                let s = layer["stride"] == nil ? k : try positive("stride")
                layers.append(type == "maxpool2d" ? .maxPool(size: k, stride: s) : .avgPool(size: k, stride: s))
            case "flatten":
                layers.append(.flatten)
            case "layernorm":
                let n = try positive("size")
                var eps = 1e-5
                if let e = layer["eps"] { guard let v = real(e), v > 0 else { throw fail("\(at).eps", "must be a positive number") }; eps = v }
                let gamma = try vectorField(layer["gamma"], count: n) { fail("\(at).gamma", $0) }
                let beta = try vectorField(layer["beta"], count: n) { fail("\(at).beta", $0) }
                layers.append(.layerNorm(LayerNormalization(gamma: Tensor(gamma), beta: Tensor(beta), epsilon: eps)))
            case "dropout":
                guard let p = real(layer["p"]), p >= 0, p < 1 else { throw fail("\(at).p", "must be a probability in [0, 1)") }
                layers.append(.dropout(p))
            case "rnn", "lstm":
                let cell: RecurrentLayer.Cell = type == "rnn" ? .rnn : .lstm
                let n = try positive("inputs"), h = try positive("hidden"), rows = cell.blocks * h
                var act = Activation.tanh
                if cell == .rnn, layer["activation"] != nil {
                    act = try activation()
                    guard act.isElementwise else { throw fail("\(at).activation", "softmax cannot be an rnn's activation") }
                }
                var sequence = false
                if let value = layer["sequence"] {
                    guard let word = value.string, ["last", "all"].contains(word) else {
                        throw fail("\(at).sequence", "must be \"last\" or \"all\"")
                    }
                    sequence = word == "all"
                }
                let wih = try matrixField(layer["weights_ih"], rows: rows, columns: n) { fail("\(at).weights_ih", $0) }
                let whh = try matrixField(layer["weights_hh"], rows: rows, columns: h) { fail("\(at).weights_hh", $0) }
                let bias = try vectorField(layer["bias"], count: rows) { fail("\(at).bias", $0) }
                layers.append(.recurrent(RecurrentLayer(cell: cell, weightsIH: wih, weightsHH: whh, bias: Tensor(bias),
                                                        activation: act, returnsSequence: sequence)))
            default:
                throw fail("\(at).type", "is '\(InputExcerpt.cut(type))'; nnlab reads dense, conv2d, maxpool2d, avgpool2d, flatten, layernorm, dropout, rnn and lstm layers")
            }
        }
        for (i, layer) in layers.enumerated() where LayerStack.activation(of: layer) == .softmax && i != layers.count - 1 {
            throw fail("layers[\(i)].activation", "softmax belongs on the output layer only")
        }
        do { return try LayerStack(input: shape, layers: layers) } catch {
            throw EngineError("\(file): field 'layers': \(error.message)")
        }
    }

    /// A nested list of numbers of exactly `shape`.
    static func tensorField(_ value: JSONValue?, shape: [Int], fail: (String) -> EngineError) throws -> Tensor {
        var values: [Double] = []
        values.reserveCapacity(shape.reduce(1, *))
        func walk(_ v: JSONValue?, _ axis: Int, _ path: String) throws {
            if axis == shape.count - 1 {
                values += try vectorField(v, count: shape[axis]) { fail("\(path) \($0)") }
                return
            }
            guard let items = v?.array else { throw fail("\(path) is not a list (the layout is \(shape.map { "[\($0)]" }.joined()))") }
            guard items.count == shape[axis] else { throw fail("\(path) has \(items.count) entries, needs \(shape[axis])") }
            for (i, item) in items.enumerated() { try walk(item, axis + 1, path + "[\(i)]") }
        }
        try walk(value, 0, "")
        return Tensor(shape: shape, scalars: values)
    }
}
