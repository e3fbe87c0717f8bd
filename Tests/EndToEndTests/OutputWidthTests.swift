import Foundation
import XCTest

/// Every line that plain mode prints fits the width, and no word is cut: every lesson of the
/// shipped course as `nnlab lesson ID --plain` and `--solve`, and every `help` text, at 80
/// and 100 columns.
///
/// A word cut by folding shows as two pieces that are no words of the same output printed
/// wide (1000 columns, where nothing folds): every word at 80 and 100 columns must be a word
/// of the wide output.
final class OutputWidthTests: XCTestCase {
    static let widths = [80, 100]
    static let wide = 1000

    /// The display width of a line: combining marks take no column, East Asian wide
    /// characters two (the course has neither many nor any).
    static func columns(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { sum, scalar in
            if (0x300...0x36F).contains(scalar.value) || (0x20D0...0x20FF).contains(scalar.value) { return sum }
            return sum + ((0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0xFF00...0xFF60).contains(scalar.value) || (0x1F300...0x1FAFF).contains(scalar.value) ? 2 : 1)
        }
    }

    /// The words of a text: runs between spaces, stripped of punctuation around them, made only
    /// of letters and at least two long; plots are left out (their class marks `aaAb` are no
    /// words, and they are drawn anew at each width).
    static func words(_ text: String) -> Set<String> {
        let punctuation = CharacterSet(charactersIn: ".,;:!?()[]{}\"'`*“”‘’—–-/|=<>")
        var words = Set<String>()
        for line in text.split(separator: "\n") where !isPlot(line) {
            for token in line.split(separator: " ") {
                let word = String(token).trimmingCharacters(in: punctuation)
                if word.count >= 2, word.allSatisfy(\.isLetter) { words.insert(word) }
            }
        }
        return words
    }

    /// Whether a line is part of a plot: it holds box-drawing, shading or braille characters,
    /// or starts with an axis (`-1+`, `  |`).
    static func isPlot(_ line: Substring) -> Bool {
        let drawing = "│┤├┼└┘┌┐░▒▓█".unicodeScalars
        if line.unicodeScalars.contains(where: { drawing.contains($0) || (0x2800...0x28FF).contains($0.value) }) { return true }
        let axis = line.drop { $0 == " " }.drop { $0 == "-" || $0 == "." || $0 == "e" || $0.isNumber }
        return axis.first == "+" || axis.first == "|"
    }

    /// Checks one output at a width against the same output printed wide.
    func assertFits(_ text: String, width: Int, reference: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let long = text.split(separator: "\n").filter { Self.columns($0) > width }
        XCTAssertEqual(long.count, 0, "\(what) at \(width) columns: \(long.count) lines longer:\n\(long.prefix(5).joined(separator: "\n"))",
                       file: file, line: line)
        let cut = Self.words(text).subtracting(Self.words(reference))
        XCTAssertEqual(cut, [], "\(what) at \(width) columns: words that are not words of the wide output (cut?)", file: file, line: line)
    }

    func testEveryLessonFitsInPlainModeAndWhenSolved() throws {
        let course = try String(contentsOf: NNLabBinary.packageRoot.appendingPathComponent("lessons/course.txt"), encoding: .utf8)
        let ids = course.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        XCTAssertFalse(ids.isEmpty)
        // Runs: per lesson the wide reference (solved: it prints everything the plain run
        // does, and the solutions) and the four narrow runs; two at a time.
        var jobs: [(id: String, mode: String, width: Int)] = []
        for id in ids {
            jobs.append((id, "--solve", Self.wide))
            for width in Self.widths { jobs += [(id, "--plain", width), (id, "--solve", width)] }
        }
        let results = try runAll(jobs.map { job in
            (["lesson", job.id, job.mode], ["COLUMNS": "\(job.width)"])
        })
        for (index, job) in jobs.enumerated() where job.width != Self.wide {
            let result = results[index]
            XCTAssertEqual(result.status, 0, "lesson \(job.id) \(job.mode) at \(job.width): \(result.stderr)")
            let reference = results[jobs.firstIndex { $0.id == job.id && $0.width == Self.wide }!]
            assertFits(result.stdout, width: job.width, reference: reference.stdout, "lesson \(job.id) \(job.mode)")
            // An exercise's check breaks only between conditions: each `Done when:` paragraph is
            // the wide one's line, broken before an `and`.
            let narrow = Self.doneWhenParagraphs(result.stdout), wide = Self.doneWhenParagraphs(reference.stdout)
            XCTAssertEqual(narrow.count, wide.count, "lesson \(job.id) \(job.mode) at \(job.width)")
            XCTAssertGreaterThan(narrow.count, 0, "lesson \(job.id) has exercises")
            for (lines, whole) in zip(narrow, wide) {
                XCTAssertEqual(whole.count, 1, "wide, the check is one line: \(whole)")
                XCTAssertEqual(lines.joined(separator: " "), whole.first, "lesson \(job.id) at \(job.width)")
                XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("and ") }, "a condition was split: \(lines)")
            }
        }
    }

    /// The lines of each `Done when:` paragraph of a lesson's plain text.
    static func doneWhenParagraphs(_ text: String) -> [[String]] {
        var paragraphs: [[String]] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("Done when: ") {
                current = [line]
            } else if current != nil, !line.isEmpty {
                current!.append(line)
            } else if let done = current {
                paragraphs.append(done)
                current = nil
            }
        }
        if let done = current { paragraphs.append(done) }
        return paragraphs
    }

    func testEveryHelpTextFits() throws {
        let list = try NNLabBinary.run(["run", "--width", "\(Self.wide)", "-"], input: "help\n")
        XCTAssertEqual(list.status, 0, list.stderr)
        // The command list: `  NAME  summary` lines between the heading and the footer.
        let names = list.stdout.split(separator: "\n").dropFirst().compactMap { line -> String? in
            guard line.hasPrefix("  "), let name = line.split(separator: " ").first, name.allSatisfy(\.isLetter) else { return nil }
            return String(name)
        }
        XCTAssertGreaterThan(names.count, 30, list.stdout)
        XCTAssertTrue(names.contains("next") && names.contains("lesson"), list.stdout)
        let script = (["help"] + names.map { "help \($0)" }).joined(separator: "\n") + "\n"
        let reference = try NNLabBinary.run(["run", "--width", "\(Self.wide)", "-"], input: script)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        for width in Self.widths {
            let result = try NNLabBinary.run(["run", "--width", "\(width)", "-"], input: script)
            XCTAssertEqual(result.status, 0, result.stderr)
            assertFits(result.stdout, width: width, reference: reference.stdout, "help")
            // Wrapped, the help says the same words in the same order.
            XCTAssertEqual(result.stdout.split(whereSeparator: \.isWhitespace), reference.stdout.split(whereSeparator: \.isWhitespace))
        }
    }

    /// The command list of `help` gives each command one line of at most 80 columns: printed
    /// wide (nothing wraps), every `  NAME  summary` line fits, `step` and `trace` included.
    func testEveryHelpListLineFitsEightyColumnsUnwrapped() throws {
        let list = try NNLabBinary.run(["run", "--width", "\(Self.wide)", "-"], input: "help\n")
        XCTAssertEqual(list.status, 0, list.stderr)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        let commands = lines.filter { $0.hasPrefix("  ") }
        XCTAssertGreaterThan(commands.count, 30, list.stdout)
        for line in lines { XCTAssertLessThanOrEqual(Self.columns(Substring(line)), 80, line) }
        XCTAssertTrue(commands.contains { $0.hasPrefix("  step       one optimizer update") }, list.stdout)
        XCTAssertTrue(commands.contains { $0.hasPrefix("  trace      walk one training step") }, list.stdout)
        let narrow = try NNLabBinary.run(["run", "--width", "80", "-"], input: "help\nhelp step\nhelp trace\n")
        XCTAssertEqual(narrow.status, 0, narrow.stderr)
        let narrowLines = narrow.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(narrowLines.prefix(lines.count).map { $0 }, lines, "at 80 columns the list is the same, unwrapped")
        // What the one-line summaries leave out, `help step` and `help trace` still say.
        let flat = narrow.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(flat.contains("with batch unset, the step uses the whole training split"), narrow.stdout)
        XCTAssertTrue(flat.contains("in plain mode the whole walk prints as text"), narrow.stdout)
    }

    /// The `net` confirmation fits 80 columns by design, unfolded (printed at 1000 columns): the
    /// widths, the parameter count with its noun and the activations on one line, the
    /// initializer and the loss on the next, for nets like the course's, a wide one and a deep
    /// mixed one.
    func testTheNetConfirmationFitsEightyColumnsUnfolded() throws {
        let script = """
            net 2-64-64-3 act=relu
            net 2-1:step
            net 2-8:tanh-8:relu-1
            net 784-512-512-256-128-10 act=softplus init=xavier_normal
            net 2-8:sigmoid-8:sigmoid-8:tanh-8:sigmoid-8:relu-8:sigmoid-8:sigmoid-8:sigmoid-1:sigmoid

            """
        let result = try NNLabBinary.run(["run", "--width", "\(Self.wide)", "-"], input: script)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for line in lines { XCTAssertLessThanOrEqual(Self.columns(Substring(line)), 80, line) }
        XCTAssertEqual(lines.filter { $0.hasPrefix("net ") }.count, 5, result.stdout)
        XCTAssertTrue(lines.contains("net 2-64-64-3: 4,547 parameters, relu hidden, softmax output"), result.stdout)
        XCTAssertTrue(lines.contains("  init he (default for relu), loss ce (follows the output)"), result.stdout)
        XCTAssertTrue(lines.contains("net 2-1: 3 parameters, step output"), result.stdout)
        XCTAssertTrue(lines.contains("net 2-8-8-1: 105 parameters, hidden tanh, relu; sigmoid output"), result.stdout)
        XCTAssertTrue(lines.contains("net 784-512-512-256-128-10: 830,090 parameters, softplus hidden, softmax output"),
                      result.stdout)
        // Too long for one line, the activations of a deep mixed net get their own.
        XCTAssertTrue(lines.contains("net 2-8-8-8-8-8-8-8-8-1: 537 parameters"), result.stdout)
        XCTAssertTrue(lines.contains("  hidden sigmoid×2, tanh, sigmoid, relu, sigmoid×3; sigmoid output"), result.stdout)
        // Each parameter count stays with its noun.
        XCTAssertTrue(lines.filter { $0.hasPrefix("net ") }.allSatisfy { $0.range(of: #": [0-9,]+ parameters"#, options: .regularExpression) != nil },
                      result.stdout)
    }

    /// The training log and the final line fit 80 columns by design, so folding (which keeps
    /// every line of `nnlab run` within its width) never splits them: a classification run with
    /// a test split and a learning-rate schedule (the widest line there is), a regression run,
    /// and an early stop.
    func testTheTrainingLogFitsEightyColumnsUnfolded() throws {
        let script = """
            data spiral n=300 classes=3 test=0.2 seed=1
            net 2-16-3 act=tanh seed=1
            opt adam lr=0.001234
            sched cosine period=3000
            train epochs=1000 every=250
            data sine n=100 test=0.2 seed=1
            net 1-8-1 act=tanh seed=1
            sched none
            train epochs=20 every=5
            data moons n=60 noise=0.4 test=0.5 val=0.5 seed=2
            net 2-64-64-1 seed=1
            opt adam lr=0.05
            train epochs=500 patience=10 every=50

            """
        let result = try NNLabBinary.run(["run", "-"], input: script)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for line in lines { XCTAssertLessThanOrEqual(Self.columns(Substring(line)), 80, line) }
        let epochs = lines.filter { $0.hasPrefix("epoch ") }
        let finals = lines.filter { $0.hasPrefix("done: ") }
        XCTAssertGreaterThanOrEqual(epochs.count, 4 + 4, result.stdout)
        XCTAssertEqual(finals.count, 3, result.stdout)
        XCTAssertEqual(lines.filter { $0.hasPrefix("early stop: the val loss was lowest at epoch ") }.count, 1, result.stdout)
        for (index, line) in lines.enumerated() where line.hasPrefix("epoch ") || line.hasPrefix("done: ") {
            XCTAssertFalse(index + 1 < lines.count && lines[index + 1].hasPrefix("  "), "folded: \(line)")
        }
        XCTAssertTrue(epochs.allSatisfy { $0.contains("  loss ") && $0.contains("  test ") && $0.contains("  lr ") }, result.stdout)
        XCTAssertTrue(epochs.contains { $0.hasPrefix("epoch 1000  loss ") && $0.contains(" acc ") && $0.contains("  lr 0.00") }, result.stdout)
    }

    /// Runs the binary for each job, two at a time, each with its own data folder.
    func runAll(_ jobs: [(arguments: [String], environment: [String: String])]) throws -> [NNLabBinary.Result] {
        let results = JobResults(count: jobs.count)
        let homes = try jobs.indices.map { _ in try makeTemporaryFolder("nnlab-e2e-width") }
        defer { for home in homes { try? FileManager.default.removeItem(at: home) } }
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            for index in stride(from: lane, to: jobs.count, by: 2) {
                var environment = jobs[index].environment
                environment["NNLAB_HOME"] = homes[index].path
                results.set(index, Result { try NNLabBinary.run(jobs[index].arguments, environment: environment) })
            }
        }
        return try results.all()
    }

    /// Results filled in from several threads.
    final class JobResults: @unchecked Sendable {
        private var results: [Result<NNLabBinary.Result, any Error>?]
        private let lock = NSLock()
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ result: Result<NNLabBinary.Result, any Error>) { lock.withLock { results[index] = result } }
        func all() throws -> [NNLabBinary.Result] { try results.map { try $0!.get() } }
    }
}
