import ArgumentParser
import Foundation
import NNData
import NNLessons
import NNRender
import NNSession
import NNTerminal

/// `nnlab`: the hub on a terminal, plain mode otherwise, and the subcommands.
struct NNLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nnlab",
        abstract: "Learn how neural networks work by running them.",
        discussion: """
            With no subcommand, nnlab opens the hub (a `nnlab>` prompt) when standard input and \
            output are a terminal; otherwise it reads commands from standard input in plain mode.
            Lessons are read from $NNLAB_LESSONS, else ./lessons, else the lessons of the source \
            checkout. History is kept in $NNLAB_HOME, else $XDG_DATA_HOME/nnlab, else \
            ~/.local/share/nnlab.
            """,
        version: NNLabVersion.current,
        subcommands: [Run.self, Lessons.self, Lesson.self, Quiz.self]
    )

    func run() throws {
        if TerminalSize.isInteractive {
            let environment = ProcessInfo.processInfo.environment
            let colors = ColorMode.detect(environment: environment, isTerminal: true)
            let session = Session(environment: Folders.environment(width: TerminalSize.columns(), colorMode: colors, interactive: true))
            let status = Repl(session: session, colorMode: colors).run()
            if status != 0 { throw ExitCode(status) }
        } else {
            let session = Session(environment: Folders.environment(width: 80, colorMode: .none, interactive: false))
            let status = PlainRunner(session: session, width: 80).runStandardInput()
            if status != 0 { throw ExitCode(status) }
        }
    }
}

/// `nnlab run FILE|-`: plain mode on a script.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script of nnlab commands in plain mode (no escape codes).",
        discussion: "Exits 0 on success; at the first failing line prints `error: MESSAGE (line N)` to standard error and exits 1. " +
            "With --keep-going every line runs: each failing line prints its error and changes nothing, and the exit status is 1 if any failed."
    )

    @Flag(help: "Run every line; a failing line reports its error and leaves the session as it was before that line.")
    var keepGoing = false

    @Argument(help: ArgumentHelp("The script to run, or - for standard input.", valueName: "file"))
    var file: String

    @Option(help: "The width plots and tables are drawn at.")
    var width = 80

    func validate() throws {
        guard (20...1000).contains(width) else {
            throw ValidationError("--width must be from 20 to 1000, got \(width)")
        }
    }

    func run() throws {
        let session = Session(environment: Folders.environment(width: width, colorMode: .none, interactive: false))
        let status = PlainRunner(session: session, width: width, keepGoing: keepGoing).run(path: file)
        if status != 0 { throw ExitCode(status) }
    }
}

/// `nnlab lessons`: the lesson list.
struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the lessons.")

    func run() throws {
        let session = Session(environment: Folders.environment(width: 80, colorMode: .none, interactive: false))
        if let blocks = try? session.output(of: "lessons"), !blocks.isEmpty {
            let printer = OutputPrinter(width: TerminalSize.columns(), colorMode: .none, foldsText: true)
            for block in blocks { print(printer.text(block), terminator: "") }
            return
        }
        for line in LessonFiles.listing(in: session.environment.lessonsFolder) { print(line) }
    }
}

/// `nnlab lesson NAME` and `nnlab lesson check [FILE…]`.
struct Lesson: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open a lesson, or check lesson files (`lesson check [FILE…]`).",
        discussion: """
            `lesson check` and `--solve` give each block and each reference solution 60 seconds \
            ($NNLAB_BLOCK_SECONDS sets another budget); a block that runs longer is stopped and \
            reported with its file and line.
            """)

    @Argument(help: ArgumentHelp("A lesson name (none: go on where you stopped), or `check` followed by lesson files.", valueName: "name"))
    var words: [String] = []

    @Flag(help: "Print the lesson as plain text instead of opening the explorer.")
    var plain = false

    @Flag(help: "Run the lesson's exercises with their solutions (for authors).")
    var solve = false

    func run() throws {
        let width = TerminalSize.columns()
        // On a terminal, a lesson opens in the explorer; everything else prints as text.
        if TerminalSize.isInteractive, !plain, !solve, self.words.count == 1, self.words[0].lowercased() != "check" {
            let colors = ColorMode.detect(environment: ProcessInfo.processInfo.environment, isTerminal: true)
            let session = Session(environment: Folders.environment(width: width, colorMode: colors, interactive: true))
            if let lesson = session.loadCourse().lesson(named: self.words[0]) {
                let status = StandaloneView.open(.lesson(lesson.id), session: session, colorMode: colors)
                if status != 0 { throw ExitCode(status) }
                return
            }
        }
        // On a terminal, `nnlab lesson` alone opens the explorer where the learner stopped.
        if TerminalSize.isInteractive, !plain, !solve, self.words.isEmpty {
            let colors = ColorMode.detect(environment: ProcessInfo.processInfo.environment, isTerminal: true)
            let session = Session(environment: Folders.environment(width: width, colorMode: colors, interactive: true))
            let printer = OutputPrinter(width: width, colorMode: colors, foldsText: true)
            var requests: [ViewRequest] = []
            do {
                try session.run(try Command(name: "lesson", words: [])) { block in
                    if case .view(let request) = block { requests.append(request) } else { StandardStream.out(printer.text(block)) }
                }
            } catch {
                StandardStream.err("error: \(error.message)\n")
                throw ExitCode(1)
            }
            for request in requests {
                let status = StandaloneView.open(request, session: session, colorMode: colors)
                if status != 0 { throw ExitCode(status) }
            }
            return
        }
        let words = self.words + (plain ? ["--plain"] : []) + (solve ? ["--solve"] : [])
        let session = Session(environment: Folders.environment(width: width, colorMode: .none, interactive: false))
        let status = CommandWords.run(name: "lesson", words: words, session: session, width: width)
        if status != 0 { throw ExitCode(status) }
    }
}

/// `nnlab quiz [TOPIC|interview] [n=N] [minutes=M] [seed=S] [--plain] [--list]`.
struct Quiz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drill interview questions.",
        discussion: """
            `nnlab quiz` serves the questions that are due first, then new ones; `nnlab quiz TOPIC \
            n=5` drills one topic or lesson; `nnlab quiz interview` is a timed mock interview \
            (`minutes=M`). Grades and the review schedule are kept in the data folder. With \
            --plain (or when standard input or output is not a terminal) the questions are printed \
            and the answers read from standard input, one per line.
            """)

    @Argument(help: ArgumentHelp("A topic or lesson, or `interview`; then n=N, minutes=M, seed=S.", valueName: "words"))
    var words: [String] = []

    @Flag(help: "Ask in plain text, reading answers from standard input.")
    var plain = false

    @Flag(help: "List every question: ID<TAB>TOPIC<TAB>KIND<TAB>QUESTION.")
    var list = false

    func run() throws {
        let width = TerminalSize.isInteractive ? TerminalSize.columns() : 80
        let session = Session(environment: Folders.environment(width: width, colorMode: .none, interactive: false))
        if list {
            guard words.isEmpty else { throw ValidationError("--list takes no other words") }
            let course = session.loadCourse()
            for line in course.skippedLines { StandardStream.err("note: \(line)\n") }
            for line in QuizBank(course: course).listing { print(line) }
            return
        }
        let request: QuizRequest
        do {
            request = try session.quizRequest(Command(name: "quiz", words: words))
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        if plain || !TerminalSize.isInteractive {
            let status = PlainQuiz(session: session, width: width).run(request)
            if status != 0 { throw ExitCode(status) }
            return
        }
        let colors = ColorMode.detect(environment: ProcessInfo.processInfo.environment, isTerminal: true)
        session.environment.colorMode = colors
        session.environment.interactive = true
        let status = StandaloneView.open(.quiz(request), session: session, colorMode: colors)
        if status != 0 { throw ExitCode(status) }
    }
}

/// Runs nnlab's own arguments as a command of the language.
enum CommandWords {
    /// Builds the command from the words as they are (never joined into a line and parsed
    /// again: a word holding quotes, `;` or `#` stays one word), runs it in plain mode and
    /// returns the exit status; an error prints as `error: MESSAGE` on standard error, folded
    /// to the width.
    static func run(name: String, words: [String], session: Session, width: Int) -> Int32 {
        let printer = OutputPrinter(width: width, colorMode: .none, foldsText: true)
        do {
            try session.run(try Command(name: name, words: words)) { block in StandardStream.out(printer.text(block)) }
        } catch {
            // Read by a person at a terminal: folded to the width like the output.
            let lines = "error: \(error.message)".split(separator: "\n", omittingEmptySubsequences: false)
                .flatMap { OutputPrinter.fold(String($0), width: printer.width) }
            StandardStream.err(lines.joined(separator: "\n") + "\n")
            return 1
        }
        return 0
    }
}

/// Where the lessons and the data live.
enum Folders {
    /// A session environment with the folders resolved.
    static func environment(width: Int, colorMode: ColorMode, interactive: Bool) -> SessionEnvironment {
        SessionEnvironment(dataFolder: DataFolder.path(), lessonsFolder: lessonsFolder(),
                           width: width, colorMode: colorMode, interactive: interactive)
    }

    /// `$NNLAB_LESSONS`, else `lessons/` in the current folder, else the `lessons` folder of the
    /// source checkout this binary was built from.
    static func lessonsFolder() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let folder = environment["NNLAB_LESSONS"], !folder.isEmpty { return folder }
        let local = UserPath(UserPath.currentFolder()).appending("lessons").string
        if isFolder(local) { return local }
        let checkout = UserPath(#filePath).parent.parent.parent.appending("lessons").string
        return isFolder(checkout) ? checkout : local
    }

    private static func isFolder(_ path: String) -> Bool { UserFile.kind(of: path) == .folder }
}

NNLab.main()
