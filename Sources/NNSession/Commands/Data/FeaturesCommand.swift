import NNData
import NNEngine

/// `features TERM…` or `features off`: choose the input features (a feature map of the raw inputs).
enum FeaturesCommand: SessionCommand {
    static let spec = CommandSpec(
        "features", summary: "choose the input features (a feature map of the raw inputs)",
        usage: "features TERM... (x1 x2 x1^2 x2^2 x1*x2 sin(x1) sin(x2) …) | features off",
        example: "features x1 x2 x1^2 x2^2 x1*x2",
        words: [.fixed(["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "off"])], wordsRepeat: true)

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        guard let raw = session.rawData else { _ = try session.requireData(command); return }
        let words = command.positionals.map(\.raw)
        if words.isEmpty {
            sink(.text("features: \((session.featureMap?.names ?? raw.featureNames).joined(separator: " "))"))
            return
        }
        if words.count == 1, words[0].lowercased() == "off" {
            session.featureMap = nil
            session.data = raw
            sink(.text("features: the raw inputs \(raw.featureNames.joined(separator: " "))"))
            return
        }
        do {
            let map = try FeatureMap(parsing: words)
            let mapped = try map.apply(to: raw)
            session.featureMap = map
            session.data = mapped
            var line = "features: \(map.names.joined(separator: " ")) (\(map.names.count) inputs)"
            if let trainer = session.trainer, trainer.network.inputs != map.names.count {
                line += "\nnote: the net takes \(trainer.network.inputs) inputs; rebuild it, e.g. `net \(map.names.count)-8-\(DataCommand.suggestedOutputs(mapped))`"
            }
            sink(.text(line))
        } catch let error as DataError {
            throw CommandError(error.message, column: command.positionals.first?.column ?? command.column, length: command.text.count)
        } catch {
            throw CommandError("\(error)", column: command.column)
        }
    }
}
