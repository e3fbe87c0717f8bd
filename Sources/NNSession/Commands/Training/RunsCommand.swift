import NNRender

/// `runs`: the trainings this session remembers, one row each — its number, what it changed
/// against the run before it, its epochs and its final losses and accuracies.
enum RunsCommand: SessionCommand {
    static let spec = CommandSpec("runs", summary: "list the last trainings and what each changed",
                                  usage: "runs", example: "runs")

    /// The widest a table line may be.
    static let lineWidth = 80

    static func run(_ command: Command, in session: Session, sink: Session.Sink) throws(CommandError) {
        try session.noExtraWords(command, allowed: 0)
        let records = session.runs.records
        guard !records.isEmpty else {
            throw CommandError("no runs yet: each `train` keeps a record, e.g. `data xor; net 2-4-1; train`",
                               column: command.column, length: command.name.count)
        }
        sink(.table(table(records, log: session.runs)))
        sink(.text("compare their loss curves with `plot loss runs=\(records.suffix(3).map { String($0.number) }.joined(separator: ","))`"))
    }

    /// The table of runs in at most 80 columns: the `changed` column takes the room the
    /// numbers leave and is cut at a word (with `…`) when longer.
    static func table(_ records: [RunRecord], log: RunLog) -> TextTable {
        let classification = records.contains { $0.finalTrainAccuracy != nil }
        let held = records.contains { $0.finalTestLoss != nil }
        func loss(_ x: Double?) -> String { x.map { TrainCommand.lossText($0) } ?? "—" }
        func acc(_ x: Double?) -> String { x.map { Numbers.percent($0) } ?? "—" }
        var headers = ["run", "changed", "epochs", "loss"]
        if classification { headers.append("acc") }
        if held { headers.append("test") }
        if held && classification { headers.append("acc") }
        var rows = records.map { record -> [String] in
            var row = [String(record.number) + (record.live ? "*" : " "),
                       RunComparison.changes(from: log.previous(of: record), to: record),
                       String(record.epochs), loss(record.finalTrainLoss)]
            if classification { row.append(acc(record.finalTrainAccuracy)) }
            if held { row.append(loss(record.finalTestLoss)) }
            if held && classification { row.append(acc(record.finalTestAccuracy)) }
            return row
        }
        // The room left for `changed`: every other column at its widest, two spaces apart.
        var others = 0
        for column in headers.indices where column != 1 {
            others += rows.map { DisplayWidth.of($0[column]) }.reduce(DisplayWidth.of(headers[column]), max)
        }
        let room = max(lineWidth - others - 2 * (headers.count - 1), 12)
        for i in rows.indices { rows[i][1] = cut(rows[i][1], to: room) }
        var alignments = Array(repeating: TextTable.Alignment.right, count: headers.count)
        alignments[1] = .left
        let live = records.contains(where: \.live) ? " (* trained in the dashboard)" : ""
        return TextTable(title: "runs: what each changed from the run before\(live)", headers: headers, rows: rows,
                         alignments: alignments)
    }

    /// Text in at most `width` columns, cut after a whole word and ended with `…` when longer.
    static func cut(_ text: String, to width: Int) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        var kept = ""
        for word in text.split(separator: " ") {
            let next = kept.isEmpty ? String(word) : kept + " " + word
            if DisplayWidth.of(next) + 2 > width { break }
            kept = next
        }
        if kept.isEmpty { kept = String(text.prefix(max(width - 1, 1))) ; return kept + "…" }
        return kept + " …"
    }
}
