import NNEngine
import NNText

/// The engine's errors in the session's words: the engine states the facts, the session adds
/// the commands that fix them (`net 2-8-3`, `opt … lr=`, `data … test=0.2`).
enum EngineErrorWording {
    /// Any error a command met, worded for the learner.
    static func sentence(for error: any Error) -> String {
        switch error {
        case let error as TrainingError: return sentence(for: error)
        case let error as UnknownName: return sentence(for: error)
        default: return "\(error)"
        }
    }

    /// A training error with its fix.
    static func sentence(for error: TrainingError) -> String {
        switch error {
        case let .diverged(epoch, batch, lr, what):
            // What became of the weights depends on who trained (a command undoes itself, a live
            // view keeps the last finite step), so the caller says it.
            return "training diverged at epoch \(epoch), batch \(batch): the \(what) became NaN or infinite. " +
                "Try a smaller learning rate (opt ... lr=\(TrainingError.suggestedRate(below: lr))) or gradient clipping (clip norm=1)."
        case let .inputWidth(network, data, outputs):
            return "the net takes \(network) inputs but the data has \(data) features; " +
                "start the net spec with \(data), like \(data)-8-\(outputs)"
        case .loss(let mismatch):
            return sentence(for: mismatch)
        case .stepInDeepNetwork:
            return "step has a zero derivative, so gradients cannot pass through it; " +
                "only a single-layer perceptron (like 2-1:step) trains with step. Use sigmoid or tanh instead"
        case .emptyTrainingSplit:
            return "the training split is empty; load data with fewer test samples (test=0.2)"
        case .noValidationSplit:
            return "patience watches a validation split, and this data has none; make one with val=0.2 " +
                "(data … val=0.2), so the test split stays unseen"
        case .targetWidth:
            return error.description
        }
    }

    /// An unknown name with the nearest known one, or the list of known ones.
    static func sentence(for error: UnknownName) -> String {
        "\(error)" + (Suggestion.hint(for: error.name, in: error.known) ?? "; choose one of \(error.known.joined(separator: ", "))")
    }

    /// A loss that does not fit, with the command that makes it fit.
    static func sentence(for mismatch: LossMismatch) -> String {
        switch mismatch {
        case let .output(_, needs, _):
            return "\(mismatch); rebuild it with `net ... out=\(needs.rawValue)`"
        case .oneOutput:
            return "\(mismatch); end the net spec in -1 (or the layers in `layer dense 1`)"
        case let .twoClasses(_, classes):
            return "\(mismatch); use `loss ce` with a softmax output of \(classes)"
        case let .outputPerClass(classes, _):
            return "\(mismatch); end the net spec in -\(classes) (or the layers in `layer dense \(classes) act=softmax`)"
        case .needsClasses:
            return "\(mismatch); use `loss mse`"
        case .oneHotWidth:
            return mismatch.description
        case .weights:
            return "\(mismatch), e.g. `loss ce weights=[1, 5]`"
        }
    }
}
