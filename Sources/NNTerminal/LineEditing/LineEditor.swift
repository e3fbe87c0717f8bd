import CEditLine
import Foundation

/// The `nnlab>` prompt: libedit's readline-compatible line editing, a history file and Tab
/// completion through `Completer`.
///
/// There is one libedit state per process, so there is one line editor at a time.
public final class LineEditor {
    /// What one call to `read(prompt:)` gives back.
    public enum Input: Equatable {
        /// A line the person entered (without the newline).
        case line(String)
        /// Ctrl-C: the line was abandoned.
        case interrupted
        /// Ctrl-D on an empty line, or the end of input.
        case endOfInput
    }

    /// The history file, or nil when history is not kept.
    public let historyFile: String?
    /// Where one-line warnings go (unreadable or unwritable history).
    private let warn: (String) -> Void
    /// Whether a failed history save was already reported.
    private var reportedSaveFailure = false
    /// The last line added to the history, to skip immediate repeats.
    private var lastLine: String?

    /// How many lines the history keeps.
    public static let historyLimit = 1000

    /// Sets libedit up, loads the history file (a missing file is fine; an unreadable or
    /// corrupt one gives a warning) and installs the completer.
    public init(historyFile: String?, completer: Completer, warn: @escaping (String) -> Void) {
        self.historyFile = historyFile
        self.warn = warn
        activeCompleter = completer
        nn_rl_set_catch_signals(0)
        nn_rl_set_name("nnlab")
        _ = rl_initialize()
        nn_rl_set_completion(completionCallback)
        nn_rl_set_completion_append(0)
        nn_rl_set_word_break(wordBreakCharacters)
        stifle_history(Int32(Self.historyLimit))
        loadHistory()
    }

    /// Replaces the completer (for example after the lessons change).
    public func setCompleter(_ completer: Completer) { activeCompleter = completer }

    /// Shows the prompt and reads one line.
    public func read(prompt: String) -> Input {
        Interruption.clear()
        guard let raw = readline(prompt) else {
            return Interruption.requested ? .interrupted : .endOfInput
        }
        defer { free(raw) }
        if Interruption.requested { return .interrupted }
        return .line(String(cString: raw))
    }

    /// The history's lines, oldest first.
    public var lines: [String] {
        (0..<Int(nn_history_count())).compactMap { nn_history_line(Int32($0)).map { String(cString: $0) } }
    }

    /// Adds a line to the history and saves the history file.
    public func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed != lastLine else { return }
        lastLine = trimmed
        _ = add_history(trimmed)
        saveHistory()
    }

    /// Saves the history file; the first failure gives a warning, later ones stay quiet.
    public func saveHistory() {
        guard let historyFile else { return }
        let status = write_history(historyFile)
        if status != 0 && !reportedSaveFailure {
            reportedSaveFailure = true
            warn("warning: cannot write the history file \(historyFile) (\(Self.describe(status))); history will not be kept")
        }
    }

    /// Loads the history file if there is one.
    private func loadHistory() {
        guard let historyFile else { return }
        guard FileManager.default.fileExists(atPath: historyFile) else { return }
        let status = read_history(historyFile)
        if status != 0 {
            clear_history()
            warn("warning: cannot read the history file \(historyFile) (\(Self.describe(status))); starting with an empty history")
        }
    }

    /// A readable reason for an error number from the history functions.
    private static func describe(_ status: Int32) -> String {
        if status == EINVAL || status < 0 { return "not a history file" }
        return String(cString: strerror(status))
    }
}

/// The word breaks libedit uses to find the word to complete (kept alive for libedit).
nonisolated(unsafe) private let wordBreakCharacters: UnsafePointer<CChar> = {
    UnsafePointer(strdup(Completer.wordBreakCharacters)!)
}()

/// The completer the C callback consults; set by the line editor.
nonisolated(unsafe) private var activeCompleter = Completer()

/// libedit's completion callback: reads the line up to the cursor, asks the completer, and
/// returns a malloc'd, NULL-terminated array: the common prefix of the candidates, then every
/// candidate (libedit frees it).
private let completionCallback: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { _, _, _ in
    nn_rl_set_attempted_over(1)
    guard let buffer = nn_rl_line_buffer() else { return nil }
    let point = Int(max(0, nn_rl_point()))
    let length = strlen(buffer)
    let bytes = UnsafeRawBufferPointer(start: buffer, count: min(point, length))
    let prefix = String(decoding: bytes, as: UTF8.self)
    let candidates = activeCompleter.candidates(line: prefix, cursor: prefix.count)
    guard !candidates.isEmpty else { return nil }

    // libedit's own lists always hold the common prefix and then every match, one match too.
    let entries = [commonPrefix(candidates)] + candidates
    guard let matches = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1))?
        .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1) else { return nil }
    for (index, entry) in entries.enumerated() { matches[index] = strdup(entry) }
    matches[entries.count] = nil
    return matches
}

/// The longest common prefix of some strings, by characters.
private func commonPrefix(_ strings: [String]) -> String {
    guard var prefix = strings.first.map(Array.init) else { return "" }
    for string in strings.dropFirst() {
        let characters = Array(string)
        var count = 0
        while count < prefix.count, count < characters.count, prefix[count] == characters[count] { count += 1 }
        prefix = Array(prefix.prefix(count))
    }
    return String(prefix)
}
