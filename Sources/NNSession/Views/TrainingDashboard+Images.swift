import NNData
import NNEngine
import NNRender

/// The dashboard's panels for a net built layer by layer on image data: one sample and its
/// feature maps at the first conv layer (in place of the decision boundary), and that layer's
/// filters (in place of the health panel), both redrawn as training changes the weights.
/// Without a conv layer the left panel shows a few samples labeled with the net's class.
extension TrainingDashboard {
    /// The net's layer-by-layer form when the data's rows are images (nil otherwise: the
    /// dashboard shows the model's fit and health as for any net).
    var imageStack: LayerStack? {
        guard let stack = trainer.network.stack, let raw, ImagePlots.imageShape(raw) != nil,
              stack.inputs == raw.featureCount else { return nil }
        return stack
    }

    /// The first conv layer (1-based) of the image net, if it has one.
    var firstConvLayer: Int? { imageStack.flatMap { ImagePlots.convLayers($0).first } }

    /// The training row whose feature maps are shown: the inspected sample (`:set sample=I`).
    var mapSample: Int { min(session.inspection.sample, max(data.trainCount - 1, 0)) }

    /// The color mode panels draw with (256 colors on any color terminal, plain marks without).
    var panelColorMode: ColorMode { session.environment.colorMode == .none ? .none : .indexed256 }

    /// Draws the sample-and-maps panel (or the samples with the net's classes) into the left
    /// area; false when the data is not images, so the caller draws the model's fit instead.
    func renderImagePanel(into buffer: inout Buffer, _ area: Rect) -> Bool {
        guard let stack = imageStack, let raw, raw.trainCount > 0 else { return false }
        let sample = mapSample
        let title: String
        if let layer = firstConvLayer {
            title = "sample \(sample) · maps after layer \(layer)"
        } else {
            title = "samples · label→the net's class"
        }
        let panel = Panel(title: title)
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area)
        guard inner.width > 0, inner.height > 0 else { return true }
        let version: [Int] = [trainer.stepsDone, sample, stack.parameterCount, inner.width, inner.height]
        boundaryCache.render(into: &buffer, area: inner, version: version, refresh: refreshInterval, now: clock.now) { scratch in
            if let layer = firstConvLayer {
                drawSampleMaps(stack, layer: layer, sample: sample, raw: raw, into: &scratch, inner)
            } else {
                drawPredictedSamples(raw: raw, into: &scratch, inner)
            }
        }
        return true
    }

    /// The sample (with its class and the net's) above its feature maps at `layer`.
    func drawSampleMaps(_ stack: LayerStack, layer: Int, sample: Int, raw: Dataset, into buffer: inout Buffer, _ area: Rect) {
        let input = data.trainInputs.gatherRows([sample])
        let outputs = ImagePlots.layerOutputs(stack, input: input)
        let output = trainer.network.predict(input)
        let predicted = Metrics.predictedClasses(output, threshold: trainer.classThreshold).first
        guard let picture = ImagePlots.samples(raw, rows: [sample], predicted: predicted.map { [$0] }, colorMode: panelColorMode),
              case .image(let c, let h, let w) = stack.shapes[layer - 1] else { return }
        // The sample at the scale that leaves the maps most room: as tall as one row of maps.
        var top = picture
        top.legendTitle = nil
        top.maximumScale = 2
        let pictureRows = min(top.geometry(width: area.width, height: max(area.height / 3, 3)).height, area.height)
        top.render(in: Rect(x: area.x, y: area.y, width: area.width, height: pictureRows), buffer: &buffer)
        let note = "\(stack.describe(layer - 1))"
        let noteX = area.x + min(area.width, top.geometry(width: area.width, height: pictureRows).tileWidth + 2)
        buffer.set(x: noteX, y: area.y, string: note, style: Style(dim: true), clip: area)
        // The net's answer for this sample, with its output (the probability after softmax).
        if let predicted, raw.task == .classification, output.count > 0 {
            let truth = ImagePlots.classLabel(raw, Int(data.trainTargets.scalars[sample]))
            let answer = ImagePlots.classLabel(raw, predicted)
            let score = output.columns > 1 ? output.scalars[predicted] : output.scalars[0]
            buffer.set(x: noteX, y: area.y + 1, string: "class \(truth) · net \(answer) (\(Numbers.format(score, digits: 2)))",
                       style: Style(bold: answer != truth), clip: area)
        }
        let mapsArea = Rect(x: area.x, y: area.y + pictureRows + 1, width: area.width, height: area.height - pictureRows - 1)
        guard !mapsArea.isEmpty else { return }
        var maps = ImagePlots.maps(values: outputs[layer - 1].scalars, channels: c, height: h, width: w, colorMode: panelColorMode)
        maps.rowGap = 0
        maps.render(in: mapsArea, buffer: &buffer)
    }

    /// A few samples, each labeled with its class and, when the net gets it wrong, the net's.
    func drawPredictedSamples(raw: Dataset, into buffer: inout Buffer, _ area: Rect) {
        let count = min(raw.trainCount, 32)
        let rows = Array(0..<count)
        let predicted = Metrics.predictedClasses(trainer.network.predict(data.trainInputs.gatherRows(rows)),
                                                 threshold: trainer.classThreshold)
        guard var grid = ImagePlots.samples(raw, rows: rows, predicted: predicted, colorMode: panelColorMode) else { return }
        grid.rowGap = 0
        grid.maximumScale = 2
        // As many as fit at the grid's scale.
        let g = grid.geometry(width: area.width, height: area.height)
        let fitting = g.perRow * max(1, (area.height - 2) / max(g.tileHeight, 1))
        grid.tiles = Array(grid.tiles.prefix(max(1, fitting)))
        grid.render(in: area, buffer: &buffer)
    }

    /// Draws the first conv layer's filters into the right column's lower area; false when
    /// there is none, so the caller draws the health panel instead.
    func renderFilterPanel(into buffer: inout Buffer, _ area: Rect) -> Bool {
        guard let stack = imageStack, let layer = firstConvLayer, case .conv(let conv) = stack.layers[layer - 1] else { return false }
        let limit = conv.weights.scalars.filter(\.isFinite).map(abs).max() ?? 0
        let panel = Panel(title: "filters · layer \(layer) · |w| ≤ \(Numbers.format(limit, digits: 2))")
        let version: [Int] = [trainer.stepsDone, area.width, area.height]
        healthCache.render(into: &buffer, area: area, version: version, refresh: phase == .running ? Self.chartRefresh : 0,
                           now: clock.now) { scratch in
            panel.render(in: area, buffer: &scratch)
            let inner = panel.inner(of: area)
            guard !inner.isEmpty, var grid = ImagePlots.filters(stack, layer: layer, colorMode: panelColorMode) else { return }
            // The scale is in the title: the grid takes the whole panel.
            grid.legendTitle = nil
            grid.rowGap = 0
            grid.render(in: inner, buffer: &scratch)
        }
        return true
    }

    /// What the dashboard leaves in the scrollback for an image net: the first conv layer's
    /// filters as training left them (nothing for other nets).
    func imageClosingBlocks() -> [OutputBlock] {
        guard let stack = imageStack, let layer = firstConvLayer, case .conv(let conv) = stack.layers[layer - 1],
              let grid = ImagePlots.filters(stack, layer: layer,
                                            pixelScale: ImagePlots.pixelScale(width: conv.kernel, columns: conv.channels == 1 ? 12 : 6),
                                            colorMode: session.environment.colorMode) else { return [] }
        let width = session.environment.width
        return [.text("filters of layer \(layer) (\(stack.describe(layer - 1))) after training:"),
                .widget(grid, height: grid.height(forWidth: width))]
    }

    /// The keys that change with image panels: `m` shows the next training sample's maps
    /// (through `set sample=`, so `forward` and `trace` read the same sample); `f`, `d`, `t`
    /// and `n`, which change the model's fit panel, say that it is not shown. False for other
    /// keys and other nets.
    func handleImageKey(_ key: ViewKey) -> Bool {
        guard imageStack != nil, case .character(let c) = key else { return false }
        switch c {
        case "m":
            let next = data.trainCount > 0 ? (mapSample + 1) % data.trainCount : 0
            let reply = runCommand("set sample=\(next)")
            say(reply.hasPrefix("error") ? reply : "sample \(next): its feature maps (m for the next)")
            return true
        case "f", "d", "t", "n":
            say("image data: the panels show feature maps and filters; m picks the next sample")
            return true
        default:
            return false
        }
    }
}
