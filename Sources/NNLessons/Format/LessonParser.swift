import NNText
import Foundation
import NNEngine

/// Reads a lesson file: front matter, prose split into pages, runnable blocks, exercises and
/// quiz questions, reporting every malformed part with its line.
///
/// The format is described for authors in `lessons/README.md`. Parsing never runs anything:
/// command lines are kept as text (the session's checker validates them), and exercise checks
/// are parsed and type-checked against `FactCatalog`.
public enum LessonParser {
    /// What parsing a file gives: the lesson (nil when its header is unusable) and the problems.
    public struct Result: Sendable {
        public var lesson: Lesson?
        public var problems: [LessonProblem]
    }

    /// The info words of the fenced blocks the parser takes out of the prose.
    public static let commandsInfo = "nnlab"
    public static let exerciseInfo = "exercise"
    public static let quizInfo = "quiz"

    /// Reads and parses a file.
    public static func parse(contentsOf path: String, name: String? = nil) -> Result {
        let shown = name ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            return Result(lesson: nil, problems: [LessonProblem(file: shown, line: 0, message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return Result(lesson: nil, problems: [LessonProblem(file: shown, line: 0, message: "the file is not UTF-8 text")])
        }
        return parse(text, file: shown)
    }

    /// Parses the text of a lesson file; `file` names it in problems (and, when it ends in `.md`,
    /// the header's id must equal its base name).
    ///
    /// A leading UTF-8 byte-order mark (which some editors write) is skipped.
    public static func parse(_ text: String, file: String) -> Result {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var parser = Parser(file: file, lines: text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        let lesson = parser.run()
        return Result(lesson: lesson, problems: parser.problems)
    }

    // MARK: - The parser

    struct Parser {
        let file: String
        let lines: [String]
        var problems: [LessonProblem] = []

        init(file: String, lines: [String]) {
            self.file = file
            self.lines = lines
        }

        /// Records a problem; control characters quoted from the file are shown escaped.
        mutating func problem(_ line: Int, _ message: String) {
            problems.append(LessonProblem(file: file, line: line, message: InputExcerpt.escapingControls(message, keepingNewlines: true)))
        }

        mutating func run() -> Lesson? {
            guard let (header, bodyStart) = readHeader() else { return nil }
            let pages = readBody(from: bodyStart, header: header)
            return Lesson(header: header, file: file, pages: pages)
        }

        // MARK: Header

        /// The front matter and the index of the first body line.
        mutating func readHeader() -> (LessonHeader, Int)? {
            guard let first = lines.first, first.trimmed == "---" else {
                problem(1, "a lesson starts with a header between `---` lines (id, title, order, topics, minutes)")
                return nil
            }
            guard let end = lines.indices.dropFirst().first(where: { lines[$0].trimmed == "---" }) else {
                problem(1, "the header's closing `---` line is missing")
                return nil
            }
            var values: [String: (String, Int)] = [:]
            for i in 1..<end {
                let text = lines[i]
                let lineNumber = i + 1
                if text.trimmed.isEmpty || text.trimmed.hasPrefix("#") { continue }
                guard let colon = text.firstIndex(of: ":") else {
                    problem(lineNumber, "expected `key: value` in the header, found '\(InputExcerpt.cut(text.trimmed))'")
                    continue
                }
                let key = String(text[..<colon]).trimmed.lowercased()
                let value = String(text[text.index(after: colon)...]).trimmed
                let allKeys = LessonHeader.keys + LessonHeader.optionalKeys
                guard allKeys.contains(key) else {
                    let hint = closest(key, allKeys).map { " — did you mean '\($0)'?" }
                        ?? "; the header keys are \(allKeys.joined(separator: ", "))"
                    problem(lineNumber, "unknown header key '\(InputExcerpt.cut(key))'\(hint)")
                    continue
                }
                if values[key] != nil {
                    problem(lineNumber, "header key '\(InputExcerpt.cut(key))' is given twice")
                    continue
                }
                values[key] = (value, lineNumber)
            }
            var ok = true
            for key in LessonHeader.keys where values[key] == nil || values[key]!.0.isEmpty {
                problem(values[key]?.1 ?? 1, values[key] == nil ? "the header has no '\(InputExcerpt.cut(key))'" : "header key '\(InputExcerpt.cut(key))' is empty")
                ok = false
            }
            guard ok else { return nil }
            let (id, idLine) = values["id"]!
            if !id.isKebabName {
                problem(idLine, "id '\(InputExcerpt.cut(id))' must be lower-case letters and digits joined by '-', like 'perceptron' or 'loss-functions'")
                ok = false
            }
            let base = (file as NSString).lastPathComponent
            if base.hasSuffix(".md"), String(base.dropLast(3)) != id {
                problem(idLine, "id '\(InputExcerpt.cut(id))' differs from the file name '\(InputExcerpt.cut(base))'; name the file \(InputExcerpt.cut(id)).md")
            }
            if id == "check" {
                problem(idLine, "'check' is reserved (`lesson check` checks files); choose another id")
            }
            let (orderText, orderLine) = values["order"]!
            let order = Int(orderText) ?? 0
            if order < 1 {
                problem(orderLine, "order must be a whole number from 1, got '\(InputExcerpt.cut(orderText))'")
                ok = false
            }
            let (minutesText, minutesLine) = values["minutes"]!
            let minutes = Int(minutesText) ?? 0
            if minutes < 1 {
                problem(minutesLine, "minutes must be a whole number from 1, got '\(InputExcerpt.cut(minutesText))'")
                ok = false
            }
            let (topicsText, topicsLine) = values["topics"]!
            let topics = topicsText.split(separator: ",").map { String($0).trimmed }
            for topic in topics where !topic.isKebabName {
                problem(topicsLine, "topic '\(InputExcerpt.cut(topic))' must be lower-case letters and digits joined by '-'")
                ok = false
            }
            if Set(topics).count != topics.count { problem(topicsLine, "a topic is listed twice") }
            var aliases: [String] = []
            if let (aliasText, aliasLine) = values["aliases"] {
                for alias in aliasText.split(separator: ",").map({ String($0).trimmed }) {
                    if !alias.isKebabName {
                        problem(aliasLine, "alias '\(InputExcerpt.cut(alias))' must be lower-case letters and digits joined by '-', like an id")
                    } else if alias == id || alias == "check" {
                        problem(aliasLine, alias == id ? "alias '\(alias)' is the lesson's own id" : "'check' is reserved (`lesson check` checks files)")
                    } else if aliases.contains(alias) {
                        problem(aliasLine, "alias '\(alias)' is listed twice")
                    } else {
                        aliases.append(alias)
                    }
                }
            }
            guard ok else { return nil }
            return (LessonHeader(id: id, title: values["title"]!.0, order: order, topics: topics, minutes: minutes, aliases: aliases), end + 1)
        }

        // MARK: Body

        mutating func readBody(from start: Int, header: LessonHeader) -> [LessonPage] {
            var pages: [LessonPage] = []
            var page = LessonPage(title: header.title, line: start + 1, items: [])
            var prose: [String] = []
            var proseStart = start + 1

            func flushProse(_ page: inout LessonPage) {
                while let last = prose.last, last.trimmed.isEmpty { prose.removeLast() }
                var leading = 0
                while leading < prose.count, prose[leading].trimmed.isEmpty { leading += 1 }
                if leading < prose.count {
                    page.items.append(.prose(Prose(markdown: prose[leading...].joined(separator: "\n"), line: proseStart + leading)))
                }
                prose = []
            }

            var i = start
            while i < lines.count {
                let text = lines[i]
                let lineNumber = i + 1
                if let fence = Fence(opening: text) {
                    // Find the closing fence.
                    var j = i + 1
                    while j < lines.count && !fence.closes(lines[j]) { j += 1 }
                    if j >= lines.count {
                        problem(lineNumber, "this ``` block is never closed")
                    }
                    let body = (i + 1..<min(j, lines.count)).map { BlockLine(text: fence.removeIndent(lines[$0]), line: $0 + 1) }
                    switch fence.info {
                    case LessonParser.commandsInfo:
                        flushProse(&page)
                        for option in fence.options where !CommandBlock.options.contains(option) {
                            problem(lineNumber, "unknown nnlab block option '\(InputExcerpt.cut(option))'; the only one is `fails` (the block's last command fails on purpose)")
                        }
                        let block = CommandBlock(line: lineNumber, lines: body, expectsFailure: fence.options.contains("fails"))
                        if block.expectsFailure && block.commandLines.isEmpty {
                            problem(lineNumber, "a `fails` block needs a command that fails")
                        }
                        page.items.append(.commands(block))
                    case LessonParser.exerciseInfo:
                        flushProse(&page)
                        if let exercise = readExercise(body, line: lineNumber) { page.items.append(.exercise(exercise)) }
                    case LessonParser.quizInfo:
                        flushProse(&page)
                        if let question = readQuestion(body, line: lineNumber, header: header) { page.items.append(.question(question)) }
                    default:
                        if prose.isEmpty { proseStart = lineNumber }
                        prose += lines[i...min(j, lines.count - 1)]
                    }
                    i = j + 1
                    if prose.isEmpty { proseStart = i + 1 }
                    continue
                }
                if text.hasPrefix("## ") {
                    flushProse(&page)
                    if !page.items.isEmpty || !pages.isEmpty { pages.append(page) }
                    page = LessonPage(title: String(text.dropFirst(3)).trimmed, line: lineNumber, items: [])
                    proseStart = lineNumber
                }
                if prose.isEmpty { proseStart = lineNumber }
                prose.append(text)
                i += 1
            }
            flushProse(&page)
            pages.append(page)
            return pages
        }

        // MARK: Exercises

        mutating func readExercise(_ body: [BlockLine], line: Int) -> Exercise? {
            let fields = FieldBlock(lines: body)
            for p in fields.problems { problem(p.line, "exercise: \(p.message)") }
            var seen: Set<String> = []
            var id: String?, title: String?, goal: String?, check: Check?, hints: [String] = [], solution: [BlockLine]?
            var checkFailed = false
            for entry in fields.entries {
                guard entry.key != "-" else {
                    problem(entry.line, "exercise: `- ` items belong in quiz questions; write hints as `hint: …` lines")
                    continue
                }
                guard Exercise.keys.contains(entry.key) else {
                    let hint = closest(entry.key, Exercise.keys).map { " — did you mean '\($0)'?" }
                        ?? "; an exercise has \(Exercise.keys.joined(separator: ", "))"
                    problem(entry.line, "exercise: unknown key '\(InputExcerpt.cut(entry.key))'\(hint)")
                    continue
                }
                if entry.key != "hint" {
                    if seen.contains(entry.key) { problem(entry.line, "exercise: '\(InputExcerpt.cut(entry.key))' is given twice"); continue }
                    seen.insert(entry.key)
                }
                let value = entry.value
                switch entry.key {
                case "id": id = value
                case "title": title = value
                case "goal": goal = value
                case "hint":
                    if value.trimmed.isEmpty { problem(entry.line, "exercise: empty hint") } else { hints.append(value) }
                case "check":
                    let source = ([entry.inline] + entry.continuation).map(\.trimmed).filter { !$0.isEmpty }.joined(separator: " ")
                    do {
                        check = try Check(parsing: source)
                    } catch {
                        let excerpt = InputExcerpt.window(source, column: error.column, length: 1).text
                        problem(entry.line, "exercise check: \(error.message) (column \(error.column + 1) of `\(excerpt)`)")
                        checkFailed = true
                    }
                case "solution":
                    var solutionLines: [BlockLine] = []
                    if !entry.inline.isEmpty { solutionLines.append(BlockLine(text: entry.inline, line: entry.line)) }
                    for (text, l) in zip(entry.continuation, entry.continuationLines) where !text.trimmed.isEmpty {
                        solutionLines.append(BlockLine(text: text, line: l))
                    }
                    solution = solutionLines
                default: break
                }
            }
            let name = id.map { "exercise '\(InputExcerpt.cut($0))'" } ?? "exercise"
            var ok = true
            if let id, !id.isKebabName {
                problem(line, "\(name): id must be lower-case letters and digits joined by '-'")
                ok = false
            }
            if id == nil { problem(line, "exercise: missing 'id'"); ok = false }
            if goal?.trimmed.isEmpty ?? true { problem(line, "\(name): missing 'goal' (what to achieve, in words)"); ok = false }
            if check == nil && !checkFailed { problem(line, "\(name): missing 'check' (what the engine verifies, like `test_acc >= 0.9`)") }
            if check == nil { ok = false }
            if hints.isEmpty { problem(line, "\(name): give at least one 'hint'"); ok = false }
            if solution?.isEmpty ?? true { problem(line, "\(name): missing 'solution' (the commands that pass the check, indented below `solution:`)"); ok = false }
            guard ok, let id, let goal, let check, let solution else { return nil }
            return Exercise(id: id, title: title ?? id, goal: goal, check: check, hints: hints, solution: solution, line: line)
        }

        // MARK: Quiz questions

        mutating func readQuestion(_ body: [BlockLine], line: Int, header: LessonHeader) -> QuizQuestion? {
            let fields = FieldBlock(lines: body)
            for p in fields.problems { problem(p.line, "quiz: \(p.message)") }
            var values: [String: (String, Int)] = [:]
            var listItems: [(String, Int)] = []
            var ok = true
            for entry in fields.entries {
                if entry.key == "-" {
                    listItems.append((entry.value, entry.line))
                    continue
                }
                guard QuizQuestion.keys.contains(entry.key) else {
                    let hint = closest(entry.key, QuizQuestion.keys).map { " — did you mean '\($0)'?" }
                        ?? "; a question has \(QuizQuestion.keys.joined(separator: ", ")) and `- ` items"
                    problem(entry.line, "quiz: unknown key '\(InputExcerpt.cut(entry.key))'\(hint)")
                    ok = false
                    continue
                }
                if values[entry.key] != nil {
                    problem(entry.line, "quiz: '\(InputExcerpt.cut(entry.key))' is given twice")
                    ok = false
                    continue
                }
                values[entry.key] = (entry.value, entry.line)
            }
            let name = values["id"].map { "quiz question '\(InputExcerpt.cut($0.0))'" } ?? "quiz question"
            // A numeric question's worked solution comes from its generator, so `answer:` is
            // optional there; an unknown kind is reported below, and says nothing of the answer.
            let needsAnswer = values["kind"].flatMap { QuizQuestion.Kind(rawValue: $0.0.trimmed) }.map { $0 != .numeric } ?? false
            for key in ["id", "topic", "kind", "question"] + (needsAnswer ? ["answer"] : []) where values[key]?.0.trimmed.isEmpty ?? true {
                problem(values[key]?.1 ?? line, "\(name): missing '\(InputExcerpt.cut(key))'")
                ok = false
            }
            guard ok else { return nil }
            let id = values["id"]!.0.trimmed
            if !id.isKebabName {
                problem(values["id"]!.1, "\(name): id must be lower-case letters and digits joined by '-'")
                ok = false
            }
            let (topic, topicLine) = values["topic"]!
            if !header.topics.contains(topic.trimmed) {
                let hint = closest(topic.trimmed, header.topics).map { " — did you mean '\($0)'?" } ?? ""
                problem(topicLine, "\(name): topic '\(InputExcerpt.cut(topic.trimmed))' is not one of the lesson's topics (\(header.topics.joined(separator: ", ")))\(hint)")
                ok = false
            }
            let (kindText, kindLine) = values["kind"]!
            guard let kind = QuizQuestion.Kind(rawValue: kindText.trimmed) else {
                let names = QuizQuestion.Kind.allCases.map(\.rawValue)
                let hint = closest(kindText.trimmed, names).map { " — did you mean '\($0)'?" } ?? "; choose one of \(names.joined(separator: ", "))"
                problem(kindLine, "\(name): unknown kind '\(InputExcerpt.cut(kindText.trimmed))'\(hint)")
                return nil
            }
            var options: [QuizQuestion.Option] = []
            var items: [String] = []
            if kind != .numeric, let (_, generatorLine) = values["generator"] {
                problem(generatorLine, "\(name): only numeric questions have a generator; write `kind: numeric` or remove this line")
                ok = false
            }
            switch kind {
            case .choice, .multi, .bug:
                for (text, l) in listItems {
                    let lower = text.lowercased()
                    if lower.hasPrefix("[x]") || lower.hasPrefix("[ ]") {
                        let rest = String(text.dropFirst(3)).trimmed
                        if rest.isEmpty { problem(l, "\(name): empty option"); ok = false }
                        options.append(.init(text: rest, isCorrect: lower.hasPrefix("[x]")))
                    } else {
                        problem(l, "\(name): write options as `- [x] right answer` or `- [ ] wrong answer`")
                        ok = false
                    }
                }
                let right = options.filter(\.isCorrect).count
                if !ok {
                    break
                } else if options.count < 2 {
                    problem(line, "\(name): a \(kind.rawValue) question needs at least two `- [ ]` options")
                    ok = false
                } else if kind != .multi && right != 1 {
                    problem(line, "\(name): a \(kind.rawValue) question has exactly one right option marked [x], this one has \(right)" +
                            (right > 1 && kind == .choice ? " (use kind: multi for several)" : ""))
                    ok = false
                } else if kind == .multi && right == 0 {
                    problem(line, "\(name): mark at least one option right with [x]")
                    ok = false
                }
                if Set(options.map(\.text)).count != options.count {
                    problem(line, "\(name): two options have the same text")
                    ok = false
                }
                if kind == .bug && (values["code"]?.0.trimmed.isEmpty ?? true) {
                    problem(line, "\(name): a bug question needs `code:` with the code or formula that holds the bug")
                    ok = false
                }
            case .order:
                for (text, l) in listItems {
                    let lower = text.lowercased()
                    if lower.hasPrefix("[x]") || lower.hasPrefix("[ ]") {
                        problem(l, "\(name): ordering items are plain `- item` lines, written in the right order")
                        ok = false
                    } else {
                        items.append(text)
                    }
                }
                if ok && items.count < 3 {
                    problem(line, "\(name): an order question needs at least three `- ` items, written in the right order")
                    ok = false
                }
                if Set(items).count != items.count {
                    problem(line, "\(name): two items have the same text")
                    ok = false
                }
            case .short:
                if let first = listItems.first {
                    problem(first.1, "\(name): a short-answer question has no `- ` items; put the model answer under `answer:`")
                    ok = false
                }
            case .numeric:
                if let first = listItems.first {
                    problem(first.1, "\(name): a numeric question has no `- ` items; its numbers come from the generator")
                    ok = false
                }
                if let (_, codeLine) = values["code"] {
                    problem(codeLine, "\(name): a numeric question has no `code:`; the generator writes the whole question")
                    ok = false
                }
                if let (generator, generatorLine) = values["generator"], !generator.trimmed.isEmpty {
                    if NumericGenerators.named(generator.trimmed) == nil {
                        let hint = NumericGenerators.suggestion(for: generator.trimmed).map { " — did you mean '\($0)'?" }
                            ?? "; the generators are \(NumericGenerators.ids.joined(separator: ", "))"
                        problem(generatorLine, "\(name): unknown generator '\(InputExcerpt.cut(generator.trimmed))'\(hint)")
                        ok = false
                    }
                } else {
                    problem(values["generator"]?.1 ?? line,
                            "\(name): a numeric question needs `generator: ID`, one of \(NumericGenerators.ids.joined(separator: ", "))")
                    ok = false
                }
            }
            guard ok else { return nil }
            return QuizQuestion(id: id, lesson: header.id, topic: topic.trimmed, kind: kind, question: values["question"]!.0,
                                code: values["code"]?.0, options: options, items: items, answer: values["answer"]?.0 ?? "",
                                generator: kind == .numeric ? values["generator"]?.0.trimmed : nil, file: file, line: line)
        }
    }

    // MARK: - Fences

    /// An opening code fence: ```` ``` ```` or `~~~` (three or more), its indent and info word.
    struct Fence {
        var character: Character
        var length: Int
        var indent: Int
        var info: String
        /// The words after the info word.
        var options: [String]

        init?(opening line: String) {
            let indent = line.prefix { $0 == " " }.count
            guard indent <= 3 else { return nil }
            let rest = line.dropFirst(indent)
            guard let c = rest.first, c == "`" || c == "~" else { return nil }
            let length = rest.prefix { $0 == c }.count
            guard length >= 3 else { return nil }
            let infoText = String(rest.dropFirst(length)).trimmed
            if c == "`" && infoText.contains("`") { return nil }
            self.character = c
            self.length = length
            self.indent = indent
            let words = infoText.split(separator: " ").map(String.init)
            self.info = words.first ?? ""
            self.options = Array(words.dropFirst())
        }

        func closes(_ line: String) -> Bool {
            let indent = line.prefix { $0 == " " }.count
            guard indent <= 3 else { return false }
            let rest = line.trimmed
            return rest.count >= length && rest.allSatisfy { $0 == character }
        }

        func removeIndent(_ line: String) -> String {
            var removed = 0
            var s = Substring(line)
            while removed < indent, s.first == " " { s = s.dropFirst(); removed += 1 }
            return String(s)
        }
    }
}

/// The candidate closest to a mistyped word, if one is near.
func closest(_ word: String, _ candidates: [String]) -> String? {
    Suggestion.closest(to: word, in: candidates)
}
