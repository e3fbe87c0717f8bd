/// Words what differs between runs: the settings whose values are not all the same, as
/// `lr 0.1 vs 0.01` or `opt adam vs sgd`, and each run's own values of them for a legend.
public struct RunComparison: Sendable {
    /// The runs compared, in the order given.
    public var runs: [RunRecord]

    public init(_ runs: [RunRecord]) { self.runs = runs }

    /// What a run has for a setting it does not record (`act` of a net without hidden layers).
    static let missing = "—"

    /// The names of the settings whose values differ between the runs, in settings order.
    public var differingNames: [String] {
        var names: [String] = []
        for run in runs {
            for setting in run.settings where !names.contains(setting.name) { names.append(setting.name) }
        }
        // A setting only some runs have (an optimizer's hyper-parameter, when the optimizers
        // differ) is left out: the difference that explains it (`opt`) is named already.
        return names.filter { name in
            let values = runs.map { $0.value(of: name) }
            return !values.contains(nil) && Set(values).count > 1
        }
    }

    /// What differs, each setting with its values in the runs' order:
    /// `opt sgd vs momentum vs adam, lr 0.1 vs 0.05 vs 0.02`; "the same settings" when none does.
    public var summary: String {
        let names = differingNames
        guard !names.isEmpty else { return "the same settings" }
        return names.map { name in
            "\(name) " + runs.map { $0.value(of: name) ?? Self.missing }.joined(separator: " vs ")
        }.joined(separator: ", ")
    }

    /// One run's values of the differing settings, for a legend: `opt momentum lr 0.05`; empty
    /// when the runs differ in nothing recorded.
    public func label(for run: RunRecord) -> String {
        differingNames.map { "\($0) \(run.value(of: $0) ?? Self.missing)" }.joined(separator: " ")
    }

    /// What a run changed against an earlier one, its own values only (`opt momentum lr 0.05`),
    /// as the `runs` table shows it; "trained further" for a net trained on from where it was.
    public static func changes(from earlier: RunRecord?, to run: RunRecord) -> String {
        var parts: [String] = []
        if run.startEpoch > 0 { parts.append("trained further") }
        if let earlier {
            let label = RunComparison([earlier, run]).label(for: run)
            if !label.isEmpty { parts.append(label) }
            if parts.isEmpty { parts.append("same settings") }
        } else if parts.isEmpty {
            // The first run kept: what it trained, in short.
            parts.append(["data", "net", "opt"].compactMap { run.value(of: $0) }.joined(separator: " ")
                + (run.value(of: "lr").map { " lr \($0)" } ?? ""))
        }
        return parts.joined(separator: ", ")
    }
}
