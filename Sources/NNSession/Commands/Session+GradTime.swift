import NNData
import NNEngine
import NNRender

/// Gradients through time: ‖∂L/∂hₜ‖ for every step of a recurrent layer, on the training split,
/// as `plot gradtime` draws them and the `gradtime_*` facts read them.
extension Session {
    /// The norms ‖∂L/∂hₜ‖, t = 1 … T, of recurrent layer `layer` (1-based; the first recurrent
    /// layer when nil), over the whole training split at inference (no dropout); nil when the
    /// net has no recurrent layer, or `layer` is not one.
    static func hiddenGradientNorms(_ trainer: Trainer, _ dataset: Dataset,
                                    layer: Int? = nil) throws(TargetError) -> (layer: Int, norms: [Double])? {
        guard let stack = trainer.network.stack, let index = layer.map({ $0 - 1 }) ?? stack.firstRecurrentLayer,
              stack.layers.indices.contains(index), case .recurrent = stack.layers[index] else { return nil }
        guard let norms = try stack.hiddenGradientNorms(inputs: dataset.trainInputs, targets: dataset.trainTargets,
                                                        objective: trainer.objective, layer: index) else { return nil }
        return (index + 1, norms)
    }

    /// `plot gradtime [layer=L]`: ‖∂L/∂hₜ‖ against t on a log scale, and a line with the first,
    /// the last and their ratio.
    func plotGradTime(_ command: Command, height: Int, sink: Sink) throws(CommandError) {
        let (trainer, dataset) = try requireReady(command)
        let layer = try integerOption(command, "layer", minimum: 1)
        let found = try readingTargets(command) { () throws(TargetError) in
            try Session.hiddenGradientNorms(trainer, dataset, layer: layer)
        }
        guard let found else {
            let which = layer.map { "layer \($0) is not a recurrent layer" } ?? "the net has no recurrent layer"
            throw CommandError("plot gradtime shows ∂L/∂hₜ of a recurrent layer, but \(which); build one with `net input 20x1; layer rnn 16; layer dense 1`",
                               column: command.column, length: command.text.count)
        }
        let norms = found.norms
        let kind = trainer.network.stack!.describe(found.layer - 1)
        let first = norms.first ?? 0, last = norms.last ?? 0
        let ratio = last == 0 ? Double.nan : first / last
        sink(.text("‖∂L/∂hₜ‖ of layer \(found.layer) (\(kind)) on the training split, log scale\n"
                   + "t = 1: \(Numbers.format(first, digits: 4))   t = \(norms.count): \(Numbers.format(last, digits: 4))   "
                   + "first/last: \(Numbers.format(ratio, digits: 4))"))
        // A log axis cannot show 0: exact zeros are drawn at the smallest positive value.
        let floor = norms.filter { $0 > 0 }.min() ?? 1
        let chart = LineChart(series: [LineChart.Series(name: "‖∂L/∂hₜ‖", values: norms.map { max($0, floor) })],
                              xAxis: Axis(title: "step t", integerTicks: true),
                              yAxis: Axis(title: "‖∂L/∂hₜ‖", scale: .log10), glyphs: glyphs)
        sink(.widget(chart, height: height))
    }
}
