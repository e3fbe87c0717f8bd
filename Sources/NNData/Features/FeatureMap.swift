import NNEngine

/// The input feature map of the `features` command: a list of terms computed from the raw inputs.
///
/// `features x1 x2 x1^2 x2^2 x1*x2 sin(x1) sin(x2)` turns each row `(x1, x2)` into seven inputs.
/// A map is a pure function from a dataset to a new dataset, so the session keeps the raw dataset
/// and re-applies the current map whenever either changes. Apply it to raw (or standardized, when
/// the data was loaded with `normalize=on`) inputs: the order is raw → scaling → map, and the
/// mapped dataset keeps the raw columns' `featureScaling`.
public struct FeatureMap: Hashable, Sendable, CustomStringConvertible {
    /// The terms, one per output column, in order.
    public let terms: [FeatureTerm]

    /// Makes a map from terms (which should not repeat).
    public init(terms: [FeatureTerm]) { self.terms = terms }

    /// The map that passes `inputCount` inputs through unchanged: `x1 x2 …`.
    public static func identity(inputCount: Int) -> FeatureMap {
        FeatureMap(terms: (0..<inputCount).map { .input($0) })
    }

    /// Reads the words of a `features` command, e.g. `["x1", "x2", "x1^2", "sin(x1)"]`.
    ///
    /// Terms are separated by spaces or commas outside parentheses, so `cos( x3 )` is one term
    /// even when a command parser has split it into several words.
    /// - Throws: `DataError` for an empty list, an unknown term, or a term listed twice.
    public init(parsing words: [String]) throws {
        let pieces = Self.split(words.joined(separator: " "))
        guard !pieces.isEmpty else {
            throw DataError("features needs at least one term, e.g. features x1 x2 x1^2 x2^2 x1*x2 sin(x1) sin(x2).")
        }
        var terms: [FeatureTerm] = []
        for piece in pieces {
            let term = try FeatureTerm(parsing: piece)
            if terms.contains(term) {
                throw DataError("the feature \(term) is listed twice (as '\(InputExcerpt.cut(piece))'); list each term once.")
            }
            terms.append(term)
        }
        self.terms = terms
    }

    /// Splits a list of terms at spaces and commas that are not inside parentheses.
    private static func split(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) }
            if depth == 0 && (c == "," || c.isWhitespace) {
                if !current.isEmpty { pieces.append(current) }
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// Reads a `features` list written as one string: `"x1 x2 x1*x2"`.
    public init(parsing text: String) throws { try self.init(parsing: [text]) }

    /// The names of the output columns: `x1`, `x1^2`, `sin(x1)`, ….
    public var names: [String] { terms.map(\.description) }

    /// The list as the `features` command writes it.
    public var description: String { names.joined(separator: " ") }

    /// The fewest raw inputs the map needs (the highest input it reads).
    public var requiredInputCount: Int { (terms.flatMap(\.inputIndices).max() ?? -1) + 1 }

    /// Whether the map passes `inputCount` inputs through unchanged.
    public func isIdentity(inputCount: Int) -> Bool { self == .identity(inputCount: inputCount) }

    /// Checks that every term reads an input the data has.
    ///
    /// - Parameter featureNames: the raw columns' names, quoted in the error when they are not `x1, x2, …`.
    /// - Throws: `DataError` naming the first term that reads a missing input.
    public func validate(inputCount: Int, featureNames: [String] = []) throws {
        guard let term = terms.first(where: { $0.inputIndices.contains { $0 >= inputCount } }) else { return }
        let missing = term.inputIndices.first { $0 >= inputCount }! + 1
        let plain = featureNames.enumerated().allSatisfy { $1 == "x\($0 + 1)" }
        let known: String
        if inputCount == 0 {
            known = "the data has no inputs"
        } else if plain || featureNames.count != inputCount {
            known = "the data has \(inputCount) input\(inputCount == 1 ? "" : "s") (x1\(inputCount > 1 ? " … x\(inputCount)" : ""))"
        } else {
            let listed = featureNames.prefix(8).enumerated().map { "x\($0 + 1) = \($1)" }.joined(separator: ", ")
            known = "the data has \(inputCount) input\(inputCount == 1 ? "" : "s") (\(listed)\(inputCount > 8 ? ", …" : ""))"
        }
        let fix = inputCount <= 1 ? "use x1 only" : "use inputs x1 to x\(inputCount)"
        throw DataError("the feature \(term) needs input x\(missing), but \(known); \(fix).")
    }

    /// Computes the map for every row of a matrix of raw inputs `[n, inputs]`, giving `[n, terms.count]`.
    /// - Throws: `DataError` when a term reads an input the matrix does not have.
    public func apply(to inputs: Tensor) throws -> Tensor {
        precondition(inputs.rank == 2, "feature maps take a matrix [n, inputs], got shape \(inputs.shape)")
        let width = inputs.columns
        try validate(inputCount: width)
        let rows = inputs.rows
        let values = inputs.scalars
        var out = [Double]()
        out.reserveCapacity(rows * terms.count)
        for r in 0..<rows {
            let row = values[(r * width)..<((r + 1) * width)]
            for term in terms { out.append(term.value(row)) }
        }
        return Tensor(shape: [rows, terms.count], scalars: out)
    }

    /// A copy of the dataset whose inputs, in both splits, are this map's columns.
    ///
    /// Targets, classes and the raw columns' `featureScaling` are kept; the feature names become
    /// the terms' names, and the origin notes the map.
    /// - Throws: `DataError` when a term reads an input the dataset does not have.
    public func apply(to dataset: Dataset) throws -> Dataset {
        try validate(inputCount: dataset.featureCount, featureNames: dataset.featureNames)
        var mapped = dataset.replacingInputs(train: try apply(to: dataset.trainInputs),
                                             test: try apply(to: dataset.testInputs),
                                             validation: try apply(to: dataset.validationInputs),
                                             featureNames: names)
        mapped.origin += (mapped.origin.isEmpty ? "" : ", ") + "features \(description)"
        return mapped
    }
}
