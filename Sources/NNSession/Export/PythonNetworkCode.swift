import NNEngine

/// Python text shared by the exports: the layers' weights and nnlab's activation functions.
enum PythonNetworkCode {
    /// `LAYERS` (weights, bias, activation, batch normalization) and `DROPOUT_INFERENCE_SCALE`.
    static func numpyLayers(_ network: Network) -> String {
        var out = "# The layers: z = a·Wᵀ + b (W is outputs × inputs), then batch norm, then the activation.\nLAYERS = [\n"
        for layer in network.layers {
            out += "    {\n"
            out += "        \"activation\": \(PythonLiteral.string(layer.activation.rawValue)),\n"
            out += "        \"weights\": np.array(\(PythonLiteral.matrix(layer.weights, indent: 8)), dtype=np.float64),\n"
            out += "        \"bias\": np.array(\(PythonLiteral.list(layer.bias.scalars)), dtype=np.float64),\n"
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
            out += "# No dropout.\nDROPOUT_P = 0.0\nDROPOUT_SCALING = \"inverted\"\n"
        }
        out += "DROPOUT_INFERENCE_SCALE = \(PythonLiteral.float(network.dropout?.inferenceScale ?? 1))\n"
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
        \"\"\"An activation applied to a matrix; softmax works row by row.\"\"\"
        if name == "softmax":
            e = np.exp(z - z.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        if z.size == 0:
            return z.copy()
        return _VECTOR[name](z)

    """
}
