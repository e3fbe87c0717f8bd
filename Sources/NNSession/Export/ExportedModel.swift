import NNData
import NNEngine

/// What an exported script needs to know about a session: the network, how raw CSV rows become
/// its inputs, and (for PyTorch) the training settings.
///
/// The input side reproduces nnlab's own pipeline for data it loaded: the raw feature columns
/// (found by name in the CSV's header), the standardization with the training rows' mean and
/// deviation when the data was loaded with `normalize=on`, then the feature map of `features`.
/// Without data, or when the data's columns do not fit the network, the CSV's columns are the
/// network's inputs as they are.
struct ExportedModel {
    /// The network, with its weights and batch-normalization statistics.
    var network: Network
    /// The raw feature columns the script reads, by name; nil when the inputs are the network's.
    var rawColumns: [String]?
    /// The standardization of the raw columns, if any.
    var scaling: FeatureScaling?
    /// The feature map, if any.
    var featureMap: FeatureMap?
    /// The label column's name and the class names (empty for regression).
    var labelColumns: [String]
    var classNames: [String]
    /// Whether the targets are classes.
    var classification: Bool
    /// The loss the session trains with, and its options.
    var loss: Loss
    var labelSmoothing: Double
    var lossWeights: LossWeights
    var optimizer: OptimizerSettings
    /// The optimizer's running state (steps taken, first and second moments) where nnlab stopped.
    var optimizerState: Optimizer
    var regularization: Regularization
    var schedule: LearningRateSchedule
    var clipping: GradientClipping
    var batchSize: Int?
    /// Epochs already trained (where the schedule continues from).
    var epochsDone: Int
    /// A one-line note on how inputs are read, for the script's docstring.
    var inputNote: String
    /// The session's seed, the PyTorch script's default seed.
    var seedForScript: Int
    /// The training split `--train` uses without a CSV (carried, named, or none).
    var trainingData: CarriedTrainingData

    /// Gathers what the session holds.
    init(session: Session, trainer: Trainer) {
        network = trainer.network
        loss = session.effectiveLoss
        labelSmoothing = loss == .ce ? session.labelSmoothing : 0
        lossWeights = session.lossWeights.applying(to: loss)
        optimizer = trainer.optimizer.settings
        optimizerState = trainer.optimizer
        regularization = session.regularization
        schedule = session.schedule
        clipping = session.clipping
        batchSize = session.batchSize
        epochsDone = trainer.epochsDone
        seedForScript = session.seed
        trainingData = CarriedTrainingData(session: session, network: trainer.network)
        if let raw = session.rawData, let data = session.data, data.featureCount == network.inputs {
            rawColumns = raw.featureNames
            scaling = raw.featureScaling
            featureMap = session.featureMap.flatMap { $0.isIdentity(inputCount: raw.featureCount) ? nil : $0 }
            labelColumns = raw.targetNames
            classNames = raw.classNames
            classification = raw.task == .classification
            var steps: [String] = []
            if scaling != nil { steps.append("standardized with the training rows' mean and deviation") }
            if let map = featureMap { steps.append("mapped to the features \(map.description) (x1 is the first column)") }
            inputNote = "Inputs: the columns \(raw.featureNames.joined(separator: ", ")) of the CSV (found by name in "
                + "its header)" + (steps.isEmpty ? "" : ", " + steps.joined(separator: ", then ")) + ", as nnlab does."
        } else {
            rawColumns = nil
            scaling = nil
            featureMap = nil
            labelColumns = []
            classNames = []
            classification = network.outputActivation == .softmax || network.outputActivation == .sigmoid
            inputNote = "Inputs: the CSV's first \(network.inputs) columns are the network's inputs as they are "
                + "(no data was loaded in nnlab, so no scaling or feature map applies)."
        }
    }

    /// The network in a few words: its spec (`4-8:relu-3:softmax`) or its outline
    /// (`1×8×8 conv-maxpool-flatten-dense`).
    var title: String { network.stack?.outline ?? network.spec.description }

    /// What happens at inference that differs from training, for a docstring.
    var inferenceNote: String {
        guard let stack = network.stack else {
            return "Batch normalization uses its running statistics; dropout does nothing at inference."
        }
        let dropout = stack.layers.contains { if case .dropout = $0 { return true } else { return false } }
        return dropout ? "Dropout does nothing at inference." : "The outputs are the last layer's, one row per sample."
    }

    /// The optimizer state worth carrying: nil before the first step (PyTorch starts from
    /// zero state then too) or when the state does not match the parameters.
    var carriedOptimizerState: (steps: Int, first: [Tensor], second: [Tensor])? {
        let state = optimizerState, parameters = network.parameters
        guard state.stepCount > 0, state.firstMoments.count == parameters.count,
              state.secondMoments.count == parameters.count,
              parameters.indices.allSatisfy({ state.firstMoments[$0].shape == parameters[$0].shape
                  && state.secondMoments[$0].shape == parameters[$0].shape }) else { return nil }
        return (state.stepCount, state.firstMoments, state.secondMoments)
    }

    /// `inputNote` folded at spaces into lines of at most 88 columns, for a docstring.
    var wrappedInputNote: String {
        var lines: [String] = [], current = ""
        for word in inputNote.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > 88 { lines.append(current); current = "" }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n")
    }

    /// The Python constants and functions that read a CSV into the network's inputs (and,
    /// for training, its targets): `read_csv(path, with_targets)` and `prepare(x)`.
    var inputCode: String {
        let n = network.inputs
        let columns = rawColumns ?? (0..<n).map { "x\($0 + 1)" }
        var out = """
        # How a CSV row becomes the network's inputs.
        # The raw feature columns, found by name in the header (or, when the header does not
        # name them all, the first columns in order).
        RAW_COLUMNS = \(PythonLiteral.strings(columns))
        RAW_COLUMNS_BY_NAME = \(rawColumns == nil ? "False" : "True")

        """
        if let scaling {
            out += """
            # Standardization with the training rows' mean and deviation (x - mean) / deviation,
            # as nnlab's `data load ... normalize=on` (a constant column is divided by 1).
            MEANS = np.array(\(PythonLiteral.list(scaling.means)), dtype=np.float64)
            DIVISORS = np.array(\(PythonLiteral.list(scaling.divisors)), dtype=np.float64)

            """
        } else {
            out += "# No standardization (the data was not normalized).\nMEANS = None\nDIVISORS = None\n\n"
        }
        if let map = featureMap {
            let terms = map.terms.map { term -> String in
                switch term {
                case .input(let i): return "(\"input\", \(i), 0)"
                case .power(let i, let k): return "(\"power\", \(i), \(k))"
                case .product(let i, let j): return "(\"product\", \(i), \(j))"
                case .sine(let i): return "(\"sin\", \(i), 0)"
                case .cosine(let i): return "(\"cos\", \(i), 0)"
                }
            }
            out += """
            # The feature map (`features \(map.description)`), applied after standardization:
            # (kind, input index from 0, exponent or second input).
            FEATURES = [\(terms.joined(separator: ", "))]

            """
        } else {
            out += "# No feature map: the (standardized) columns are the network's inputs.\nFEATURES = None\n\n"
        }
        out += """
        # The label column(s) and class names, for training.
        LABEL_COLUMNS = \(PythonLiteral.strings(labelColumns))
        CLASS_NAMES = \(PythonLiteral.strings(classNames))
        CLASSIFICATION = \(classification ? "True" : "False")


        def _fail(message):
            sys.stderr.write("error: " + message + "\\n")
            sys.exit(2)


        def _column_indices(path, header, names, fallback):
            if all(name in header for name in names):
                return [header.index(name) for name in names]
            if fallback is not None:
                return fallback
            _fail("%s: the header has no column%s %s" % (path, "s" if len(names) > 1 else "", ", ".join(names)))


        def _number(path, line, column, text):
            try:
                value = float(text)
            except ValueError:
                _fail("%s, line %d, column '%s': '%s' is not a number" % (path, line, column, text))
            if not math.isfinite(value):
                _fail("%s, line %d, column '%s': '%s' is not a finite number" % (path, line, column, text))
            return value


        def read_csv(path, with_targets=False):
            \"\"\"The raw feature rows of a CSV (and its labels when with_targets).\"\"\"
            try:
                with open(path, newline="", encoding="utf-8-sig") as handle:
                    lines = list(enumerate(csv.reader(handle), start=1))
            except OSError as error:
                _fail("cannot read %s: %s" % (path, error.strerror))
            lines = [(number, row) for number, row in lines if any(cell.strip() for cell in row)]
            if not lines:
                _fail("%s is empty; it needs a header row and one row per sample" % path)
            header = [cell.strip() for cell in lines[0][1]]
            n = len(RAW_COLUMNS)
            fallback = list(range(n)) if len(header) in (n, n + 1) else None
            if not RAW_COLUMNS_BY_NAME and fallback is None:
                _fail("%s has %d columns; the network reads %d (optionally followed by a label column)"
                      % (path, len(header), n))
            features = _column_indices(path, header, RAW_COLUMNS, fallback)
            labels = None
            if with_targets:
                last = [len(header) - 1]
                labels = _column_indices(path, header, LABEL_COLUMNS, last) if LABEL_COLUMNS else last
            rows, targets = [], []
            for number, row in lines[1:]:
                if len(row) < len(header):
                    _fail("%s, line %d: %d fields, the header has %d" % (path, number, len(row), len(header)))
                rows.append([_number(path, number, header[i], row[i].strip()) for i in features])
                if labels is not None:
                    targets.append([row[i].strip() for i in labels])
            x = np.array(rows, dtype=np.float64).reshape(len(rows), n)
            return (x, targets) if with_targets else x


        def _term(row, term):
            kind, i, k = term
            if kind == "input":
                return float(row[i])
            if kind == "power":
                result = 1.0
                for _ in range(k):
                    result *= float(row[i])
                return result
            if kind == "product":
                return float(row[i]) * float(row[k])
            if kind == "sin":
                return math.sin(float(row[i]))
            return math.cos(float(row[i]))


        def prepare(x):
            \"\"\"Raw feature rows to the network's inputs: standardization, then the feature map.\"\"\"
            if MEANS is not None:
                x = (x - MEANS) / DIVISORS
            if FEATURES is not None:
                x = np.array([[_term(row, term) for term in FEATURES] for row in x],
                             dtype=np.float64).reshape(len(x), len(FEATURES))
            return x


        def print_rows(outputs):
            for row in outputs:
                print(",".join(repr(float(value)) for value in row))

        """
        return out
    }
}
