import NNData
import NNEngine
import NNRender

/// `plot images`, `plot filters`, `plot maps` and the image grid of `data show`: the checks
/// each needs (image data, a net built layer by layer, a conv or image-shaped layer), with
/// errors that say what to do instead.
extension Session {
    /// The most samples `plot images` draws at once.
    static let maximumImageSamples = 100

    /// The raw data when its rows are images, or an error naming the option that makes them so.
    func requireImageData(_ command: Command, for name: String) throws(CommandError) -> Dataset {
        _ = try requireData(command)
        guard let raw = rawData else { throw CommandError("there is no data yet", column: command.column) }
        guard ImagePlots.imageShape(raw) != nil else {
            let what: String
            if let shape = raw.sampleShape {
                what = "its rows are sequences (\(shape.map(String.init).joined(separator: "×"))), not images"
            } else {
                what = "its rows are \(raw.featureCount) feature\(raw.featureCount == 1 ? "" : "s") with no image shape"
            }
            throw CommandError("`\(name)` draws image data, but \(raw.name) is not: \(what); " +
                               "load images with their shape, e.g. `data load datasets/digits.csv shape=1x8x8`",
                               column: command.column, length: command.text.count)
        }
        return raw
    }

    /// The image grid `data show` adds for image data: the first training rows, as many as
    /// two rows of tiles hold at the output's width.
    func dataImages(_ dataset: Dataset) -> OutputBlock? {
        guard let raw = rawData, let shape = ImagePlots.imageShape(raw), raw.trainCount > 0 else { return nil }
        let scale = ImagePlots.pixelScale(width: shape.width)
        let count = min(raw.trainCount, imagesPerRow(width: shape.width * scale) * 2)
        guard let grid = ImagePlots.samples(raw, rows: Array(0..<count), pixelScale: scale, colorMode: environment.colorMode) else { return nil }
        return .widget(grid, height: grid.height(forWidth: environment.width))
    }

    /// Tiles of a width that fit one row of the output (two columns between tiles).
    func imagesPerRow(width: Int) -> Int { max(1, (environment.width + 2) / (max(width, 4) + 2)) }

    /// `plot images [n=N] [start=I]`: training rows I, I+1, … as images labeled with their class.
    func plotImages(_ command: Command, sink: Sink) throws(CommandError) {
        let raw = try requireImageData(command, for: "plot images")
        let shape = ImagePlots.imageShape(raw)!
        let scale = ImagePlots.pixelScale(width: shape.width)
        let start = try integerOption(command, "start", minimum: 0, maximum: max(raw.trainCount - 1, 0)) ?? 0
        let n = try integerOption(command, "n", minimum: 1, maximum: Self.maximumImageSamples)
            ?? imagesPerRow(width: shape.width * scale) * 2
        let rows = Array(start..<min(start + n, raw.trainCount))
        guard let grid = ImagePlots.samples(raw, rows: rows, pixelScale: scale, colorMode: environment.colorMode) else {
            throw CommandError("the training split is empty", column: command.column)
        }
        let last = rows.last ?? start
        sink(.text("training samples \(start)–\(last) of \(raw.trainCount) (\(raw.name), each \(shape.channels)×\(shape.height)×\(shape.width)), labeled class #row"))
        sink(.widget(grid, height: grid.height(forWidth: environment.width)))
    }

    /// The net built layer by layer, or an error saying how to build one with conv layers.
    func requireStack(_ command: Command, for what: String) throws(CommandError) -> LayerStack {
        let trainer = try requireNetwork(command)
        guard let stack = trainer.network.stack else {
            throw CommandError("\(what), but this net is built with `net SPEC` (dense layers only); build one layer by layer: " +
                               "`net input 1x8x8`, then `layer conv 8 pad=1 act=relu`",
                               column: command.column, length: command.text.count)
        }
        return stack
    }

    /// The `layer=` option checked against a stack (1-based, as `show net` numbers layers);
    /// nil when absent.
    func stackLayerOption(_ command: Command, _ stack: LayerStack) throws(CommandError) -> (Int, Command.Argument)? {
        guard let argument = command.optionArgument("layer") else { return nil }
        guard let value = argument.value.number, value == value.rounded(), value >= 1, value <= Double(stack.layers.count) else {
            throw CommandError("layer must be a layer number from 1 to \(stack.layers.count), as `show net` numbers them", at: argument)
        }
        return (Int(value), argument)
    }

    /// `plot filters [layer=L]`: the weights of a conv layer (the first by default) as heat maps.
    func plotFilters(_ command: Command, sink: Sink) throws(CommandError) {
        let stack = try requireStack(command, for: "plot filters draws a conv layer's filters")
        let convs = ImagePlots.convLayers(stack)
        guard let first = convs.first else {
            throw CommandError("plot filters draws a conv layer's filters, and this net (\(stack.outline)) has none; " +
                               "add one, e.g. `layer conv 8 pad=1 act=relu` right after `net input`",
                               column: command.column, length: command.text.count)
        }
        var layer = first
        if let (chosen, argument) = try stackLayerOption(command, stack) {
            guard convs.contains(chosen) else {
                throw CommandError("layer \(chosen) is \(stack.describe(chosen - 1)), which has no filters; conv layers: " +
                                   convs.map(String.init).joined(separator: ", "), at: argument)
            }
            layer = chosen
        }
        guard case .conv(let conv) = stack.layers[layer - 1],
              let grid = ImagePlots.filters(stack, layer: layer, pixelScale: ImagePlots.pixelScale(width: conv.kernel, columns: conv.channels == 1 ? 12 : 6),
                                            colorMode: environment.colorMode) else { return }
        let limit = conv.weights.scalars.filter(\.isFinite).map(abs).max() ?? 0
        let tiles = conv.channels == 1 ? "\(conv.filters) filters of \(conv.kernel)×\(conv.kernel)"
            : "\(conv.filters)×\(conv.channels) filters (filter.channel)"
        sink(.text("layer \(layer): \(stack.describe(layer - 1)) · \(tiles) · max |w| \(Numbers.format(limit, digits: 3))"))
        sink(.widget(grid, height: grid.height(forWidth: environment.width)))
    }

    /// `plot maps [sample=I] [layer=L]`: one sample's feature maps at a conv or pooling layer
    /// (the first conv layer by default), from the engine's forward pass.
    func plotMaps(_ command: Command, sink: Sink) throws(CommandError) {
        let stack = try requireStack(command, for: "plot maps draws the feature maps of a conv or pooling layer")
        let imageLayers = ImagePlots.imageLayers(stack)
        guard let first = ImagePlots.convLayers(stack).first ?? imageLayers.first else {
            throw CommandError("plot maps draws the feature maps of a conv or pooling layer, and this net (\(stack.outline)) has none; " +
                               "add one, e.g. `layer conv 8 pad=1 act=relu` right after `net input`",
                               column: command.column, length: command.text.count)
        }
        var layer = first
        if let (chosen, argument) = try stackLayerOption(command, stack) {
            guard imageLayers.contains(chosen) else {
                throw CommandError("layer \(chosen) (\(stack.describe(chosen - 1))) hands on a vector of \(stack.shapes[chosen - 1].count), not feature maps; " +
                                   "choose one of layers \(imageLayers.map(String.init).joined(separator: ", "))", at: argument)
            }
            layer = chosen
        }
        let (trainer, dataset) = try requireReady(command)
        let (x, _, label) = try inspectedSample(command, dataset: dataset)
        guard x.columns == trainer.network.inputs else {
            throw CommandError("the input set by hand has \(x.columns) values but the net takes \(trainer.network.inputs); set x=[…] again",
                               column: command.column)
        }
        guard case .image(let c, let h, let w) = stack.shapes[layer - 1],
              let grid = ImagePlots.maps(stack, layer: layer, input: x, pixelScale: ImagePlots.pixelScale(width: w),
                                         colorMode: environment.colorMode) else { return }
        var heading = "\(label)"
        if inspection.input == nil, dataset.task == .classification, dataset.trainCount > 0 {
            let row = min(inspection.sample, dataset.trainCount - 1)
            heading += " (class \(className(Int(dataset.trainTargets.scalars[row]), dataset)))"
        }
        sink(.text("\(heading) · layer \(layer): \(stack.describe(layer - 1)) · \(c) map\(c == 1 ? "" : "s") of \(h)×\(w)"))
        sink(.widget(grid, height: grid.height(forWidth: environment.width)))
    }
}
