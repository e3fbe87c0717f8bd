import Foundation
import NNRender
import NNSession

/// The hub: a welcome, the lesson list, and a `nnlab>` prompt that runs commands and prints
/// their output into the scrollback until Ctrl-D or `quit`.
///
/// Ctrl-C at the prompt abandons the line; during a command it sets `Interruption.requested`,
/// which the session polls to stop long work, and the prompt comes back when the command
/// returns. The terminal's settings are saved at start and restored on every way out.
public final class Repl {
    /// The session commands run in.
    public let session: Session
    /// The colors output may use.
    public let colorMode: ColorMode
    /// The prompt.
    public static let prompt = "nnlab> "
    /// Below this many columns the hub warns that output will be cramped.
    public static let narrowestWidth = 40

    /// Makes a hub for a session; folders come from the session's environment.
    public init(session: Session, colorMode: ColorMode) {
        self.session = session
        self.colorMode = colorMode
    }

    /// Runs until the person leaves; returns the exit status.
    public func run() -> Int32 {
        TerminalGuard.install()
        Interruption.install()
        let previousCheck = session.cancellationCheck
        session.cancellationCheck = { Interruption.requested }
        defer {
            session.cancellationCheck = previousCheck
            TerminalGuard.restore()
            Interruption.uninstall()
        }

        StandardStream.out(welcome())
        var warnings: [String] = []
        if ProcessInfo.processInfo.environment["TERM"].map({ $0.isEmpty }) ?? true {
            warnings.append("note: TERM is not set; line editing uses a basic terminal")
        }
        let dataFolder = session.environment.dataFolder
        var historyFile: String? = (dataFolder as NSString).appendingPathComponent("history")
        if let warning = DataFolder.create(dataFolder) {
            warnings.append(warning)
            historyFile = nil
        }
        let course = session.loadCourse()
        let lessonIDs = course.lessons.map(\.id)
        let lessons = lessonIDs.isEmpty ? LessonFiles.names(in: session.environment.lessonsFolder) ?? [] : lessonIDs
        let topics = Array(Set(course.lessons.flatMap(\.header.topics))).sorted()
        let completer = Completer(lessonNames: lessons, topicNames: topics.isEmpty ? [] : topics + ["interview"])
        let columns = TerminalSize.columns()
        if columns < Self.narrowestWidth {
            warnings.append("note: the terminal is \(columns) columns wide; plots and tables need at least \(Self.narrowestWidth)")
        }
        let editor = LineEditor(historyFile: historyFile, completer: completer) { warning in
            StandardStream.err(BlockPrinting.note(warning))
        }
        for warning in warnings { StandardStream.err(BlockPrinting.note(warning, width: columns)) }
        StandardStream.out("\n")

        let views = ViewRunner(colorMode: colorMode, history: editor.lines,
                               completer: Completer(lessonNames: lessons))
        self.views = views
        self.editor = editor
        defer { views.close() }

        loop: while true {
            switch editor.read(prompt: Self.prompt) {
            case .endOfInput:
                StandardStream.out("\n")
                break loop
            case .interrupted:
                StandardStream.out("^C\n")
            case .line(let line):
                editor.remember(line)
                views.history.append(line)
                guard !line.allSatisfy(\.isWhitespace) else { continue }
                execute(line)
                if session.wantsToQuit { break loop }
            }
        }
        editor.saveHistory()
        return 0
    }

    /// Opens the full-screen views commands ask for.
    private var views: ViewRunner?
    /// The line editor, while the hub runs.
    private var editor: LineEditor?

    /// Runs one line and prints its output as it arrives, or the error.
    private func execute(_ line: String) {
        let width = TerminalSize.columns()
        session.environment.width = width
        let printer = OutputPrinter(width: width, colorMode: colorMode, foldsText: true)
        Interruption.clear()
        Interruption.setCommandRunning(true)
        defer { Interruption.setCommandRunning(false) }
        var requests: [ViewRequest] = []
        do {
            try session.execute(line) { block in
                if case .view(let request) = block { requests.append(request); return }
                StandardStream.out(BlockPrinting.replText(block, printer: printer))
            }
        } catch {
            StandardStream.out(BlockPrinting.errorText(error, line: line, colorMode: colorMode, width: width))
        }
        for request in requests { openView(request) }
    }

    /// Opens a full-screen view and, when it closes, prints what it leaves in the scrollback.
    private func openView(_ request: ViewRequest) {
        guard let views else { return }
        let known = views.history.count
        Interruption.setCommandRunning(false)
        let blocks = views.open(request, session: session)
        // The terminal may have been resized while the view was up.
        let width = TerminalSize.columns()
        session.environment.width = width
        let resized = OutputPrinter(width: width, colorMode: colorMode, foldsText: true)
        for block in blocks { StandardStream.out(BlockPrinting.replText(block, printer: resized)) }
        // Lines typed at the view's `:` prompt join the REPL's history.
        for typed in views.history.dropFirst(known) { editor?.remember(typed) }
    }

    /// The welcome: what nnlab is, the lessons, and how to go on with the course, every line
    /// folded to the terminal's width.
    private func welcome() -> String {
        let width = TerminalSize.columns()
        let name = "nnlab \(NNLabVersion.current)"
        var lines = [
            "\(name) — learn how neural networks work by running them.",
            "`help` lists the commands, `lessons` the course; Tab completes, Ctrl-D leaves.",
            "",
        ]
        lines += WelcomeLessons.lines(session: session, width: width)
        if let next = WelcomeLessons.continuation(session: session) { lines += ["", next] }
        var folded = lines.flatMap { OutputPrinter.fold($0, width: max(width - 1, 20)) }
        if colorMode != .none, folded[0].hasPrefix(name) {
            folded[0] = "\u{1B}[1m\(name)\u{1B}[0m" + folded[0].dropFirst(name.count)
        }
        return folded.joined(separator: "\n") + "\n"
    }
}
