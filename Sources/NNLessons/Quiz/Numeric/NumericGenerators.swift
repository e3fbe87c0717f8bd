import NNText
import NNEngine

/// Every numeric question generator, by id: what `generator:` in a lesson's quiz block names.
public enum NumericGenerators {
    /// The generators, grouped by topic in course order.
    public static let all: [NumericGenerator] = [
        neuronSigmoid, neuronReluTanh,
        gradientSigmoidNeuron, gradientTwoLayer,
        softmaxProbability, crossEntropy, bceFromLogit, mseBatch,
        entropy, klDivergence,
        momentumStep, rmspropStep, adamStep,
        dropoutScaling, batchNormOutput,
        parameterCount,
        precisionRecallF1, weightedCrossEntropy,
        initialLoss,
        convOutputSize, convParameterCount, poolOutputSize, receptiveField, filterResponse,
        residualGradient,
        rnnStep, lstmStep, recurrentParameterCount,
    ]

    /// The ids of every generator.
    public static var ids: [String] { all.map(\.id) }

    /// The generator with an id, if there is one.
    public static func named(_ id: String) -> NumericGenerator? { all.first { $0.id == id } }

    /// The id nearest to a mistyped one, for "did you mean".
    public static func suggestion(for id: String) -> String? { Suggestion.closest(to: id, in: ids) }
}
