import NNRender

/// The loss curves of several runs on one chart (`plot loss runs=1,3,4`): each run's curve of
/// one split, named by its number and what differs between the runs (`1 lr 0.1`, `2 lr 0.01`),
/// told apart without color by line pattern (or ASCII marker) and by its number at its end.
public enum RunCurvesPlot {
    /// The most runs one chart overlays (beyond that the lines cannot be told apart).
    public static let maximumRuns = 6

    /// The line patterns of the runs in order, repeating.
    static let patterns: [LinePattern] = [.solid, .dashed, .dotted]

    /// The line a chart of these runs is introduced by: `test loss of runs 1, 2: lr 0.1 vs 0.01`.
    public static func caption(_ records: [RunRecord], split: RunSplit) -> String {
        let numbers = records.map { String($0.number) }.joined(separator: ", ")
        let what = split == .validation ? "val" : split.rawValue
        let runs = records.count == 1 ? "run" : "runs"
        guard records.count > 1 else { return "\(what) loss of \(runs) \(numbers)" }
        return "\(what) loss of \(runs) \(numbers): \(RunComparison(records).summary)"
    }

    /// The legend name of a run among others: its number, then its values of what differs.
    public static func name(of record: RunRecord, among records: [RunRecord]) -> String {
        let label = records.count > 1 ? RunComparison(records).label(for: record) : ""
        return label.isEmpty ? "run \(record.number)" : "\(record.number) \(label)"
    }

    /// The chart: one series per run (skipping runs without the split's curve), the run's
    /// number at each line's end.
    public static func chart(_ records: [RunRecord], split: RunSplit, glyphs: GlyphSet, logScale: Bool = false) -> LineChart {
        var series: [LineChart.Series] = []
        for (i, record) in records.enumerated() {
            guard let values = record.curve(split), !values.isEmpty else { continue }
            var line = LineChart.Series(name: name(of: record, among: records), values: values,
                                        pattern: patterns[i % patterns.count])
            line.endLabel = String(record.number)
            series.append(line)
        }
        return LineChart(series: series, xAxis: Axis(title: "epoch", integerTicks: true),
                         yAxis: Axis(title: "\(split == .validation ? "val" : split.rawValue) loss", scale: logScale ? .log10 : .linear),
                         glyphs: glyphs, legendShowsLastValue: false)
    }
}
