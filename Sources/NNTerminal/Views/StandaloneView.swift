import Foundation
import NNRender
import NNSession

/// Opens one full-screen view straight from the shell (`nnlab quiz`, `nnlab lesson NAME`),
/// without the hub: the terminal is guarded as in the hub, the view's `:` prompt shares the
/// hub's history file, and what the view leaves behind is printed when it closes.
public enum StandaloneView {
    /// Runs the view a request names; returns the exit status.
    public static func open(_ request: ViewRequest, session: Session, colorMode: ColorMode) -> Int32 {
        TerminalGuard.install()
        Interruption.install()
        defer {
            TerminalGuard.restore()
            Interruption.uninstall()
        }
        let course = session.loadCourse()
        let completer = Completer(lessonNames: course.lessons.map(\.id),
                                  topicNames: Array(Set(course.lessons.flatMap(\.header.topics))).sorted() + ["interview"])
        let dataFolder = session.environment.dataFolder
        let historyFile = DataFolder.create(dataFolder) == nil ? (dataFolder as NSString).appendingPathComponent("history") : nil
        let editor = LineEditor(historyFile: historyFile, completer: completer) { StandardStream.err(BlockPrinting.note($0)) }
        let runner = ViewRunner(colorMode: colorMode, history: editor.lines, completer: completer)
        let known = runner.history.count
        let blocks = runner.open(request, session: session)
        runner.close()
        for typed in runner.history.dropFirst(known) { editor.remember(typed) }
        let printer = OutputPrinter(width: TerminalSize.columns(), colorMode: colorMode, foldsText: true)
        for block in blocks { StandardStream.out(BlockPrinting.replText(block, printer: printer)) }
        return blocks.contains { if case let .text(text) = $0 { return text.hasPrefix("error:") } else { return false } } ? 1 : 0
    }
}
