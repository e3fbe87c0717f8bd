import Foundation
import NNData
import NNEngine

/// What the pass commands (`forward`, `backward`, `update`, `trace`) share: the inspected
/// sample, its pass, and how they write vectors, classes and element names.
extension Session {
    /// The input row and target of the inspected sample.
    func inspectedSample(_ command: Command, dataset: Dataset) throws(CommandError) -> (x: Tensor, y: Tensor, label: String) {
        if let arg = command.optionArgument("sample"), let i = arg.value.number {
            let index = Int(i)
            guard index >= 0, index < dataset.trainCount else {
                throw CommandError("sample must be from 0 to \(dataset.trainCount - 1) (a training row), got \(index)", at: arg)
            }
            inspection = InspectionTarget(sample: index)
        }
        let i = min(inspection.sample, max(dataset.trainCount - 1, 0))
        var x = dataset.trainInputs.gatherRows([i])
        var y = dataset.trainTargets.gatherRows([i])
        var label = "sample \(i)"
        if let input = inspection.input {
            x = Tensor(shape: [1, input.count], scalars: input)
            label = "x set by hand"
        }
        if let target = inspection.target {
            y = Tensor(shape: y.shape, scalars: [Double](repeating: target, count: y.count))
            label += ", y set by hand"
        }
        return (x, y, label)
    }

    /// One forward and backward pass over the inspected sample.
    func inspectedPass(_ command: Command) throws(CommandError) -> (Trainer, GradientResult, x: Tensor, y: Tensor, label: String, Dataset) {
        let (trainer, dataset) = try requireReady(command)
        let (x, y, label) = try inspectedSample(command, dataset: dataset)
        guard x.columns == trainer.network.inputs else {
            throw CommandError("the input set by hand has \(x.columns) values but the net takes \(trainer.network.inputs); set x=[…] again",
                               column: command.column)
        }
        var generator = SeededGenerator(seed: seed)
        let result = try readingTargets(command) { () throws(TargetError) in
            try trainer.network.gradients(inputs: x, targets: y, objective: trainer.objective, generator: &generator)
        }
        return (trainer, result, x, y, label, dataset)
    }

    /// The index in `Network.parameters` of a layer's weights.
    func parameterIndex(of layer: Int, in network: Network) -> Int {
        network.layers.prefix(layer).reduce(0) { $0 + ($1.batchNorm == nil ? 2 : 4) }
    }

    /// `w1[0,1]` for a matrix element, `b1[2]` for a vector one, `w1[f,c,i,j]` for a filter's.
    func elementName(_ name: String, _ t: Tensor, _ i: Int) -> String {
        if t.rank == 2 { return "\(name)[\(i / t.columns),\(i % t.columns)]" }
        if t.rank > 2 {
            var rest = i
            var indices: [Int] = []
            for extent in t.shape.reversed() {
                indices.append(rest % extent)
                rest /= extent
            }
            return "\(name)[\(indices.reversed().map(String.init).joined(separator: ","))]"
        }
        return "\(name)[\(i)]"
    }

    // MARK: Formatting

    func vectorText(_ xs: [Double]) -> String {
        "[" + xs.prefix(8).map { Numbers.format($0, digits: 4) }.joined(separator: ", ") + (xs.count > 8 ? ", …" : "") + "]"
    }

    func targetText(_ y: Tensor, _ dataset: Dataset) -> String {
        // A class index is a whole number in range; anything else is shown as the number it is.
        guard dataset.task == .classification, let v = y.scalars.first, v == v.rounded(), v >= 0, v < Double(dataset.classCount) else {
            return vectorText(y.scalars)
        }
        return className(Int(v), dataset)
    }

    func className(_ index: Int, _ dataset: Dataset) -> String {
        index < dataset.classNames.count && dataset.classNames[index] != String(index) ? "\(index) (\(dataset.classNames[index]))" : "\(index)"
    }

    func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return String(String(n).compactMap { $0.wholeNumberValue.map { digits[$0] } })
    }
}
