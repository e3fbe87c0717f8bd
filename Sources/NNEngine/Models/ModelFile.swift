import Foundation

/// Reads and writes model files and gradient files: JSON in the layout the command language
/// fixes, readable by a few lines of numpy.
///
/// ```json
/// {"format": "nnlab-model", "version": 1, "inputs": 2, "loss": "bce",
///  "layers": [{"type": "dense", "inputs": 2, "outputs": 3, "activation": "tanh",
///              "weights": [[0.1, -0.2], [0.3, 0.0], [-0.5, 0.4]], "bias": [0.0, 0.1, -0.1]}]}
/// ```
/// Beyond the fixed fields, a layer with batch normalization carries `"batchnorm"` with
/// `gamma`, `beta`, `running_mean`, `running_variance` and `epsilon`, and a net with dropout
/// a top-level `"dropout": {"p": 0.5, "scaling": "inverted"}`. Readers that do not know these
/// fields can ignore them.
public enum ModelFile {
    /// The format version this nnlab writes and reads.
    public static let version = 1
    /// The largest model file read, in bytes.
    public static let maximumBytes = 64 << 20

    /// A model as stored: the network and the loss it was trained with.
    public struct Contents: Equatable, Sendable {
        public var network: Network
        public var loss: Loss?
        public init(network: Network, loss: Loss?) {
            self.network = network
            self.loss = loss
        }
    }

    // MARK: Writing

    /// The JSON text of a model file.
    public static func encode(_ network: Network, loss: Loss?) -> String {
        if let stack = network.stack { return encodeStack(stack, loss: loss) }
        var out = "{\n  \"format\": \"nnlab-model\",\n  \"version\": \(version),\n  \"inputs\": \(network.inputs),\n"
        if let loss { out += "  \"loss\": \"\(loss.rawValue)\",\n" }
        if let dropout = network.dropout {
            out += "  \"dropout\": {\"p\": \(number(dropout.probability)), \"scaling\": \"\(dropout.scaling.rawValue)\"},\n"
        }
        out += "  \"layers\": [\n"
        out += network.layers.map { layer in
            var text = "    {\"type\": \"dense\", \"inputs\": \(layer.inputs), \"outputs\": \(layer.outputs), " +
                "\"activation\": \"\(layer.activation.rawValue)\",\n" +
                "     \"weights\": \(matrix(layer.weights)),\n" +
                "     \"bias\": \(vector(layer.bias.scalars))"
            if let bn = layer.batchNorm {
                text += ",\n     \"batchnorm\": {\"gamma\": \(vector(bn.gamma.scalars)), \"beta\": \(vector(bn.beta.scalars)), " +
                    "\"running_mean\": \(vector(bn.runningMean.scalars)), " +
                    "\"running_variance\": \(vector(bn.runningVariance.scalars)), \"epsilon\": \(number(bn.epsilon))}"
            }
            return text + "}"
        }.joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }

    /// The JSON text of a gradient file: ∂L/∂W and ∂L/∂b per layer, and the loss value.
    public static func encodeGradients(_ network: Network, gradients: [Tensor], loss: Double) -> String {
        if let stack = network.stack { return encodeStack(stack, loss: nil, gradients: gradients, lossValue: loss) }
        var out = "{\n  \"format\": \"nnlab-grads\",\n  \"version\": \(version),\n  \"inputs\": \(network.inputs),\n"
        out += "  \"loss\": \(number(loss)),\n  \"layers\": [\n"
        var k = 0
        var layers: [String] = []
        for layer in network.layers {
            var text = "    {\"type\": \"dense\", \"inputs\": \(layer.inputs), \"outputs\": \(layer.outputs), " +
                "\"activation\": \"\(layer.activation.rawValue)\",\n" +
                "     \"weights\": \(matrix(gradients[k])),\n     \"bias\": \(vector(gradients[k + 1].scalars))"
            k += 2
            if layer.batchNorm != nil {
                text += ",\n     \"batchnorm\": {\"gamma\": \(vector(gradients[k].scalars)), \"beta\": \(vector(gradients[k + 1].scalars))}"
                k += 2
            }
            layers.append(text + "}")
        }
        out += layers.joined(separator: ",\n") + "\n  ]\n}\n"
        return out
    }

    /// Writes a model file atomically (a failed write leaves any old file as it was).
    public static func write(_ network: Network, loss: Loss?, to path: String) throws {
        try writeText(encode(network, loss: loss), to: path)
    }

    /// Writes text to a file atomically, with an error that names the file.
    public static func writeText(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            // The folder by plain string work: Foundation's path helpers trap on some one-character paths.
            let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
            throw EngineError("\(InputExcerpt.path(path)): cannot write the file (\(reason(error))); " +
                "check that the folder '\(InputExcerpt.path(folder.isEmpty ? "/" : folder))' exists and is writable")
        }
    }

    static func number(_ x: Double) -> String {
        if x.isNaN || x.isInfinite { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(format: "%.1f", x) }
        return "\(x)"
    }

    static func vector(_ xs: [Double]) -> String { "[" + xs.map(number).joined(separator: ", ") + "]" }

    static func matrix(_ t: Tensor) -> String { "[" + t.rowArrays.map(vector).joined(separator: ", ") + "]" }

    // MARK: Reading

    /// Reads a model file; every problem is an error naming the file and the field or line.
    public static func read(path: String) throws -> Contents {
        let object = try readJSON(path: path)
        return try decode(object, file: path)
    }

    /// Reads a model file's bytes (as `read(path:)` reads them from disk); `file` names the
    /// file in errors.
    public static func read(bytes: [UInt8], file: String) throws -> Contents {
        try decode(parseObject(bytes, file: file), file: file)
    }

    /// Reads a file as a JSON object, with errors that name the file and, for syntax errors,
    /// the line.
    static func readJSON(path: String) throws -> [String: JSONValue] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EngineError("\(path): no such file; check the path (it is relative to the folder nnlab was started in)")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw EngineError("\(path): cannot read the file (\(reason(error)))")
        }
        if data.count > maximumBytes { throw EngineError("\(path): the file is \(data.count >> 20) MB, more than the \(maximumBytes >> 20) MB a model file may have") }
        return try parseObject([UInt8](data), file: path)
    }

    /// Parses a model file's bytes as a JSON object.
    static func parseObject(_ bytes: [UInt8], file path: String) throws -> [String: JSONValue] {
        if bytes.isEmpty { throw EngineError("\(path): the file is empty; a model file is the JSON nnlab writes when it saves a net") }
        if bytes.contains(0) { throw EngineError("\(path): this is a binary file, not a JSON model file nnlab wrote") }
        let json: JSONValue
        do { json = try JSONReader.parse(bytes) } catch {
            throw EngineError("\(path): not valid JSON at \(error); a model file is the JSON nnlab writes when it saves a net")
        }
        guard let object = json.object else {
            throw EngineError("\(path): the JSON is not an object; a model file starts with {\"format\": \"nnlab-model\", …}")
        }
        return object
    }

    static func decode(_ object: [String: JSONValue], file: String) throws -> Contents {
        func fail(_ field: String, _ message: String) -> EngineError { EngineError("\(file): field '\(InputExcerpt.cut(field))': \(message)") }
        guard let format = object["format"]?.string else { throw fail("format", "missing; a model file has \"format\": \"nnlab-model\"") }
        guard format == "nnlab-model" else {
            throw fail("format", "is '\(InputExcerpt.cut(format))', not 'nnlab-model'" + (format == "nnlab-grads" ? " (this is a gradient file, with gradients, not weights)" : ""))
        }
        guard let version = integer(object["version"]) else { throw fail("version", "missing or not a whole number") }
        guard version == ModelFile.version else {
            throw fail("version", "is \(version), but this nnlab reads version \(ModelFile.version); save the model again with this nnlab")
        }
        guard let inputs = integer(object["inputs"]), inputs >= 1 else { throw fail("inputs", "missing or not a positive whole number") }
        var loss: Loss?
        if let name = object["loss"] {
            guard let text = name.string, let l = Loss(rawValue: text) else {
                throw fail("loss", "must be one of \(Loss.names.joined(separator: ", "))")
            }
            loss = l
        }
        if isStack(object) {
            return Contents(network: Network(stack: try decodeStack(object, inputs: inputs, file: file)), loss: loss)
        }
        guard let layerObjects = object["layers"]?.array, !layerObjects.isEmpty else {
            throw fail("layers", "missing or empty; a model has at least one layer")
        }
        var layers: [DenseLayer] = []
        var previous = inputs
        for (i, item) in layerObjects.enumerated() {
            let at = "layers[\(i)]"
            guard let layer = item.object else { throw fail(at, "is not an object") }
            let type = layer["type"]?.string ?? "dense"
            guard type == "dense" else { throw fail("\(at).type", "is '\(InputExcerpt.cut(type))'; only 'dense' layers exist") }
            guard let outs = integer(layer["outputs"]), outs >= 1 else { throw fail("\(at).outputs", "missing or not a positive whole number") }
            let ins = integer(layer["inputs"]) ?? previous
            guard ins == previous else {
                throw fail("\(at).inputs", "is \(ins), but the layer before gives \(previous) values")
            }
            guard let actName = layer["activation"]?.string else { throw fail("\(at).activation", "missing") }
            guard let activation = Activation(rawValue: actName) else {
                throw fail("\(at).activation", "'\(InputExcerpt.cut(actName))' is not one of \(Activation.names.joined(separator: ", "))")
            }
            let weights = try matrixField(layer["weights"], rows: outs, columns: ins) { fail("\(at).weights", $0) }
            let bias = try vectorField(layer["bias"], count: outs) { fail("\(at).bias", $0) }
            var batchNorm: BatchNormalization?
            if let bnObject = layer["batchnorm"] {
                guard let bn = bnObject.object else { throw fail("\(at).batchnorm", "is not an object") }
                var state = BatchNormalization(units: outs)
                state.gamma = Tensor(try vectorField(bn["gamma"], count: outs) { fail("\(at).batchnorm.gamma", $0) })
                state.beta = Tensor(try vectorField(bn["beta"], count: outs) { fail("\(at).batchnorm.beta", $0) })
                state.runningMean = Tensor(try vectorField(bn["running_mean"], count: outs) { fail("\(at).batchnorm.running_mean", $0) })
                state.runningVariance = Tensor(try vectorField(bn["running_variance"], count: outs) { fail("\(at).batchnorm.running_variance", $0) })
                if let eps = bn["epsilon"] { guard let e = real(eps), e > 0 else { throw fail("\(at).batchnorm.epsilon", "must be a positive number") }; state.epsilon = e }
                batchNorm = state
            }
            layers.append(DenseLayer(weights: weights, bias: Tensor(bias), activation: activation, batchNorm: batchNorm))
            previous = outs
        }
        for (i, layer) in layers.enumerated() where layer.activation == .softmax && i != layers.count - 1 {
            throw fail("layers[\(i)].activation", "softmax belongs on the output layer only")
        }
        var dropout: Dropout?
        if let d = object["dropout"] {
            guard let o = d.object, let p = real(o["p"]), p >= 0, p < 1 else {
                throw fail("dropout", "must be {\"p\": P} with P in [0, 1)")
            }
            let scaling = o["scaling"]?.string.flatMap(Dropout.Scaling.init(rawValue:)) ?? .inverted
            dropout = p > 0 ? Dropout(probability: p, scaling: scaling) : nil
        }
        return Contents(network: Network(layers: layers, dropout: dropout), loss: loss)
    }

    static func integer(_ value: JSONValue?) -> Int? {
        guard let d = value?.number, d == d.rounded(), abs(d) < 1e9 else { return nil }
        return Int(d)
    }

    static func real(_ value: JSONValue?) -> Double? { value?.number }

    static func vectorField(_ value: JSONValue?, count: Int, fail: (String) -> EngineError) throws -> [Double] {
        guard let items = value?.array else { throw fail("missing or not a list of numbers") }
        guard items.count == count else { throw fail("has \(items.count) numbers, needs \(count)") }
        return try items.enumerated().map { j, x in
            guard let v = real(x) else { throw fail("entry \(j) is not a finite number") }
            return v
        }
    }

    static func matrixField(_ value: JSONValue?, rows: Int, columns: Int, fail: (String) -> EngineError) throws -> Tensor {
        guard let items = value?.array else { throw fail("missing or not a list of rows") }
        guard items.count == rows else { throw fail("has \(items.count) rows, needs \(rows) (one per output; W is outputs × inputs)") }
        var values: [Double] = []
        values.reserveCapacity(rows * columns)
        for (r, row) in items.enumerated() {
            let v = try vectorField(row, count: columns) { fail("row \(r) \($0) (one number per input)") }
            values += v
        }
        return Tensor(shape: [rows, columns], scalars: values)
    }

    /// A short reason from a file-system error.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
