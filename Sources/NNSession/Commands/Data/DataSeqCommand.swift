import NNData
import NNEngine

/// `data seq sine|adding|parity [n=N] [steps=T] [seed=S] [test=F] [val=F]`: a built-in set of
/// sequences (see `SequenceGenerator`), each row T steps of N features for `net input TxN`.
enum DataSeqCommand {
    /// The sets, for completion and help.
    static let names = SequenceGenerator.Kind.allCases.map(\.rawValue)

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let nameWord = try session.word(command, 1, expected: "a sequence set: \(names.joined(separator: ", ")), like `data seq sine`")
        try session.noExtraWords(command, allowed: 2)
        for key in ["label", "task", "normalize", "shape", "noise", "classes"] where command.option(key) != nil {
            throw CommandError("'\(key)=' is not an option of `data seq`; it takes n=, steps=, seed=, test= and val=",
                               at: command.optionArgument(key)!)
        }
        let n = try session.integerOption(command, "n", minimum: 2, maximum: DatasetGenerator.maximumCount)
        let steps = try session.integerOption(command, "steps", minimum: 1, maximum: SequenceGenerator.maximumSteps)
        let test = try session.numberOption(command, "test", valid: { $0 >= 0 && $0 < 1 }, rule: "must be in [0, 1)")
        let validation = try DataCommand.validationOption(command, in: session)
        let seedValue = try session.integerOption(command, "seed", minimum: Int.min) ?? session.seed
        do {
            let kind = try SequenceGenerator.kind(named: nameWord.raw)
            let dataset = try SequenceGenerator.make(kind, n: n, steps: steps, seed: seedValue, test: test, validation: validation)
            DataCommand.adopt(dataset, in: session, sink: sink)
            if session.trainer == nil {
                let shape = dataset.sampleShape!.map(String.init).joined(separator: "x")
                let head = dataset.task == .classification ? "layer dense 1 act=sigmoid" : "layer dense 1 act=identity"
                sink(.text("a net for it: net input \(shape); layer lstm 16; \(head)"))
            }
        } catch let error as DataError {
            throw CommandError(error.message, at: nameWord)
        } catch {
            throw CommandError("\(error)", at: nameWord)
        }
    }
}
