import Foundation

/// The commands that built a session's state, in order, for `history save`.
///
/// `Session.run` records every command that changed the state. A new network (`net`) or a
/// model file (`load`) makes the commands that only shaped the previous network (training,
/// `reset`, `update`, weights set by hand) pointless, so they are dropped; a `batch=` they set
/// stays as `set batch=`. What a script cannot replay — training in a live view, a training
/// run stopped with Ctrl-C, changes made inside a lesson view or the pass explorer — is
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

    /// The recorded commands, oldest first.
    public private(set) var entries: [Entry] = []
    /// Why the state cannot be replayed, if it cannot.
    public private(set) var problem: String?
    /// Whether `problem` concerns only the current network.
    private var problemIsNetworkOnly = false

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
    mutating func record(_ command: Command, cancelled: Bool) {
        let name = command.name
        if Self.ignored.contains(name) { return }
        if Self.unreplayable.contains(name) {
            markUnreplayable("the state was changed inside `\(name)`, which a script cannot replay; "
                             + "build it again with commands", networkOnly: false)
            return
        }
        if name == "net" || name == "load" {
            var kept: [Entry] = []
            for entry in entries {
                guard entry.networkOnly else { kept.append(entry); continue }
                if let batch = Self.batchOption(entry.text) { kept.append(Entry(text: "set batch=\(batch)", networkOnly: false)) }
            }
            entries = kept
            if problemIsNetworkOnly { problem = nil; problemIsNetworkOnly = false }
        }
        let onlyNetwork = Self.networkOnly.contains(name) || (name == "set" && Self.setsWeightsOnly(command))
        entries.append(Entry(text: command.text.trimmingCharacters(in: .whitespaces), networkOnly: onlyNetwork))
        if cancelled {
            markUnreplayable("`\(name)` was stopped part way (Ctrl-C or a time limit), which a script cannot "
                             + "replay; build the net again with `net` and train it again",
                             networkOnly: onlyNetwork)
        }
    }

    /// Notes that the state changed in a way no command records (a live view trained it).
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
