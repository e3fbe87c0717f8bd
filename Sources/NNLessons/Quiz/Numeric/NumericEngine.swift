import NNEngine

/// The engine runs numeric questions are answered with: each builds the network, loss,
/// optimizer or normalization a question describes from NNEngine's own types and runs it.
enum NumericEngine {
    /// z and a of one neuron for one input.
    static func neuron(weights: [Double], bias: Double, input: [Double], activation: Activation) -> (z: Double, a: Double) {
        let network = Network(layers: [layer(weights: [weights], bias: [bias], activation: activation)])
        let tape = Tape()
        var generator = SeededGenerator(seed: 0)
        let pass = network.record(on: tape, inputs: Tensor(rows: [input]), mode: .inference, generator: &generator, trainable: false)
        return (tape.value(pass.layers[0].z).scalars[0], tape.value(pass.output).scalars[0])
    }

    /// A dense layer from its weight rows and biases.
    static func layer(weights: [[Double]], bias: [Double], activation: Activation) -> DenseLayer {
        DenseLayer(weights: Tensor(rows: weights), bias: Tensor(bias), activation: activation)
    }

    /// The loss and every parameter's gradient for one sample (`target` a label or a value).
    static func gradients(of network: Network, input: [Double], target: Double, loss: Loss) -> GradientResult {
        var generator = SeededGenerator(seed: 0)
        do {
            return try network.gradients(inputs: Tensor(rows: [input]), targets: Tensor([target]),
                                         objective: Objective(loss: loss), mode: .training, generator: &generator)
        } catch {
            generatorBug(error)
        }
    }

    /// Stops on a target a generator drew outside its loss's range. Generators draw their
    /// targets from the valid range by construction, so this is a bug in the generator (every
    /// generator runs in NumericQuestionTests), never something a learner's input can reach.
    private static func generatorBug(_ error: TargetError) -> Never {
        preconditionFailure("a numeric generator drew a target its loss cannot read: \(error)")
    }

    /// Softmax of a vector of logits.
    static func softmax(_ logits: [Double]) -> [Double] {
        Activation.softmaxRows(Tensor(rows: [logits])).scalars
    }

    /// A loss over a batch: `outputs` are logits for bce and ce, predictions for mse; `targets`
    /// labels, class indices or values, one per row.
    static func loss(_ kind: Loss, outputs: [[Double]], targets: [Double]) -> Double {
        do { return try kind.evaluate(head: Tensor(rows: outputs), targets: Tensor(targets)).value } catch {
            generatorBug(error)
        }
    }

    /// A weight after an optimizer's steps: each step gives the weight the value in
    /// `weights` (what it was before that step, as a question tells it) and applies the
    /// gradient; the optimizer's state carries from step to step as in training.
    static func weightAfter(_ settings: OptimizerSettings, steps: [(weight: Double, gradient: Double)]) -> Double {
        var optimizer = Optimizer(settings: settings)
        var parameters = [Tensor([0.0])]
        for step in steps {
            parameters = [Tensor([step.weight])]
            optimizer.step(&parameters, gradients: [Tensor([step.gradient])])
        }
        return parameters[0].scalars[0]
    }

    /// Batch normalization in training mode of one unit's values over a batch.
    static func batchNorm(_ values: [Double], gamma: Double, beta: Double, epsilon: Double) -> [Double] {
        let tape = Tape()
        let input = tape.constant(Tensor(shape: [values.count, 1], scalars: values))
        let result = tape.batchNorm(input, gamma: tape.constant(Tensor([gamma])), beta: tape.constant(Tensor([beta])), epsilon: epsilon)
        return tape.value(result.output).scalars
    }

    /// The trainable parameters of a dense network with the given widths.
    static func parameterCount(widths: [Int]) -> Int {
        let layers = zip(widths, widths.dropFirst()).map { inputs, outputs in
            DenseLayer(weights: Tensor.zeros([outputs, inputs]), bias: Tensor.zeros([outputs]), activation: .relu)
        }
        return Network(layers: layers).parameterCount
    }

    /// What a hidden unit with activation `a` passes on at inference under dropout.
    static func dropoutAtInference(_ a: Double, probability: Double, scaling: Dropout.Scaling) -> Double {
        let network = Network(layers: [layer(weights: [[1]], bias: [0], activation: .identity),
                                       layer(weights: [[1]], bias: [0], activation: .identity)],
                              dropout: Dropout(probability: probability, scaling: scaling))
        return network.predict(Tensor(rows: [[a]])).scalars[0]
    }

    /// What a hidden unit with activation `a` passes on while training when dropout keeps it.
    static func dropoutWhenKept(_ a: Double, probability: Double, scaling: Dropout.Scaling) -> Double {
        let network = Network(layers: [layer(weights: [[1]], bias: [0], activation: .identity),
                                       layer(weights: [[1]], bias: [0], activation: .identity)],
                              dropout: Dropout(probability: probability, scaling: scaling))
        // A batch of many copies: the kept ones all carry the same value.
        let tape = Tape()
        var generator = SeededGenerator(seed: 1)
        let pass = network.record(on: tape, inputs: Tensor(shape: [64, 1], repeating: a), mode: .training, generator: &generator)
        let outputs = tape.value(pass.layers[0].output).scalars
        return outputs.first { $0 != 0 } ?? a
    }
}
