import NNData
import NNEngine

/// `load PATH`: load a model from a JSON file; the whole file is checked before anything changes.
enum LoadCommand: SessionCommand {
    static let spec = CommandSpec("load", summary: "load a model from a JSON file", usage: "load PATH", example: "load model.json",
                                  words: [.path])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        let pathWord = try session.word(command, 0, expected: "a model file path")
        try session.noExtraWords(command, allowed: 1)
        let path = pathWord.value.text
        do { try UserFile.check(path, maximumBytes: ModelFile.maximumBytes) } catch {
            let reason = error == .missing
                ? "no such file; check the path (it is relative to the folder nnlab was started in)"
                : error == .folder ? "it is a folder; name a model file written by `save`, like model.json"
                : "\(error.reason); `load` reads a model file written by `save`"
            throw CommandError("\(UserPath(path).excerpt): \(reason)", at: pathWord)
        }
        let contents: ModelFile.Contents
        do { contents = try ModelFile.read(path: path) } catch {
            throw CommandError("\(error)", at: pathWord)
        }
        var network = contents.network
        if let loss = contents.loss { session.chosenLoss = loss }
        session.dropout = network.dropout
        session.batchNorm = network.usesBatchNorm
        network.dropout = session.dropout
        session.trainer = Trainer(network: network, objective: Objective(loss: session.effectiveLoss),
                                  optimizer: session.optimizerSettings, seed: session.seed)
        session.netRecipe = nil
        session.stackDraft = nil
        session.syncTrainer()
        var line = "loaded \(network.stack?.outline ?? "\(network.spec)") (\(Numbers.count(network.parameterCount)) parameters, loss \(session.effectiveLoss.rawValue)) from \(pathWord.value.text)"
        if let data = session.data, let problem = session.fitProblem(data) { line += "\nnote: \(problem)" }
        sink(.text(line))
    }
}
