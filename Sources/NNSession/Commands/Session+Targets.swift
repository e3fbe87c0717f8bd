import NNEngine

/// Targets the engine cannot read, worded for the command that met them.
extension Session {
    /// Runs engine work that reads targets; a target the loss cannot read (`TargetError`)
    /// becomes an error of the command, which then changes nothing.
    func readingTargets<T>(_ command: Command, _ work: () throws(TargetError) -> T) throws(CommandError) -> T {
        do {
            return try work()
        } catch {
            var message = "\(error)"
            if let y = inspection.target {
                message = "the target y=\(Numbers.format(y)) set by hand does not fit: \(error.loss.longName) reads " +
                    "\(Session.requirement(of: error)); set y again, or `set sample=0` to use a sample's own target"
            }
            throw CommandError(message, column: command.column, length: command.text.count)
        }
    }

    /// Checks a target given with `set y=` against the network's loss and outputs, when there
    /// is a network; without one it only has to be finite.
    func checkInspectedTarget(_ value: Double, at argument: Command.Argument) throws(CommandError) {
        guard value.isFinite else {
            throw CommandError("y needs a finite number (a class index or a target value)", at: argument)
        }
        guard let trainer else { return }
        let loss = trainer.objective.loss, outputs = trainer.network.outputs
        // mse against a regression output fills every output with y; elsewhere y is one label.
        let regression = loss == .mse && (data?.task != .classification)
        let targets = regression ? Tensor(shape: [1, outputs], scalars: [Double](repeating: value, count: outputs)) : Tensor([value])
        do {
            try loss.validate(targets, rows: 1, outputs: outputs)
        } catch {
            throw CommandError("y=\(Numbers.format(value)) does not fit: \(loss.longName) reads \(Session.requirement(of: error))",
                               at: argument)
        }
    }

    /// What a loss reads, for a sentence: "a class index, a whole number from 0 to 2 …".
    static func requirement(of error: TargetError) -> String {
        switch error.problem {
        case .notAClass(let classes):
            return "a class index, a whole number from 0 to \(classes - 1) for a net with \(classes) outputs"
        case .notBinary: return "a label of 0 or 1"
        case .notAHingeLabel: return "a label of −1 or 1 (0 counts as −1)"
        case .notFinite: return "a finite number"
        case let .count(given, expected): return "\(expected) target values, not \(given)"
        }
    }
}
