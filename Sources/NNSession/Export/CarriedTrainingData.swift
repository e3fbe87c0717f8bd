import Foundation
import NNData
import NNEngine

/// The training split an exported PyTorch script trains on when `--train EPOCHS` is given
/// without a CSV: the session's training rows as nnlab trains on them.
///
/// A split of at most `literalLimit` numbers (inputs and targets) is written into the script
/// as literals: the inputs after standardization and the feature map, and the targets (class
/// indices, or rows of numbers). A larger split loaded from a CSV is named instead: the script
/// reads that CSV, keeps the rows nnlab trained on (a bitmask, since the test and validation
/// rows were held out) and prepares them as it prepares any CSV. Anything else is not carried,
/// and the script asks for a CSV.
enum CarriedTrainingData {
    /// The training rows themselves: inputs `[n, features]`, targets `[n]` class indices or `[n, k]`.
    case literal(inputs: Tensor, targets: Tensor)
    /// The CSV nnlab loaded and which of its data rows are training rows (nil: every row).
    case csv(path: String, rows: [Bool]?, count: Int)
    /// Nothing carried, and why (for the script's error message).
    case none(reason: String)

    /// The most numbers (inputs and targets together) written into a script as literals.
    static let literalLimit = 200_000

    /// What the script carries for `session`'s training split and `network`.
    init(session: Session, network: Network) {
        guard let data = session.data, data.featureCount == network.inputs, data.trainCount > 0 else {
            self = .none(reason: "no data matching the network was loaded in nnlab")
            return
        }
        let numbers = data.trainInputs.count + data.trainTargets.count
        if numbers <= Self.literalLimit {
            self = .literal(inputs: data.trainInputs, targets: data.trainTargets)
            return
        }
        self = Self.named(session: session, data: data, numbers: numbers)
    }

    /// The CSV a too-large split came from, with its training rows found in it, or why not.
    private static func named(session: Session, data: Dataset, numbers: Int) -> CarriedTrainingData {
        let tooLarge = "the training split holds \(numbers) numbers, more than the \(literalLimit) a script carries"
        guard let raw = session.rawData, raw.origin.hasPrefix("loaded from "),
              let with = raw.origin.range(of: " with", options: .backwards) else {
            return .none(reason: tooLarge + ", and it was not loaded from a CSV")
        }
        var path = String(raw.origin[raw.origin.index(raw.origin.startIndex, offsetBy: 12)..<with.lowerBound])
        if !path.hasPrefix("/") { path = FileManager.default.currentDirectoryPath + "/" + path }
        guard let all = try? CSVLoader.load(path: path, label: raw.targetNames.first, task: raw.task, test: 0,
                                            normalize: false, stratified: false),
              let rows = trainingRows(of: raw, in: all) else {
            return .none(reason: tooLarge + ", and \(path) no longer holds the rows nnlab loaded")
        }
        return .csv(path: path, rows: rows.allSatisfy { $0 } ? nil : rows, count: rows.count)
    }

    /// Which rows of `all` (every row of the CSV, unscaled) are `raw`'s training rows, in order:
    /// rows are compared bit for bit after `raw`'s standardization. Nil when they are not all found.
    static func trainingRows(of raw: Dataset, in all: Dataset) -> [Bool]? {
        guard all.featureCount == raw.featureCount, all.task == raw.task else { return nil }
        let inputs = raw.featureScaling.map { $0.apply(to: all.trainInputs) } ?? all.trainInputs
        let f = raw.featureCount, k = max(1, raw.trainTargets.count / max(raw.trainCount, 1))
        guard all.trainTargets.count == all.trainCount * k else { return nil }
        let want = raw.trainInputs.scalars, wantTargets = raw.trainTargets.scalars
        let have = inputs.scalars, haveTargets = all.trainTargets.scalars
        var keep = [Bool](repeating: false, count: all.trainCount), next = 0
        for row in 0..<all.trainCount where next < raw.trainCount {
            if have[(row * f)..<(row * f + f)] == want[(next * f)..<(next * f + f)]
                && haveTargets[(row * k)..<(row * k + k)] == wantTargets[(next * k)..<(next * k + k)] {
                keep[row] = true
                next += 1
            }
        }
        return next == raw.trainCount ? keep : nil
    }

    /// The Python constants the script's `training_data` reads.
    var pythonCode: String {
        var out = "# The training data --train uses when no CSV is given.\n"
        switch self {
        case .literal(let inputs, let targets):
            let classes = targets.rank == 1
            out += """
            # The session's training split, \(inputs.rows) rows as nnlab trains on them: TRAIN_INPUTS after
            # the standardization and feature map above (the network's inputs), TRAIN_TARGETS \
            \(classes ? "the class\n# indices (CLASS_NAMES[i] is class i)" : "the target\n# rows").
            TRAIN_SOURCE = "carried"
            TRAIN_CSV = None
            TRAIN_ROWS = None
            TRAIN_ROW_COUNT = \(inputs.rows)
            TRAIN_NOTE = ""
            TRAIN_INPUTS = \(PythonLiteral.matrix(inputs, indent: 0))
            TRAIN_TARGETS = \(classes ? "[" + targets.scalars.map { String(Int($0)) }.joined(separator: ", ") + "]"
                                      : PythonLiteral.matrix(targets, indent: 0))

            """
        case .csv(let path, let rows, let count):
            out += """
            # The training split is too large to carry, so --train reads it from the CSV nnlab loaded:
            # the rows nnlab trained on (TRAIN_ROWS: a hex bitmask over the CSV's data rows, the first
            # row in the high bit of the first digit; None: every row), prepared as above.
            TRAIN_SOURCE = "csv"
            TRAIN_CSV = \(PythonLiteral.string(path))
            TRAIN_ROWS = \(rows.map { PythonLiteral.string(Self.hexMask($0)) } ?? "None")
            TRAIN_ROW_COUNT = \(count)  # the CSV's data rows
            TRAIN_NOTE = ""
            TRAIN_INPUTS = None
            TRAIN_TARGETS = None

            """
        case .none(let reason):
            out += """
            # None is carried: \(reason).
            TRAIN_SOURCE = None
            TRAIN_CSV = None
            TRAIN_ROWS = None
            TRAIN_ROW_COUNT = 0
            TRAIN_NOTE = \(PythonLiteral.string(reason))
            TRAIN_INPUTS = None
            TRAIN_TARGETS = None

            """
        }
        return out
    }

    /// A bitmask as hex digits, four rows per digit, the first row in the highest bit.
    static func hexMask(_ rows: [Bool]) -> String {
        let digits = Array("0123456789abcdef")
        return String(stride(from: 0, to: rows.count, by: 4).map { start -> Character in
            var value = 0
            for bit in 0..<4 where start + bit < rows.count && rows[start + bit] { value |= 8 >> bit }
            return digits[value]
        })
    }

    /// A sentence for the script's docstring on what `--train` without a CSV trains on.
    var docstringNote: String {
        switch self {
        case .literal(let inputs, _):
            return "Without a CSV, --train uses the \(inputs.rows) training rows this script carries."
        case .csv(let path, _, _):
            return "Without a CSV, --train reads the rows nnlab trained on from \(path)."
        case .none:
            return "This script carries no training data: --train needs a CSV."
        }
    }
}
