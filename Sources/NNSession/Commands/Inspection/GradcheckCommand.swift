import Foundation
import NNEngine

/// `gradcheck [eps=X]`: autodiff gradients against central differences on the training split.
enum GradcheckCommand: SessionCommand {
    static let spec = CommandSpec("gradcheck", summary: "compare autodiff gradients with central differences",
                                  usage: "gradcheck [eps=X]", example: "gradcheck eps=1e-4",
                                  options: [.init("eps", .number, "finite-difference step (default 1e-4, fourth-order differences)")])

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let (trainer, dataset) = try session.requireReady(command)
        let eps = try session.numberOption(command, "eps", valid: { $0 > 0 && $0 < 1 }, rule: "must be in (0, 1)") ?? 1e-4
        let rows = Array(0..<min(dataset.trainCount, 256))
        let x = dataset.trainInputs.gatherRows(rows), y = dataset.trainTargets.gatherRows(rows)
        let seed = session.seed
        let check = try session.readingTargets(command) { () throws(TargetError) in
            try GradientCheck.run(network: trainer.network, inputs: x, targets: y, objective: trainer.objective,
                                  epsilon: eps, seed: seed)
        }
        guard let worst = check.worst else { sink(.text("gradcheck: nothing to check")); return }
        let t = trainer.network.parameters[trainer.network.parameterNames.firstIndex(of: worst.parameter)!]
        let verdict = worst.relativeError < 1e-6 ? "ok" : (worst.relativeError < 1e-3 ? "suspicious" : "WRONG")
        var lines = ["gradcheck: \(Numbers.count(check.entries.count)) parameters on \(rows.count) training samples, ε = \(Numbers.format(eps))",
                     "largest relative error \(String(format: "%.3e", worst.relativeError)) at \(session.elementName(worst.parameter, t, worst.index)) " +
                        "(autodiff \(Numbers.format(worst.analytic, digits: 10)), numeric \(Numbers.format(worst.numeric, digits: 10))) — \(verdict)"]
        if trainer.network.layers.contains(where: { [.relu, .leakyRelu, .step].contains($0.activation) }) && worst.relativeError > 1e-6 {
            lines.append("note: relu, leaky_relu and step have kinks; a sample sitting within ε of one shows a large error there without any bug")
        } else if let stack = trainer.network.stack, worst.relativeError > 1e-6, stack.hasKinks {
            lines.append("note: relu, leaky_relu, step and maxpool have kinks; a value sitting within ε of one (or a tie in a max window) shows a large error there without any bug")
        }
        sink(.text(lines.joined(separator: "\n")))
    }
}
