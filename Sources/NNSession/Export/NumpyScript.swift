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
        \"\"\"A network exported from nnlab (`export numpy`): \(model.network.spec), numpy only.

        Usage: python3 THIS_FILE data.csv
        Prints the model's outputs for each row of the CSV, one row per line, comma-separated.
        The CSV has a header row.
        \(model.wrappedInputNote)
        Batch normalization uses its running statistics; dropout does nothing at inference.
        \"\"\"
        import csv
        import math
        import sys

        import numpy as np

        \(model.inputCode)
        \(PythonNetworkCode.numpyLayers(model.network))
        \(PythonNetworkCode.numpyActivations)

        def forward(x):
            \"\"\"The network's outputs for a matrix of inputs, at inference.\"\"\"
            a = np.asarray(x, dtype=np.float64)
            for index, layer in enumerate(LAYERS):
                z = a @ layer["weights"].T + layer["bias"]
                norm = layer["batchnorm"]
                if norm is not None:
                    inverse = 1.0 / np.sqrt(norm["variance"] + norm["eps"])
                    z = norm["gamma"] * ((z - norm["mean"]) * inverse) + norm["beta"]
                a = activate(layer["activation"], z)
                if index < len(LAYERS) - 1 and DROPOUT_INFERENCE_SCALE != 1.0:
                    a = a * DROPOUT_INFERENCE_SCALE
            return a


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
