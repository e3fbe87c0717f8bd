import NNEngine

/// The text of `export numpy`: a standalone Python script (numpy only) holding the network's
/// weights, that prints the model's outputs for each row of a CSV.
///
/// Every elementwise activation is the same formula as nnlab's, evaluated with Python's `math`
/// module (the C library nnlab uses too) through `numpy.vectorize`, so outputs agree with
/// nnlab's forward pass to rounding (1e-12 is tested).
enum NumpyScript {
    /// The script for a model.
    static func text(_ model: ExportedModel) -> String {
        """
        #!/usr/bin/env python3
        \"\"\"A network exported from nnlab (`export numpy`): \(model.title), numpy only.

        Usage: python3 THIS_FILE data.csv
        Prints the model's outputs for each row of the CSV, one row per line, comma-separated.
        The CSV has a header row.
        \(model.wrappedInputNote)
        \(model.inferenceNote)
        \"\"\"
        import csv
        import math
        import sys

        import numpy as np

        \(model.inputCode)
        \(PythonNetworkCode.numpyLayers(model.network))
        \(PythonNetworkCode.numpyActivations)

        def conv2d(a, layer):
            \"\"\"Zero padding, then every K×K window (step S) against every filter, plus the bias.\"\"\"
            w, s, p = layer["weights"], layer["stride"], layer["padding"]
            filters, _, k, _ = w.shape
            if p > 0:
                a = np.pad(a, ((0, 0), (0, 0), (p, p), (p, p)))
            n, _, h, width = a.shape
            ho, wo = (h - k) // s + 1, (width - k) // s + 1
            out = np.zeros((n, filters, ho, wo), dtype=np.float64)
            for u in range(k):
                for v in range(k):
                    window = a[:, :, u:u + s * (ho - 1) + 1:s, v:v + s * (wo - 1) + 1:s]
                    out += np.einsum("fc,nchw->nfhw", w[:, :, u, v], window)
            return out + layer["bias"].reshape(1, filters, 1, 1)


        def pool(a, layer):
            \"\"\"Max or average over every K×K window (step S), no padding, leftovers dropped.\"\"\"
            k, s = layer["kernel"], layer["stride"]
            n, c, h, width = a.shape
            ho, wo = (h - k) // s + 1, (width - k) // s + 1
            result = None
            for u in range(k):
                for v in range(k):
                    window = a[:, :, u:u + s * (ho - 1) + 1:s, v:v + s * (wo - 1) + 1:s]
                    if result is None:
                        result = window.copy()
                    elif layer["type"] == "maxpool2d":
                        result = np.maximum(result, window)
                    else:
                        result = result + window
            return result if layer["type"] == "maxpool2d" else result * (1.0 / (k * k))


        def layer_norm(a, layer):
            \"\"\"Each sample's numbers normalized together (biased variance), then γ·x̂ + β.\"\"\"
            x = a.reshape(a.shape[0], -1)
            mean = x.mean(axis=1, keepdims=True)
            variance = ((x - mean) ** 2).mean(axis=1, keepdims=True)
            normalized = ((x - mean) * (1.0 / np.sqrt(variance + layer["eps"]))).reshape(a.shape)
            return layer["gamma"] * normalized + layer["beta"]


        def recurrent(a, layer):
            \"\"\"An RNN or LSTM over the steps of a (n × T × N) from zero states, as torch.nn.RNN/LSTM with
            bias_hh = 0: the last step's hidden state (n × H), or every step's (n × T × H).\"\"\"
            w_ih, w_hh, b = layer["weights_ih"], layer["weights_hh"], layer["bias"]
            n, steps, _ = a.shape
            size = w_hh.shape[1]
            h = np.zeros((n, size), dtype=np.float64)
            c = np.zeros((n, size), dtype=np.float64)
            states = []
            for t in range(steps):
                z = a[:, t, :] @ w_ih.T + b + h @ w_hh.T
                if layer["type"] == "rnn":
                    h = activate(layer["activation"], z)
                else:
                    i = activate("sigmoid", z[:, :size])
                    f = activate("sigmoid", z[:, size:2 * size])
                    g = activate("tanh", z[:, 2 * size:3 * size])
                    o = activate("sigmoid", z[:, 3 * size:])
                    c = f * c + i * g
                    h = o * activate("tanh", c)
                states.append(h)
            return np.stack(states, axis=1) if layer["sequence"] == "all" else h


        def dense(a, layer):
            \"\"\"z = a·Wᵀ + b (on a sequence, at every step), batch norm with its running statistics (if
            any), the activation, the skip.\"\"\"
            z = a @ layer["weights"].T + layer["bias"]
            norm = layer["batchnorm"]
            if norm is not None:
                inverse = 1.0 / np.sqrt(norm["variance"] + norm["eps"])
                z = norm["gamma"] * ((z - norm["mean"]) * inverse) + norm["beta"]
            out = activate(layer["activation"], z)
            return out + a if layer["skip"] else out


        def forward(x):
            \"\"\"The network's outputs for a matrix of inputs (one row per sample), at inference.\"\"\"
            a = np.asarray(x, dtype=np.float64)
            n = a.shape[0]
            if INPUT_SHAPE is not None:
                a = a.reshape((n,) + INPUT_SHAPE)
            for index, layer in enumerate(LAYERS):
                kind = layer["type"]
                if kind == "dense":
                    a = dense(a, layer)
                    if index < len(LAYERS) - 1 and DROPOUT_INFERENCE_SCALE != 1.0:
                        a = a * DROPOUT_INFERENCE_SCALE
                elif kind == "conv2d":
                    a = activate(layer["activation"], conv2d(a, layer))
                elif kind in ("maxpool2d", "avgpool2d"):
                    a = pool(a, layer)
                elif kind == "flatten":
                    a = a.reshape(n, -1)
                elif kind == "layernorm":
                    a = layer_norm(a, layer)
                elif kind in ("rnn", "lstm"):
                    a = recurrent(a, layer)
                # dropout: nothing at inference
            return a.reshape(n, -1)


        def main(argv):
            if len(argv) != 2:
                sys.stderr.write("usage: python3 %s data.csv\\n" % argv[0])
                return 2
            print_rows(forward(prepare(read_csv(argv[1]))))
            return 0


        if __name__ == "__main__":
            sys.exit(main(sys.argv))

        """
    }
}
