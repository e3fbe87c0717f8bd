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
        func verdict(_ error: Double) -> String { error < 1e-6 ? "ok" : (error < 1e-3 ? "suspicious" : "WRONG") }
        let hasKinks = trainer.network.layers.contains(where: { [.relu, .leakyRelu, .step].contains($0.activation) })
            || trainer.network.stack?.hasKinks == true
        // Across a kink (relu at 0, a near tie in a max window) the differences at ε see a corner
        // that autodiff does not: the worst elements are checked again with a step 100 times smaller.
        var recheck: [GradientCheck.Entry] = []
        if hasKinks && worst.relativeError > 1e-6 {
            recheck = try session.readingTargets(command) { () throws(TargetError) in
                try check.rechecked(8, network: trainer.network, inputs: x, targets: y, objective: trainer.objective,
                                    epsilon: eps / 100, seed: seed)
            }
        }
        let recheckWorst = recheck.map(\.relativeError).max()
        // A wrong gradient keeps its error whatever the step; a kink's shrinks with the step.
        let kinkOnly = recheckWorst.map { $0 < 1e-6 || ($0 < 1e-4 && $0 * 100 <= worst.relativeError) } ?? false
        var lines = ["gradcheck: \(Numbers.count(check.entries.count)) parameters on \(rows.count) training samples, ε = \(Numbers.format(eps))",
                     "largest relative error \(String(format: "%.3e", worst.relativeError)) at \(session.elementName(worst.parameter, t, worst.index)) " +
                        "(autodiff \(Numbers.format(worst.analytic, digits: 10)), numeric \(Numbers.format(worst.numeric, digits: 10))) — " +
                        (kinkOnly ? "a kink, see below" : verdict(worst.relativeError))]
        if let recheckWorst {
            let shrink = recheckWorst > 0 ? worst.relativeError / recheckWorst : .infinity
            lines.append("the \(recheck.count) worst again with ε = \(String(format: "%g", eps / 100)): largest relative error " +
                         "\(String(format: "%.3e", recheckWorst))" +
                         (shrink.isFinite && shrink >= 10 ? ", \(Numbers.count(Int(shrink))) times smaller" : "") +
                         " — \(kinkOnly ? "ok" : verdict(recheckWorst))")
            lines.append(kinkOnly
                ? "note: at ε the differences crossed a kink (relu at 0, a near tie in a max window): their error shrinks with the step, so the gradients are right"
                : "note: relu, leaky_relu, step and maxpool have kinks, but a smaller step does not explain this error")
        }
        sink(.text(lines.joined(separator: "\n")))
    }
}
