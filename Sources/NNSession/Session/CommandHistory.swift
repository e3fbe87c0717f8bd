import Foundation

/// The commands that built a session's state, in order, for `history save`.
///
/// `Session.run` records every command that changed the state. A new network (`net`) or a
/// model file (`load`) makes the commands that only shaped the previous network (training,
/// `reset`, `update`, weights set by hand) pointless, so they are dropped; a `batch=` they set
/// stays as `set batch=`. Training in a live view is recorded batch by batch as the `train`
/// lines that repeat it: `train epochs=E` for whole epochs, `train batches=K` for a stretch
/// that starts or ends inside an epoch (a change on the fly, a pause and a step, the view
/// closed part way), each stretch ending where a command changed something. What a script
/// cannot replay — a training run stopped with Ctrl-C, an early stop after changes on the
/// fly, a live run that diverged, changes made inside a lesson view or the pass explorer — is
/// remembered as the reason `history save` refuses, until a new network replaces its effect
/// (when it touched only the network).
public struct CommandHistory: Equatable, Sendable {
    /// One recorded command.
    public struct Entry: Equatable, Sendable {
        /// The command as written.
        public var text: String
        /// Whether it only shaped the current network (dropped when a new one is built).
        public var networkOnly: Bool
    }

    /// The recorded commands, oldest first: those closed, then the live stretch still open.
    public var entries: [Entry] {
        closed + (stretch.map { [Entry(text: $0.line, networkOnly: true)] } ?? [])
    }
    /// Why the state cannot be replayed, if it cannot.
    public private(set) var problem: String?
    /// Whether `problem` concerns only the current network.
    private var problemIsNetworkOnly = false
    /// The commands recorded before the open stretch.
    private var closed: [Entry] = []
    /// The live training that batches still join (its line is written when it closes, so a
    /// batch costs no text).
    private var stretch: LiveStretch?

    /// An empty history.
    public init() {}

    /// The commands as script lines.
    public var lines: [String] { entries.map(\.text) }

    /// Commands that never change what a replay builds (or write files only).
    static let ignored: Set<String> = ["export", "history", "save", "grads", "help", "quit", "show", "eval",
                                       "plot", "lessons", "progress", "gradcheck", "forward", "backward", "entropy"]
    /// Commands whose changes a script cannot replay (views and lessons).
    static let unreplayable: Set<String> = ["lesson", "next", "quiz", "trace"]
    /// Commands that only shape the current network.
    static let networkOnly: Set<String> = ["train", "step", "reset", "update"]

    /// Records a command that changed the state; `cancelled` when it was stopped part way.
    ///
    /// A `train … live` that opened the dashboard trains nothing itself (the view's batches are
    /// recorded as they are trained): only a `batch=` it set is kept, as `set batch=`.
    mutating func record(_ command: Command, cancelled: Bool, openedView: Bool = false) {
        let name = command.name
        if Self.ignored.contains(name) { return }
        closeStretch()
        if name == "train" && openedView {
            if let batch = Self.batchOption(command.text) { closed.append(Entry(text: "set batch=\(batch)", networkOnly: false)) }
            return
        }
        if Self.unreplayable.contains(name) {
            markUnreplayable("the state was changed inside `\(name)`, which a script cannot replay; "
                             + "build it again with commands", networkOnly: false)
            return
        }
        if name == "net" || name == "load" {
            // A dropped line's batch size stays in force, said once.
            var kept: [Entry] = []
            var batchInForce: String?
            for entry in closed {
                let batch = Self.batchOption(entry.text)
                if !entry.networkOnly {
                    kept.append(entry)
                } else if let batch, batch != batchInForce {
                    kept.append(Entry(text: "set batch=\(batch)", networkOnly: false))
                }
                batchInForce = batch ?? batchInForce
            }
            closed = kept
            if problemIsNetworkOnly { problem = nil; problemIsNetworkOnly = false }
        }
        let onlyNetwork = Self.networkOnly.contains(name) || (name == "set" && Self.setsWeightsOnly(command))
        closed.append(Entry(text: command.text.trimmingCharacters(in: .whitespaces), networkOnly: onlyNetwork))
        if cancelled {
            markUnreplayable("`\(name)` was stopped part way (Ctrl-C or a time limit), which a script cannot "
                             + "replay; build the net again with `net` and train it again",
                             networkOnly: onlyNetwork)
        }
    }

    /// Records one batch a live view trained: it joins the stretch being recorded when the
    /// batch size is the same, or starts a new one.
    /// - Parameters:
    ///   - batchSize: the rows in a batch, nil for the whole training split.
    ///   - continuedEpoch: whether an epoch was in flight before the batch.
    ///   - leftEpochInFlight: whether an epoch is in flight after it.
    mutating func recordLiveBatch(batchSize: Int?, continuedEpoch: Bool, leftEpochInFlight: Bool) {
        if let open = stretch, open.batchSize != batchSize { closeStretch() }
        if stretch == nil { stretch = LiveStretch(batchSize: batchSize, beganInsideEpoch: continuedEpoch) }
        stretch!.batches += 1
        if !leftEpochInFlight { stretch!.epochs += 1 }
        stretch!.endsInsideEpoch = leftEpochInFlight
    }

    /// Records that a live run stopped early and put back its best weights: replayable as the
    /// run's own `train epochs=N patience=P` when the stretch being recorded is that whole run
    /// (`epochs` finished in it), and not otherwise.
    mutating func recordEarlyStop(plannedEpochs: Int, patience: Int, runEpochs: Int) {
        if let open = stretch, !open.beganInsideEpoch, open.epochs == runEpochs {
            closed.append(Entry(text: "train epochs=\(plannedEpochs) patience=\(patience)" + (open.batchSize.map { " batch=\($0)" } ?? ""),
                                networkOnly: true))
            stretch = nil
        } else {
            closeStretch()
            markUnreplayable("a live run stopped early after a change on the fly, which a script cannot replay; "
                             + "build the net again with `net` and train with `train epochs=N patience=P`", networkOnly: true)
        }
    }

    /// Writes the open stretch's line and closes it.
    private mutating func closeStretch() {
        guard let open = stretch else { return }
        closed.append(Entry(text: open.line, networkOnly: true))
        stretch = nil
    }

    /// Notes that the state changed in a way no command records (a live run diverged).
    mutating func markUnreplayable(_ reason: String, networkOnly: Bool) {
        guard problem == nil || (problemIsNetworkOnly && !networkOnly) else { return }
        problem = reason
        problemIsNetworkOnly = networkOnly
    }

    /// Whether every assignment of a `set` command is a weight, bias, γ or β element.
    private static func setsWeightsOnly(_ command: Command) -> Bool {
        let keys = command.arguments.compactMap { $0.key?.lowercased() }
        guard !keys.isEmpty else { return false }
        return keys.allSatisfy { key in
            guard let letters = ["gamma", "beta", "w", "b"].first(where: { key.hasPrefix($0) }) else { return false }
            return key.dropFirst(letters.count).first?.isNumber == true
        }
    }

    /// The value of a `batch=` word in a command's text, if any.
    private static func batchOption(_ text: String) -> String? {
        for word in text.split(separator: " ") where word.lowercased().hasPrefix("batch=") {
            return String(word.dropFirst("batch=".count))
        }
        return nil
    }
}

/// Batches of one size trained in a live view one after the other, and the `train` line that
/// trains them again: `train epochs=E` when they are whole epochs, else `train batches=K`.
struct LiveStretch: Equatable, Sendable {
    /// The rows in a batch, nil for the whole training split.
    var batchSize: Int?
    /// Whether the first batch continued an epoch already in flight.
    var beganInsideEpoch: Bool
    /// Batches trained, and epochs they finished.
    var batches = 0
    var epochs = 0
    /// Whether the last batch left an epoch in flight.
    var endsInsideEpoch = false

    /// The `train` line that repeats the stretch.
    var line: String {
        let batch = batchSize.map { " batch=\($0)" } ?? ""
        if !beganInsideEpoch && !endsInsideEpoch { return "train epochs=\(epochs)" + batch }
        return "train batches=\(batches)" + batch
    }
}
