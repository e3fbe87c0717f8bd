import Foundation
import NNData
import NNEngine
import NNRender

/// The dashboard's screen: title, numbers line, decision boundary (or fit), loss curves,
/// gradient health and the key bar.
extension TrainingDashboard {
    public func render(into buffer: inout Buffer) {
        guard ViewMinimumSize.fits(&buffer) else { return }
        let area = buffer.area
        let rows = Layout.split(area, direction: .vertical, constraints: [.length(1), .length(1), .fill, .length(1)])
        renderTitle(into: &buffer, rows[0])
        renderStats(into: &buffer, rows[1])
        let columns = Layout.split(rows[2], direction: .horizontal, constraints: [.percent(52), .fill])
        if !renderImagePanel(into: &buffer, columns[0]), !renderSequencePanel(into: &buffer, columns[0]) {
            renderBoundary(into: &buffer, columns[0])
        }
        if showsControls {
            renderControls(into: &buffer, columns[1])
        } else {
            let right = Layout.split(columns[1], direction: .vertical, constraints: [.percent(55), .fill])
            renderLoss(into: &buffer, right[0])
            if !renderFilterPanel(into: &buffer, right[1]), !renderGradTimePanel(into: &buffer, right[1]) {
                renderHealth(into: &buffer, right[1])
            }
        }
        renderFooter(into: &buffer, rows[3])
        if showsHelp { renderHelp(into: &buffer, rows[2]) }
    }

    var phaseText: String {
        switch phase {
        case .running: return "RUNNING"
        case .paused: return "PAUSED"
        case .finished: return "DONE"
        case .failed: return "DIVERGED"
        }
    }

    func renderTitle(into buffer: inout Buffer, _ row: Rect) {
        let style = Style(reverse: true)
        buffer.fill(row, style: style)
        let net = trainer.network
        let name = raw?.name ?? "data"
        let smoothing = trainer.objective.labelSmoothing > 0 ? " ε=\(Numbers.format(trainer.objective.labelSmoothing))" : ""
        let state = " \(pace) · \(phaseText) "
        // The state keeps the right end; the title gives up whole parts to fit before it (the
        // optimizer, the loss, then the word "training"), so no part is cut mid-word.
        var parts = [" nnlab", "training", name, net.stack?.outline ?? net.spec.description,
                     "\(trainer.objective.loss.rawValue)\(smoothing)", trainer.optimizer.settings.kind.rawValue]
        let room = row.width - DisplayWidth.of(state) - 1
        func fits() -> Bool { DisplayWidth.of(parts.joined(separator: " · ")) <= room }
        while parts.count > 4, !fits() { parts.removeLast() }
        if !fits() { parts.remove(at: 1) }
        let title = DisplayWidth.cutAtWord(parts.joined(separator: " · "), toWidth: max(room, 0))
        buffer.set(x: row.x, y: row.y, string: title, style: style, clip: row)
        var stateStyle = Style(bold: true, reverse: true)
        if case .failed = phase { stateStyle.fg = .red }
        buffer.set(x: row.x + row.width - DisplayWidth.of(state), y: row.y, string: state, style: stateStyle, clip: row)
    }

    func renderStats(into buffer: inout Buffer, _ row: Rect) {
        var trainLoss: String?, testLoss: String?
        var parts = ["epoch \(run.epochsDone(by: trainer))/\(totalEpochs)", "step \(trainer.stepsDone)",
                     "lr \(Numbers.format(trainer.currentLearningRate, digits: 3))"]
        if let last = trainer.history.last {
            trainLoss = "loss \(Numbers.format(last.trainLoss, digits: 4))"
            parts.append(trainLoss!)
            if let acc = last.trainAccuracy { parts.append("acc \(Numbers.percent(acc))") }
            if let t = last.testLoss { testLoss = "test \(Numbers.format(t, digits: 4))"; parts.append(testLoss!) }
            if let acc = last.testAccuracy { parts.append("test acc \(Numbers.percent(acc))") }
        }
        let speed = samplesPerSecond > 0 ? Numbers.compact(samplesPerSecond) : nil
        if let speed { parts.append("\(speed) samples/s") }
        // Narrow terminals: the speed's unit shortens, then the speed goes, then the losses
        // (the loss chart's legend shows them too); epoch, step, lr and accuracy always stay,
        // and the line never ends in a cut-off word.
        let room = row.width - 1
        func fits() -> Bool { parts.joined(separator: "  ").count <= room }
        if !fits(), let speed { parts[parts.count - 1] = "\(speed)/s" }
        if !fits(), speed != nil { parts.removeLast() }
        if !fits(), let testLoss { parts.removeAll { $0 == testLoss } }
        if !fits(), let trainLoss { parts.removeAll { $0 == trainLoss } }
        buffer.set(x: row.x + 1, y: row.y, string: parts.joined(separator: "  "), style: Style(bold: true), clip: row)
    }

    /// The model's fit for this task (`ModelFitPlot`): curve, boundary or surface, or confusion matrix.
    func boundaryWidget(colorMode: ColorMode) -> (any Widget)? {
        guard let raw else { return nil }
        if let projection, projection.1 < raw.featureCount {
            return ModelFitPlot.projection(network: trainer.network, raw: raw, trainingData: data, features: projection,
                                           loss: trainer.objective.loss, glyphs: colorMode == .none ? .ascii : .unicode,
                                           threshold: trainer.classThreshold)
        }
        return ModelFitPlot.widget(network: trainer.network, featureMap: session.featureMap, raw: raw, trainingData: data,
                                   loss: trainer.objective.loss, showsTestPoints: showsTestPoints, discretize: discretize,
                                   colorMode: colorMode, glyphs: colorMode == .none ? .ascii : .unicode,
                                   threshold: trainer.classThreshold)
    }

    func renderBoundary(into buffer: inout Buffer, _ area: Rect) {
        let network = showsNetwork || (raw.map { $0.featureCount > 2 && $0.task == .regression } ?? true)
        let title: String
        if network {
            title = "network"
        } else if let raw, let projection, projection.1 < raw.featureCount {
            title = "projection · marks: the net's class"
        } else {
            title = ModelFitPlot.panelTitle(for: raw, testCount: data.testCount)
        }
        let panel = Panel(title: title)
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area)
        guard inner.width > 0, inner.height > 0 else { return }
        let version: [Int] = [trainer.stepsDone, showsTestPoints ? 1 : 0, discretize ? 1 : 0, showsNetwork ? 1 : 0,
                              projection?.0 ?? -1, projection?.1 ?? -1]
        boundaryCache.render(into: &buffer, area: inner, version: version, refresh: refreshInterval, now: clock.now) { scratch in
            if !network, let widget = boundaryWidget(colorMode: session.environment.colorMode == .none ? .none : .indexed256) {
                widget.render(in: inner, buffer: &scratch)
            } else {
                let diagram = NetworkDiagram(layerSizes: trainer.network.widths,
                                             weights: trainer.network.layers.map { $0.weights.rowArrays })
                diagram.render(in: inner, buffer: &scratch)
            }
        }
    }

    /// How long the expensive panels wait between redraws: a few times a second while
    /// training runs, at once when paused or done (so `s` and keys show their effect).
    var refreshInterval: Double { phase == .running ? Self.boundaryRefresh : 0 }

    /// The loss chart: the run's train, test and val curves, and earlier runs' when overlaid.
    public func lossChart(glyphs: GlyphSet) -> LineChart? {
        let history = trainer.history
        guard !history.isEmpty else { return nil }
        var series = [LineChart.Series(name: "train", values: history.map(\.trainLoss))]
        let test = history.compactMap(\.testLoss)
        if test.count == history.count { series.append(LineChart.Series(name: "test", values: test, pattern: .dashed)) }
        let validation = history.compactMap(\.validationLoss)
        if validation.count == history.count { series.append(LineChart.Series(name: "val", values: validation, pattern: .dotted)) }
        if showsEarlierRuns {
            // Earlier runs: dotted, dim, their number at each line's end (so no color is needed).
            let split = earlierRunsSplit
            for record in earlierRuns {
                guard let values = record.curve(split), !values.isEmpty else { continue }
                var line = LineChart.Series(name: "#\(record.number)", values: values, color: .brightBlack,
                                            marker: String(record.number % 10), pattern: .dotted)
                line.endLabel = "#\(record.number)"
                series.append(line)
            }
        }
        return LineChart(series: series, xAxis: Axis(title: "epoch", integerTicks: true), yAxis: Axis(title: "loss"), glyphs: glyphs)
    }

    func renderLoss(into buffer: inout Buffer, _ area: Rect) {
        let version: [AnyHashable] = [trainer.history.count, trainer.stepsDone, phaseText, showsEarlierRuns]
        lossCache.render(into: &buffer, area: area, version: version, refresh: phase == .running ? Self.chartRefresh : 0,
                         now: clock.now) { scratch in drawLoss(into: &scratch, area) }
    }

    func drawLoss(into buffer: inout Buffer, _ area: Rect) {
        let panel = Panel(title: "loss")
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area)
        if case .failed(let reason) = phase {
            let wrapped = TextWrapper(width: max(inner.width - 2, 10)).wrap(reason)
            for (i, line) in wrapped.prefix(inner.height).enumerated() {
                buffer.set(x: inner.x + 1, y: inner.y + i, string: line, style: Style(fg: .red, bold: true), clip: inner)
            }
            return
        }
        if let chart = lossChart(glyphs: .unicode) {
            chart.render(in: inner, buffer: &buffer)
        } else {
            buffer.set(x: inner.x + 1, y: inner.y, string: "the curves appear after the first epoch", style: Style(dim: true), clip: inner)
        }
    }

    func renderHealth(into buffer: inout Buffer, _ area: Rect) {
        let version: [AnyHashable] = [trainer.history.count, trainer.stepsDone]
        healthCache.render(into: &buffer, area: area, version: version, refresh: phase == .running ? Self.chartRefresh : 0,
                           now: clock.now) { scratch in drawHealth(into: &scratch, area) }
    }

    func drawHealth(into buffer: inout Buffer, _ area: Rect) {
        let panel = Panel(title: "gradients and health")
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area)
        guard inner.height > 0 else { return }
        let norms = trainer.history.last?.gradientNorms ?? []
        let healthRows = min(health?.layers.count ?? 0, max(inner.height / 2, 1))
        let split = Layout.split(inner, direction: .vertical, constraints: [.fill, .length(healthRows + 1)])
        if !norms.isEmpty {
            // Numbered by layer, as the health rows below are, when each bar is one of their layers
            // (a recurrent layer's two matrices are counted in order instead).
            let numbers = health.map { $0.layers.count == norms.count ? $0.layers.map(\.number) : nil } ?? nil
            let bars = norms.enumerated().map { BarChart.Bar(label: "‖∂L/∂W\(numbers?[$0.offset] ?? $0.offset + 1)‖", value: $0.element) }
            BarChart(bars: bars, logScale: true, showsScale: false).render(in: split[0], buffer: &buffer)
        }
        // A net without dense or conv layers has no health readings: the bars stand alone.
        guard let health, !health.layers.isEmpty else { return }
        // Columns: layer, activation, dead share, saturated share, update ratio. Narrow panels
        // take short labels and single gaps, then drop the activation (the title names it),
        // so a number is never cut short.
        func share(_ x: Double?) -> String { x.map { Numbers.percent($0) } ?? "—" }
        let wide = [("layer", 5), ("act", 10), ("dead", 6), ("saturated", 9), ("‖ΔW‖/‖W‖", 8)]
        let short = [("#", 2), ("act", 10), ("dead", 6), ("sat.", 6), ("‖ΔW‖/‖W‖", 8)]
        func width(_ columns: [(String, Int)], gap: Int) -> Int { columns.reduce(0) { $0 + $1.1 } + gap * (columns.count - 1) }
        var columns = wide, gap = 2
        if width(columns, gap: gap) > split[1].width { columns = short; gap = 1 }
        let labels = columns.map(\.0)
        let showsActivation = width(columns, gap: gap) <= split[1].width
        if !showsActivation { columns.remove(at: 1) }
        func line(_ cells: [String]) -> String {
            var cells = cells
            if !showsActivation { cells.remove(at: 1) }
            return zip(cells, columns).map { $0.padding(toLength: $1.1, withPad: " ", startingAt: 0) }
                .joined(separator: String(repeating: " ", count: gap))
        }
        buffer.set(x: split[1].x, y: split[1].y, string: line(labels).trimmingCharacters(in: .whitespaces),
                   style: Style(dim: true), clip: split[1])
        for (i, layer) in health.layers.prefix(healthRows).enumerated() {
            let text = line([String(layer.number), layer.activation.rawValue, share(layer.deadShare), share(layer.saturatedShare),
                             layer.updateRatio.map { String(format: "%.1e", $0) } ?? "—"])
            let warn = (layer.deadShare ?? 0) > 0.5 || (layer.saturatedShare ?? 0) > 0.5
            buffer.set(x: split[1].x, y: split[1].y + 1 + i, string: text, style: warn ? Style(fg: .yellow, bold: true) : Style(),
                       clip: split[1])
        }
    }

    /// The keys that do something in this view, at full width.
    public var keyBar: String { keyBar(width: .max) }

    /// The keys that do something in this view, in at most `width` columns: the least used go
    /// first when it is narrow (`?` lists them all), and `? help  q back` always stay.
    public func keyBar(width: Int) -> String {
        if showsControls {
            return (["↑/↓ choose", "←/→ change", "c hide", isDone ? "space again" : "space pause", "? help", "q back"]
                .reduce(into: [String]()) { if DisplayWidth.of(($0 + [$1]).joined(separator: "  ")) <= width { $0.append($1) } })
                .joined(separator: "  ")
        }
        var keys = [isDone ? "space again" : "space pause", "s step", "</> speed", "+/- lr", "r reset", "c controls"]
        if hasPoints { keys.append("t test") }
        if raw?.featureCount == 2 { keys.append("d discretize") }
        if let raw, raw.featureCount > 2, raw.task == .classification, imageStack == nil, sequenceStack == nil {
            keys.append("f features")
        }
        if imageStack != nil { keys.append("m sample") }
        if !earlierRuns.isEmpty { keys.append("o runs") }
        keys += ["n net", ": command"]
        let last = ["? help", "q back"]
        func text() -> String { (keys + last).joined(separator: "  ") }
        for dropped in [": command", "n net", "d discretize", "f features", "o runs", "r reset"] where DisplayWidth.of(text()) > width {
            keys.removeAll { $0 == dropped }
        }
        return text()
    }

    func renderFooter(into buffer: inout Buffer, _ row: Rect) {
        if let message {
            buffer.set(x: row.x + 1, y: row.y, string: message, style: Style(bold: true), clip: row)
        } else {
            buffer.set(x: row.x + 1, y: row.y, string: keyBar(width: row.width - 1), style: Style(dim: true), clip: row)
        }
    }

    func renderHelp(into buffer: inout Buffer, _ area: Rect) {
        var lines = [
            "space   pause or resume; after the end, play again",
            "s       one step (one minibatch) while paused",
            "< / >   halve or double the speed (steps per second)",
            "+ / -   double or halve the learning rate",
            "c       playground controls (data, net, lr, batch, reg): ↑/↓ ←/→",
            "r       back to the weights the net was built with",
            "t       show or hide the test points",
            "d       shade by confidence, or flat class colors",
            "n       the network diagram instead of the model's fit",
            "f       many features: project the data on the next two",
            "m       image data: the next sample's feature maps",
            "o       overlay up to three earlier runs' loss (dotted, #N at the end)",
            ":       type a command, e.g. opt adam lr=0.01",
            "?       this help (any key closes it)",
            "q       stop and return to the prompt",
            "",
            "health, on up to 256 training samples (yellow rows: over half):",
            "dead      units that output 0 for every sample (relu family)",
            "sat.      outputs in a flat tail: sigmoid <0.01 or >0.99, tanh past ±0.99",
            "‖ΔW‖/‖W‖  the last update next to the weights: about 1e-3 is healthy;",
            "          far above, lr is too big; far below, too small",
        ]
        // Only the keys that do something here (as the key bar).
        let many = raw.map { $0.featureCount > 2 && $0.task == .classification } ?? false && sequenceStack == nil
        lines.removeAll { ($0.hasPrefix("t ") && !hasPoints) || ($0.hasPrefix("d ") && raw?.featureCount != 2) || ($0.hasPrefix("f ") && !many)
            || ($0.hasPrefix("o ") && earlierRuns.isEmpty) || ($0.hasPrefix("m ") && imageStack == nil)
            || (imageStack != nil && ["t ", "d ", "n ", "f "].contains(String($0.prefix(2)))) }
        KeyHelpBox(lines: lines).render(in: area, buffer: &buffer)
    }
}
