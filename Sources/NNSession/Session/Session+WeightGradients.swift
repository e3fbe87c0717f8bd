import NNData
import NNEngine

/// ‖∂L/∂W‖ of every layer with weights, on the whole training split: what `show grads` prints
/// and the `grad_first`, `grad_last` and `grad_ratio` facts read.
extension Session {
    /// One weight layer's gradient norm, with the layer's number and description.
    struct WeightGradient {
        /// The layer's number, from 1 (as `show net` numbers it).
        var layer: Int
        /// What the layer is, like `dense 8 sigmoid` or `conv 8 3×3 pad 1 relu`.
        var description: String
        /// ‖∂L/∂W‖ on the training split.
        var norm: Double
    }

    /// The gradient norm of each dense or conv layer's weights, in order, for the objective in
    /// force on the whole training split (dropout masks drawn from the session's seed).
    func weightGradients(_ trainer: Trainer, _ dataset: Dataset) throws(TargetError) -> [WeightGradient] {
        var generator = SeededGenerator(seed: seed)
        if let stack = trainer.network.stack {
            let result = try stack.gradients(inputs: dataset.trainInputs, targets: dataset.trainTargets,
                                             objective: trainer.objective, generator: &generator)
            var out: [WeightGradient] = []
            var k = 0
            for (index, layer) in stack.layers.enumerated() {
                for parameter in layer.parameters {
                    if parameter.isWeight {
                        out.append(WeightGradient(layer: index + 1, description: stack.describe(index), norm: result.gradients[k].norm))
                    }
                    k += 1
                }
            }
            return out
        }
        let result = try trainer.network.gradients(inputs: dataset.trainInputs, targets: dataset.trainTargets,
                                                   objective: trainer.objective, generator: &generator)
        return trainer.network.layers.enumerated().map { l, layer in
            WeightGradient(layer: l + 1,
                           description: "dense \(layer.outputs) \(layer.activation.rawValue)" + (layer.batchNorm == nil ? "" : " batchnorm"),
                           norm: result.gradients[parameterIndex(of: l, in: trainer.network)].norm)
        }
    }
}
