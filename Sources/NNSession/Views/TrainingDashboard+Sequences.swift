import Foundation
import NNData
import NNEngine
import NNRender

/// The dashboard's panels for a net with a recurrent layer: the net's predictions against the
/// true values (regression, such as `data seq sine`) and ‖∂L/∂hₜ‖ against t on a log scale,
/// both redrawn as training changes the weights.
///
/// Regression: predictions on the left (in place of the model's fit), ‖∂L/∂hₜ‖ below the loss
/// (in place of the health panel). Classification (`parity`): ‖∂L/∂hₜ‖ on the left, the loss
/// and the health panel on the right as for any net.
extension TrainingDashboard {
    /// The training rows ‖∂L/∂hₜ‖ is measured on: the first 64 (a small fixed batch, so a
    /// measure costs one forward and backward pass on it, a few times a second).
    public static let gradTimeRows = 64
    /// The test sequences (training ones without a test split) whose predictions are drawn.
    public static let predictedRows = 40

    /// The net's layer-by-layer form when it has a recurrent layer and reads the data's rows
    /// (nil otherwise: the dashboard shows the model's fit and health as for any net).
    var sequenceStack: LayerStack? {
        guard let stack = trainer.network.stack, stack.firstRecurrentLayer != nil,
              stack.inputs == data.featureCount else { return nil }
        return stack
    }

    /// Whether the sequence net does regression (predictions panel on the left).
    var sequenceRegression: Bool { sequenceStack != nil && data.classCount == nil }

    /// ‖∂L/∂hₜ‖, t = 1 … T, of the first recurrent layer on the first `gradTimeRows` training
    /// rows, at inference (no dropout); nil without a recurrent layer or when the targets do
    /// not fit the net.
    public var stepGradientNorms: [Double]? {
        guard let stack = sequenceStack, data.trainCount > 0 else { return nil }
        let rows = Array(0..<min(data.trainCount, Self.gradTimeRows))
        return try? stack.hiddenGradientNorms(inputs: data.trainInputs.gatherRows(rows),
                                              targets: data.trainTargets.gatherRows(rows), objective: trainer.objective)
    }

    /// "1.23e-02": how the gradient panel writes a norm.
    public static func normText(_ x: Double) -> String { x.isFinite ? String(format: "%.2e", x) : "\(x)" }

    /// The title of the ‖∂L/∂hₜ‖ panel.
    var gradTimeTitle: String { "‖∂L/∂hₜ‖ · \(min(data.trainCount, Self.gradTimeRows)) rows · log" }

    /// The title of the predictions panel.
    var predictionTitle: String { data.testCount > 0 ? "test: true · net, by true value" : "train: true · net, by true value" }

    /// Draws the left panel of a sequence net (predictions for regression, ‖∂L/∂hₜ‖ for
    /// classification); false for other nets, so the caller draws the model's fit instead.
    func renderSequencePanel(into buffer: inout Buffer, _ area: Rect) -> Bool {
        guard sequenceStack != nil, !showsNetwork else { return false }
        let regression = sequenceRegression
        let version: [Int] = [trainer.stepsDone, area.width, area.height, regression ? 1 : 0]
        boundaryCache.render(into: &buffer, area: area, version: version, refresh: refreshInterval, now: clock.now) { scratch in
            if regression {
                drawPredictions(into: &scratch, area)
            } else {
                drawGradTime(into: &scratch, area)
            }
        }
        return true
    }

    /// Draws ‖∂L/∂hₜ‖ in the right column's lower area for a regression sequence net; false
    /// otherwise, so the caller draws the health panel.
    func renderGradTimePanel(into buffer: inout Buffer, _ area: Rect) -> Bool {
        guard sequenceRegression else { return false }
        let version: [Int] = [trainer.stepsDone, area.width, area.height]
        healthCache.render(into: &buffer, area: area, version: version, refresh: refreshInterval, now: clock.now) { scratch in
            drawGradTime(into: &scratch, area)
        }
        return true
    }

    /// The panel of ‖∂L/∂hₜ‖ against t: the first and last values in its top row, the curve
    /// on a log axis below (exact zeros drawn at the smallest positive value).
    func drawGradTime(into buffer: inout Buffer, _ area: Rect) {
        let panel = Panel(title: gradTimeTitle)
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area)
        guard inner.height > 0 else { return }
        guard let norms = stepGradientNorms, !norms.isEmpty else {
            buffer.set(x: inner.x + 1, y: inner.y, string: "the targets do not fit the net", style: Style(dim: true), clip: inner)
            return
        }
        let line = "t=1 \(Self.normText(norms[0]))  t=\(norms.count) \(Self.normText(norms[norms.count - 1]))"
        buffer.set(x: inner.x + 1, y: inner.y, string: line, style: Style(bold: true), clip: inner)
        let floor = norms.filter { $0 > 0 && $0.isFinite }.min() ?? 1
        let chart = LineChart(series: [LineChart.Series(name: "‖∂L/∂hₜ‖", values: norms.map { $0.isFinite ? max($0, floor) : $0 })],
                              xAxis: Axis(title: "t", integerTicks: true), yAxis: Axis(scale: .log10),
                              glyphs: session.environment.colorMode == .none ? .ascii : .unicode, showsLegend: false)
        chart.render(in: Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1), buffer: &buffer)
    }

    /// The true values and the net's predictions (first output) of the first `predictedRows`
    /// test rows (training rows without a test split), sorted by true value; nil when there
    /// are none.
    public func predictionSeries() -> (truth: [Double], predicted: [Double])? {
        let testing = data.testCount > 0
        let inputs = testing ? data.testInputs : data.trainInputs
        let targets = testing ? data.testTargets : data.trainTargets
        let n = min(inputs.rows, Self.predictedRows)
        guard n > 0, targets.count >= n else { return nil }
        let rows = Array(0..<n)
        let output = trainer.network.predict(inputs.gatherRows(rows))
        let outputs = output.count / n, targetWidth = targets.count / targets.rows
        guard outputs > 0 else { return nil }
        let pairs = rows.map { (targets.scalars[$0 * targetWidth], output.scalars[$0 * outputs]) }
            .sorted { $0.0 < $1.0 }
        return (pairs.map(\.0), pairs.map(\.1))
    }

    /// The panel of the net's predictions against the true values.
    func drawPredictions(into buffer: inout Buffer, _ area: Rect) {
        let panel = Panel(title: predictionTitle)
        panel.render(in: area, buffer: &buffer)
        let inner = panel.inner(of: area)
        guard inner.height > 0, let (truth, predicted) = predictionSeries() else { return }
        let glyphs: GlyphSet = session.environment.colorMode == .none ? .ascii : .unicode
        let series = [LineChart.Series(name: "true", values: truth, marker: "o", pattern: .dotted),
                      LineChart.Series(name: "net", values: predicted, marker: "*")]
        LineChart(series: series, xAxis: Axis(title: "sequence", integerTicks: true), yAxis: Axis(title: "next value"),
                  glyphs: glyphs, legendShowsLastValue: false).render(in: inner, buffer: &buffer)
    }
}

extension TrainingDashboard {
    /// `f` (which projects many features on two) says what the panels of a sequence net show
    /// instead; false for other keys and other nets.
    func handleSequenceKey(_ key: ViewKey) -> Bool {
        guard sequenceStack != nil, case .character("f") = key else { return false }
        say(sequenceRegression ? "sequence net: predictions against true values, and ‖∂L/∂hₜ‖ against t"
            : "sequence net: the left panel shows ‖∂L/∂hₜ‖ against t")
        return true
    }
}

extension TrainingDashboard {
    /// What the dashboard leaves in the scrollback for a recurrent net: ‖∂L/∂hₜ‖ at t = 1 and
    /// t = T as training left them (nothing for other nets).
    func sequenceClosingBlocks() -> [OutputBlock] {
        guard let norms = stepGradientNorms, let first = norms.first, let last = norms.last else { return [] }
        return [.text("‖∂L/∂hₜ‖ on the first \(min(data.trainCount, Self.gradTimeRows)) training rows after training: "
                      + "t=1 \(Self.normText(first))  t=\(norms.count) \(Self.normText(last)) (`plot gradtime` draws them all)")]
    }
}
