import NNData
import NNEngine
import NNRender

/// The pixel grids of image data and of a net built layer by layer: data samples, a conv
/// layer's filters, and one sample's feature maps at a layer (the values of the engine's own
/// forward pass, as the tape records it).
enum ImagePlots {
    /// Columns a tile aims at in the scrollback (the pixel scale is the largest that keeps a
    /// tile within it, at least 1 and at most 4).
    static let tileColumns = 16

    /// The pixel scale that makes a tile `width` pixels wide about `columns` columns.
    static func pixelScale(width: Int, columns: Int = tileColumns) -> Int {
        max(1, min(4, columns / max(width, 1)))
    }

    /// C, H, W of image rows, or nil when the data's rows are not images.
    static func imageShape(_ dataset: Dataset) -> (channels: Int, height: Int, width: Int)? {
        guard let shape = dataset.sampleShape, shape.count == 3 else { return nil }
        return (shape[0], shape[1], shape[2])
    }

    /// Training rows as images in their original units (the standardization undone), each
    /// labeled with its class (and, given `predicted`, the net's class when it differs).
    /// Several channels are drawn as their mean.
    static func samples(_ dataset: Dataset, rows: [Int], predicted: [Int]? = nil, pixelScale: Int? = nil,
                        colorMode: ColorMode) -> PixelGrid? {
        guard let (c, h, w) = imageShape(dataset), !rows.isEmpty else { return nil }
        var inputs = dataset.trainInputs.gatherRows(rows)
        if let scaling = dataset.featureScaling { inputs = scaling.invert(inputs) }
        let plane = h * w
        var tiles: [PixelGrid.Tile] = []
        var low = Double.infinity, high = -Double.infinity
        for (k, row) in rows.enumerated() {
            var values = [Double](repeating: 0, count: plane)
            for channel in 0..<c {
                for p in 0..<plane { values[p] += inputs[k, channel * plane + p] / Double(c) }
            }
            // Undoing the standardization leaves rounding dust (−8.9e-16 for a 0): snap to 1e-9.
            values = values.map { ($0 * 1e9).rounded() / 1e9 }
            for v in values where v.isFinite { low = min(low, v); high = max(high, v) }
            var label = classLabel(dataset, Int(dataset.trainTargets.scalars[row]))
            if let predicted, k < predicted.count, classLabel(dataset, predicted[k]) != label {
                label += "→" + classLabel(dataset, predicted[k])
            } else {
                label += " #\(row)"
            }
            tiles.append(PixelGrid.Tile(label: label, width: w, height: h, values: values))
        }
        if !low.isFinite || !high.isFinite { low = 0; high = 1 }
        let title = c == 1 ? "pixel" : "pixel (mean of \(c) channels)"
        return PixelGrid(tiles: tiles, scale: .gray(low: low, high: high), pixelScale: pixelScale,
                         legendTitle: title, colorMode: colorMode)
    }

    /// A class's name as a tile label: the index, or the name when the data names its classes.
    static func classLabel(_ dataset: Dataset, _ index: Int) -> String {
        guard dataset.task == .classification, index >= 0, index < dataset.classNames.count else { return "\(index)" }
        return dataset.classNames[index]
    }

    /// The 1-based numbers of a stack's conv layers.
    static func convLayers(_ stack: LayerStack) -> [Int] {
        stack.layers.indices.filter { if case .conv = stack.layers[$0] { return true } else { return false } }.map { $0 + 1 }
    }

    /// The 1-based numbers of the layers that hand on images (conv, pooling, and any layer
    /// after them that keeps the image shape).
    static func imageLayers(_ stack: LayerStack) -> [Int] {
        stack.shapes.indices.filter { if case .image = stack.shapes[$0] { return true } else { return false } }.map { $0 + 1 }
    }

    /// The filters of conv layer `layer` (1-based) on one diverging scale (±max |w| of the
    /// layer): one tile per filter, or per filter and input channel when there are several.
    static func filters(_ stack: LayerStack, layer: Int, pixelScale: Int? = nil, colorMode: ColorMode) -> PixelGrid? {
        guard layer >= 1, layer <= stack.layers.count, case .conv(let conv) = stack.layers[layer - 1] else { return nil }
        let k = conv.kernel, channels = conv.channels
        let w = conv.weights.scalars
        var tiles: [PixelGrid.Tile] = []
        for f in 0..<conv.filters {
            for c in 0..<channels {
                let start = (f * channels + c) * k * k
                let label = channels == 1 ? "\(f + 1)" : "\(f + 1).\(c + 1)"
                tiles.append(PixelGrid.Tile(label: label, width: k, height: k, values: Array(w[start..<(start + k * k)])))
            }
        }
        let limit = w.filter(\.isFinite).map(abs).max() ?? 0
        return PixelGrid(tiles: tiles, scale: .diverging(limit: limit), pixelScale: pixelScale, legendTitle: "weight",
                         colorMode: colorMode)
    }

    /// The outputs of every layer for one input row, from a forward pass recorded on a tape at
    /// inference (what `predict` computes), each shaped 1 × the layer's output shape.
    static func layerOutputs(_ stack: LayerStack, input: Tensor) -> [Tensor] {
        let tape = Tape()
        var generator = SeededGenerator(seed: 0)
        let pass = stack.record(on: tape, inputs: input, mode: .inference, generator: &generator, trainable: false)
        return pass.outputs.map { tape.value($0) }
    }

    /// The feature maps of one input row at layer `layer` (1-based), which must hand on an
    /// image: one tile per channel, on a gray scale from 0 when no value is negative (after
    /// relu), else on a diverging one.
    static func maps(_ stack: LayerStack, layer: Int, input: Tensor, pixelScale: Int? = nil, colorMode: ColorMode) -> PixelGrid? {
        guard layer >= 1, layer <= stack.layers.count, case .image(let c, let h, let w) = stack.shapes[layer - 1] else { return nil }
        let output = layerOutputs(stack, input: input)[layer - 1]
        return maps(values: output.scalars, channels: c, height: h, width: w, pixelScale: pixelScale, colorMode: colorMode)
    }

    /// Feature maps from their values (C planes of H × W, one after the other).
    static func maps(values: [Double], channels c: Int, height h: Int, width w: Int, pixelScale: Int? = nil,
                     colorMode: ColorMode) -> PixelGrid {
        let plane = h * w
        let tiles = (0..<c).map { channel in
            PixelGrid.Tile(label: "\(channel + 1)", width: w, height: h,
                           values: Array(values[(channel * plane)..<((channel + 1) * plane)]))
        }
        let finite = values.filter(\.isFinite)
        let scale: PixelGrid.Scale = (finite.min() ?? 0) < 0
            ? .diverging(limit: finite.map(abs).max() ?? 0)
            : .gray(low: 0, high: finite.max() ?? 0)
        return PixelGrid(tiles: tiles, scale: scale, pixelScale: pixelScale, legendTitle: "activation", colorMode: colorMode)
    }
}
