import NNEngine

/// Python text shared by the exports: the layers' weights and nnlab's activation functions.
enum PythonNetworkCode {
    /// `INPUT_SHAPE`, `LAYERS` (one dict per layer, with its `type` and weights) and the
    /// dense form's dropout constants, for either form of network.
    static func numpyLayers(_ network: Network) -> String {
        if let stack = network.stack { return stackLayers(stack) }
        return denseLayers(network)
    }

    /// The dense form (`net SPEC`): dense layers with optional batch normalization, and
    /// dropout after each hidden layer.
    static func denseLayers(_ network: Network) -> String {
        var out = "# Each sample is a flat vector of \(network.inputs) inputs.\nINPUT_SHAPE = None\n"
        out += "# The layers: z = a·Wᵀ + b (W is outputs × inputs), then batch norm, then the activation.\nLAYERS = [\n"
        for layer in network.layers {
            out += "    {\n"
            out += "        \"type\": \"dense\",\n"
            out += "        \"activation\": \(PythonLiteral.string(layer.activation.rawValue)),\n"
            out += "        \"weights\": np.array(\(PythonLiteral.matrix(layer.weights, indent: 8)), dtype=np.float64),\n"
            out += "        \"bias\": np.array(\(PythonLiteral.list(layer.bias.scalars)), dtype=np.float64),\n"
            out += "        \"skip\": False,\n"
            if let bn = layer.batchNorm {
                out += "        \"batchnorm\": {\n"
                out += "            \"gamma\": np.array(\(PythonLiteral.list(bn.gamma.scalars)), dtype=np.float64),\n"
                out += "            \"beta\": np.array(\(PythonLiteral.list(bn.beta.scalars)), dtype=np.float64),\n"
                out += "            \"mean\": np.array(\(PythonLiteral.list(bn.runningMean.scalars)), dtype=np.float64),\n"
                out += "            \"variance\": np.array(\(PythonLiteral.list(bn.runningVariance.scalars)), dtype=np.float64),\n"
                out += "            \"eps\": \(PythonLiteral.float(bn.epsilon)),\n"
                out += "            \"momentum\": \(PythonLiteral.float(bn.momentum)),\n"
                out += "        },\n"
            } else {
                out += "        \"batchnorm\": None,\n"
            }
            out += "    },\n"
        }
        out += "]\n"
        if let dropout = network.dropout, dropout.probability > 0 {
            out += "# Dropout p=\(PythonLiteral.float(dropout.probability)) (\(dropout.scaling.rawValue)) after each hidden layer: "
                + "at inference it multiplies by this factor.\n"
            out += "DROPOUT_P = \(PythonLiteral.float(dropout.probability))\n"
            out += "DROPOUT_SCALING = \(PythonLiteral.string(dropout.scaling.rawValue))\n"
        } else {
            out += "# No dropout after the hidden layers.\nDROPOUT_P = 0.0\nDROPOUT_SCALING = \"inverted\"\n"
        }
        out += "DROPOUT_INFERENCE_SCALE = \(PythonLiteral.float(network.dropout?.inferenceScale ?? 1))\n"
        return out
    }

    /// The layer kinds (`StackLayer.kind`) the exports write.
    static let exportedKinds: Set<String> = ["dense", "conv", "maxpool", "avgpool", "flatten", "layernorm", "dropout",
                                             "rnn", "lstm"]

    /// A network built layer by layer: the model file's layer list with PyTorch's layouts
    /// (conv weights F × C × K × K; layer norm's γ, β in the shape they normalize).
    static func stackLayers(_ stack: LayerStack) -> String {
        var out: String
        switch stack.inputShape {
        case .flat(let n): out = "# Each sample is a flat vector of \(n) inputs.\nINPUT_SHAPE = None\n"
        case .image(let c, let h, let w):
            out = "# Each sample is an image: \(c) channel\(c == 1 ? "" : "s") × \(h) rows × \(w) columns, "
                + "read from a row's features channel by channel, row by row.\nINPUT_SHAPE = (\(c), \(h), \(w))\n"
        case .sequence(let t, let n):
            out = "# Each sample is a sequence: \(t) steps of \(n) feature\(n == 1 ? "" : "s"), step after step.\n"
                + "INPUT_SHAPE = (\(t), \(n))\n"
        }
        out += "# The layers, in order (as in nnlab's model file).\nLAYERS = [\n"
        for (index, layer) in stack.layers.enumerated() {
            let input = index == 0 ? stack.inputShape : stack.shapes[index - 1]
            out += "    {\n"
            switch layer {
            case .dense(let d, let skip):
                out += "        # z = a·Wᵀ + b (W is outputs × inputs), then the activation\(skip ? ", plus a (skip=on)" : "").\n"
                out += "        \"type\": \"dense\",\n"
                out += "        \"activation\": \(PythonLiteral.string(d.activation.rawValue)),\n"
                out += "        \"weights\": np.array(\(PythonLiteral.matrix(d.weights, indent: 8)), dtype=np.float64),\n"
                out += "        \"bias\": np.array(\(PythonLiteral.list(d.bias.scalars)), dtype=np.float64),\n"
                out += "        \"skip\": \(skip ? "True" : "False"),\n"
                out += "        \"batchnorm\": None,\n"
            case .conv(let c):
                out += "        # \(c.filters) filters of \(c.channels)×\(c.kernel)×\(c.kernel) (PyTorch's layout F × C × K × K), "
                    + "zero padding.\n"
                out += "        \"type\": \"conv2d\",\n"
                out += "        \"activation\": \(PythonLiteral.string(c.activation.rawValue)),\n"
                out += "        \"weights\": np.array(\(PythonLiteral.matrix(c.weights, indent: 8)), dtype=np.float64)"
                    + ".reshape(\(c.filters), \(c.channels), \(c.kernel), \(c.kernel)),\n"
                out += "        \"bias\": np.array(\(PythonLiteral.list(c.bias.scalars)), dtype=np.float64),\n"
                out += "        \"stride\": \(c.stride),\n"
                out += "        \"padding\": \(c.padding),\n"
            case .maxPool(let k, let s), .avgPool(let k, let s):
                let kind: String
                if case .maxPool = layer { kind = "maxpool2d" } else { kind = "avgpool2d" }
                out += "        \"type\": \"\(kind)\",\n"
                out += "        \"kernel\": \(k),\n"
                out += "        \"stride\": \(s),\n"
            case .flatten:
                out += "        # C, then H, then W (as torch.nn.Flatten).\n"
                out += "        \"type\": \"flatten\",\n"
            case .layerNorm(let n):
                let dims = input.dimensions.map(String.init).joined(separator: ", ")
                out += "        # Normalizes each sample's whole \(input) input (biased variance, eps inside the root).\n"
                out += "        \"type\": \"layernorm\",\n"
                out += "        \"shape\": (\(dims)\(input.dimensions.count == 1 ? "," : "")),\n"
                out += "        \"gamma\": np.array(\(PythonLiteral.list(n.gamma.scalars)), dtype=np.float64).reshape(\(dims)),\n"
                out += "        \"beta\": np.array(\(PythonLiteral.list(n.beta.scalars)), dtype=np.float64).reshape(\(dims)),\n"
                out += "        \"eps\": \(PythonLiteral.float(n.epsilon)),\n"
            case .dropout(let p):
                out += "        # Inverted dropout while training; nothing at inference.\n"
                out += "        \"type\": \"dropout\",\n"
                out += "        \"p\": \(PythonLiteral.float(p)),\n"
            case .recurrent(let r):
                let gates = r.cell == .lstm ? " (gates i, f, g, o)" : ""
                out += "        # W_ih is \(r.cell.blocks * r.hidden) × \(r.inputs), W_hh \(r.cell.blocks * r.hidden) × \(r.hidden)\(gates); "
                    + "one bias (PyTorch's bias_ih; bias_hh = 0); zero initial states.\n"
                out += "        \"type\": \(PythonLiteral.string(r.cell.rawValue)),\n"
                out += "        \"activation\": \(PythonLiteral.string(r.activation.rawValue)),\n"
                out += "        \"weights_ih\": np.array(\(PythonLiteral.matrix(r.weightsIH, indent: 8)), dtype=np.float64),\n"
                out += "        \"weights_hh\": np.array(\(PythonLiteral.matrix(r.weightsHH, indent: 8)), dtype=np.float64),\n"
                out += "        \"bias\": np.array(\(PythonLiteral.list(r.bias.scalars)), dtype=np.float64),\n"
                out += "        # last: the last step's hidden state (many-to-one); all: every step's.\n"
                out += "        \"sequence\": \(PythonLiteral.string(r.returnsSequence ? "all" : "last")),\n"
            @unknown default:
                // `export` refuses kinds outside `exportedKinds` before writing anything.
                out += "        \"type\": \(PythonLiteral.string(layer.kind)),\n"
            }
            out += "    },\n"
        }
        out += "]\n"
        out += "# Dropout here is its own layer (above), so none is added after dense layers.\n"
        out += "DROPOUT_P = 0.0\nDROPOUT_SCALING = \"inverted\"\nDROPOUT_INFERENCE_SCALE = 1.0\n"
        return out
    }

    /// nnlab's activations as scalar Python functions (the same formulas), and `activate`.
    static let numpyActivations = """
    def _sigmoid(x):
        if x >= 0:
            return 1.0 / (1.0 + math.exp(-x))
        e = math.exp(x)
        return e / (1.0 + e)


    def _softplus(x):
        return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


    _SCALAR = {
        "identity": lambda x: x,
        "step": lambda x: 1.0 if x >= 0 else 0.0,
        "sigmoid": _sigmoid,
        "tanh": math.tanh,
        "relu": lambda x: x if x > 0 else 0.0,
        "leaky_relu": lambda x: x if x > 0 else 0.01 * x,
        "elu": lambda x: x if x > 0 else 1.0 * math.expm1(x),
        # The exact GELU x·Φ(x), Φ through erfc as nnlab computes it.
        "gelu": lambda x: x * (0.5 * math.erfc(-x / math.sqrt(2.0))),
        "gelu_tanh": lambda x: 0.5 * x * (1.0 + math.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x))),
        "swish": lambda x: x * _sigmoid(x),
        "mish": lambda x: x * math.tanh(_softplus(x)),
        "softplus": _softplus,
    }
    _VECTOR = {name: np.vectorize(function, otypes=[np.float64]) for name, function in _SCALAR.items()}


    def activate(name, z):
        \"\"\"An activation applied elementwise; softmax works on the last axis (a row, or a step).\"\"\"
        if name == "softmax":
            e = np.exp(z - z.max(axis=-1, keepdims=True))
            return e / e.sum(axis=-1, keepdims=True)
        if z.size == 0:
            return z.copy()
        return _VECTOR[name](z)

    """
}
