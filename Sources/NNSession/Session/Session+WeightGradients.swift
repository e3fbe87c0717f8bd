import NNData
import NNEngine

/// The weight tensors of every layer with weights, and their gradients on the whole training
/// split: what `show grads` prints, `plot hist` and `plot gradnorm` draw, and the `grad_first`,
/// `grad_last` and `grad_ratio` facts read — for nets built with `net SPEC` and layer by layer.
extension Session {
    /// One weight tensor (a layer's W; a recurrent layer has two, W_ih and W_hh), with its
    /// layer's number and description.
    struct WeightTensor {
        /// The layer's number, from 1 (as `show net` numbers it).
        var layer: Int
        /// What the layer is, like `dense 8 sigmoid` or `conv 8 3×3 pad 1 relu`.
        var description: String
        /// Which of the layer's weights: `W`, or `W_ih` and `W_hh` of a recurrent layer.
        var name: String
        /// The values (the weights, or their gradient).
        var values: Tensor
        /// The tensor's Euclidean norm.
        var norm: Double { values.norm }
    }

    /// The net's weight tensors, layer by layer.
    func weightTensors(_ trainer: Trainer) -> [WeightTensor] {
        let network = trainer.network
        if let stack = network.stack {
            return stack.layers.enumerated().flatMap { index, layer in
                layer.parameters.filter(\.isWeight).map { parameter in
                    WeightTensor(layer: index + 1, description: stack.describe(index),
                                 name: parameter.stem == "w" ? "W" : "W_" + parameter.stem.dropFirst(), values: parameter.tensor)
                }
            }
        }
        return network.layers.enumerated().map { l, layer in
            WeightTensor(layer: l + 1, description: Self.denseDescription(layer), name: "W", values: layer.weights)
        }
    }

    /// The gradient of each weight tensor (as `weightTensors` lists them) for the objective in
    /// force on the whole training split (dropout masks drawn from the session's seed).
    func weightGradients(_ trainer: Trainer, _ dataset: Dataset) throws(TargetError) -> [WeightTensor] {
        var generator = SeededGenerator(seed: seed)
        let network = trainer.network
        if let stack = network.stack {
            let result = try stack.gradients(inputs: dataset.trainInputs, targets: dataset.trainTargets,
                                             objective: trainer.objective, generator: &generator)
            let isWeight = stack.parameterIsWeight
            let gradients = result.gradients.indices.filter { isWeight[$0] }.map { result.gradients[$0] }
            return zip(weightTensors(trainer), gradients).map { tensor, gradient in
                var entry = tensor
                entry.values = gradient
                return entry
            }
        }
        let result = try network.gradients(inputs: dataset.trainInputs, targets: dataset.trainTargets,
                                           objective: trainer.objective, generator: &generator)
        return network.layers.enumerated().map { l, layer in
            WeightTensor(layer: l + 1, description: Self.denseDescription(layer), name: "W",
                         values: result.gradients[parameterIndex(of: l, in: network)])
        }
    }

    /// A dense layer of a `net SPEC` net as `show grads` names it: `dense 8 tanh batchnorm`.
    private static func denseDescription(_ layer: DenseLayer) -> String {
        "dense \(layer.outputs) \(layer.activation.rawValue)" + (layer.batchNorm == nil ? "" : " batchnorm")
    }
}
