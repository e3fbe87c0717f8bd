import Foundation
import NNEngine
import NNSession

/// Tab completion for command lines, as a pure function of the text before the cursor.
///
/// A candidate replaces the word being completed: the text after the last space, `=` or `;`
/// before the cursor (the same characters `LineEditor` gives libedit as word breaks). A
/// candidate that finishes a word ends in a space; an option key ends in `=` and a folder in
/// `/`, so typing goes on right after them.
///
/// What completes where:
/// - the first word of a command: command names;
/// - the first word after a command: what its `CommandSpec.words` lists (datasets,
///   activations, losses, optimizers, initializers, lessons, topics, commands, surfaces or
///   fixed words) and its option keys (`lr=`, `epochs=` …);
/// - later words: option keys not used yet, and what the spec's `followers` list after the
///   first word (`plot act NAME`, `plot path SURFACE`), or, for a spec whose words repeat,
///   its words not used yet (the terms of `features`);
/// - `key=`: the values of a `.choice` option, or the names an option's spec gives it
///   (initializers after `init=`, optimizers after `opts=`, item by item);
/// - file paths where the spec has `.path`: after `save`, `load`, `data load`, `grads save`.
///
/// Everything comes from `CommandCatalog`, which reads the commands' own specs.
public struct Completer: Sendable {
    /// The characters that end a word for completion.
    public static let wordBreakCharacters = " \t=;"

    /// Lesson names, for `lesson NAME`.
    public var lessonNames: [String]
    /// Quiz topics, for `quiz TOPIC`.
    public var topicNames: [String]
    /// The folder relative paths start from.
    public var workingDirectory: String

    /// Makes a completer.
    public init(lessonNames: [String] = [], topicNames: [String] = [],
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.lessonNames = lessonNames
        self.topicNames = topicNames
        self.workingDirectory = workingDirectory
    }

    /// The character offset where the word being completed starts.
    public static func wordStart(line: String, cursor: Int) -> Int {
        let prefix = Array(line.prefix(max(0, cursor)))
        var index = prefix.count
        while index > 0, !wordBreakCharacters.contains(prefix[index - 1]) { index -= 1 }
        return index
    }

    /// The completions of the word that ends at `cursor` (a character offset into `line`),
    /// sorted and without duplicates; empty when nothing fits.
    public func candidates(line: String, cursor: Int) -> [String] {
        let prefix = String(line.prefix(max(0, cursor)))
        guard let segment = Self.currentSegment(prefix) else { return [] }
        let words = segment.split(omittingEmptySubsequences: false, whereSeparator: { $0 == " " || $0 == "\t" })
            .map(String.init)
        // Words before the one being completed, and the one being completed (possibly empty).
        let current = words.last ?? ""
        let before = words.dropLast().filter { !$0.isEmpty }

        guard let commandWord = before.first else {
            return Self.matching(CommandCatalog.names, prefix: current, suffix: " ")
        }
        guard let spec = CommandCatalog.spec(commandWord) else { return [] }
        let arguments = Array(before.dropFirst())
        let positionals = arguments.filter { !$0.contains("=") }

        if let equals = current.firstIndex(of: "=") {
            let key = String(current[..<equals])
            let value = String(current[current.index(after: equals)...])
            return valueCandidates(spec: spec, key: key, value: value)
        }

        if isPathPosition(spec: spec, positionals: positionals) {
            return pathCandidates(current)
        }

        let usedKeys = Set(arguments.compactMap { word -> String? in
            guard let equals = word.firstIndex(of: "=") else { return nil }
            return String(word[..<equals])
        })
        let keys = spec.options.map(\.key).filter { !usedKeys.contains($0) }
        let keyCandidates = Self.matching(keys.map { $0 + "=" }, prefix: current, suffix: "")

        let names = positionalWords(spec: spec, positionals: positionals)
        let nameCandidates = Self.matching(names, prefix: current, suffix: " ")
        if positionals.isEmpty, !names.isEmpty, current.isEmpty {
            // An empty first word: a required name (`opt `, `data `) offers only the names;
            // optional flags (`train ` → `live`) come with the keys.
            let onlyFixed = spec.words.allSatisfy { if case .fixed = $0 { return true } else { return false } }
            if !onlyFixed { return nameCandidates }
        }
        return Self.sortedUnique(nameCandidates + keyCandidates)
    }

    // MARK: Words

    /// The words a positional word may be, given the positional words before it: the spec's
    /// `words` for the first (and for every word of a command whose words repeat), its
    /// `followers` of the first word for the second.
    private func positionalWords(spec: CommandSpec, positionals: [String]) -> [String] {
        if positionals.isEmpty { return spec.words.flatMap { names(of: $0) } }
        if spec.wordsRepeat { return spec.words.flatMap { names(of: $0) }.filter { !positionals.contains($0) } }
        if positionals.count == 1, let kinds = spec.followers[positionals[0]] { return kinds.flatMap { names(of: $0) } }
        return []
    }

    /// The names a word kind stands for.
    private func names(of kind: CommandSpec.WordKind) -> [String] {
        switch kind {
        case .fixed(let words): return words
        case .datasets: return CommandCatalog.datasetNames
        case .activations: return Activation.names
        case .losses: return Loss.names
        case .optimizers: return OptimizerSettings.names
        case .initializers: return Initializer.names
        case .lessons: return lessonNames
        case .topics: return topicNames
        case .commands: return CommandCatalog.names
        case .surfaces: return CommandCatalog.surfaceNames
        case .path: return []
        }
    }

    /// Whether the next positional word is a file path: the first word of a command whose
    /// only word is a path (`save`, `load`), or the word a spec's `followers` make a path
    /// (`data load`, `grads save`).
    private func isPathPosition(spec: CommandSpec, positionals: [String]) -> Bool {
        if positionals.isEmpty { return spec.words == [.path] }
        return positionals.count == 1 && spec.followers[positionals[0]]?.contains(.path) == true
    }

    /// The values an option takes: its choices, or the names its spec says it takes (the last
    /// item of a comma-separated list).
    private func valueCandidates(spec: CommandSpec, key: String, value: String) -> [String] {
        guard let option = spec.option(key) else { return [] }
        if case .choice(let choices) = option.kind { return Self.matching(choices, prefix: value, suffix: " ") }
        guard let kind = option.values else { return [] }
        guard option.isCommaList else { return Self.matching(names(of: kind), prefix: value, suffix: " ") }
        let head = value.lastIndex(of: ",").map { String(value[...$0]) } ?? ""
        let last = String(value.dropFirst(head.count))
        return Self.matching(names(of: kind), prefix: last, suffix: " ").map { head + $0 }
    }

    // MARK: Paths

    /// Files and folders whose path starts with `partial`; folders end in `/`, files in a
    /// space. Hidden files appear only when the partial name starts with a dot.
    private func pathCandidates(_ partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let folderPart = slash.map { String(partial[...$0]) } ?? ""
        let namePart = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        var folder = folderPart.isEmpty ? "." : folderPart
        if folder.hasPrefix("~") { folder = (folder as NSString).expandingTildeInPath }
        if !folder.hasPrefix("/") { folder = (workingDirectory as NSString).appendingPathComponent(folder) }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var results: [String] = []
        for entry in entries where entry.hasPrefix(namePart) {
            if entry.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
            var isDirectory: ObjCBool = false
            let full = (folder as NSString).appendingPathComponent(entry)
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            results.append(folderPart + entry + (isDirectory.boolValue ? "/" : " "))
        }
        return results.sorted()
    }

    // MARK: Helpers

    /// The part of the line after the last `;`, or nil inside a comment or a quoted string.
    private static func currentSegment(_ prefix: String) -> String? {
        var quote: Character?
        var start = prefix.startIndex
        var index = prefix.startIndex
        while index < prefix.endIndex {
            let character = prefix[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                return nil
            } else if character == ";" {
                start = prefix.index(after: index)
            }
            index = prefix.index(after: index)
        }
        if quote != nil { return nil }
        return String(prefix[start...].drop(while: { $0 == " " || $0 == "\t" }))
    }

    /// The names that start with a prefix, each followed by a suffix, sorted.
    private static func matching(_ names: [String], prefix: String, suffix: String) -> [String] {
        sortedUnique(names.filter { $0.hasPrefix(prefix) }.map { $0 + suffix })
    }

    /// Sorted, without duplicates.
    private static func sortedUnique(_ names: [String]) -> [String] {
        Array(Set(names)).sorted()
    }
}
