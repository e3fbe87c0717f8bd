import NNRender

/// A full-screen view in the Elm style: messages in through `update`, the screen out through
/// `render`. Views never touch the terminal, so they are tested with plain messages and
/// buffers; NNTerminal's loop feeds them keys and ticks and draws what they render.
///
/// Nor do views touch the disk in `update`: reading and saving the learner's progress and
/// grades leave the view as `ViewTask`s, which the loop carries out (`carryOutTasks`) after
/// each update, giving the results back as `.taskFinished` messages.
public protocol InteractiveView: AnyObject {
    /// Handles one message and says what the loop should do next.
    func update(_ message: ViewMessage) -> ViewEffect
    /// Draws the whole screen.
    func render(into buffer: inout Buffer)
    /// Does up to `budget` seconds of background work (training) between frames; returns
    /// whether anything changed on screen. Views that are not busy are asked too, with no
    /// budget, so one that changes on its own (a countdown) gets redrawn.
    func work(budget: Double) -> Bool
    /// Whether the view has work to do now (so the loop should not sleep).
    var isBusy: Bool { get }
    /// Runs a command typed at the view's `:` prompt; returns a line to show.
    func runCommand(_ line: String) -> String
    /// Lines to leave in the scrollback when the view closes.
    func closingOutput() -> [OutputBlock]
    /// Hands over the tasks the view's updates asked for, oldest first, and forgets them.
    func takeTasks() -> [ViewTask]
}

extension InteractiveView {
    /// A view that asks for no tasks hands over none.
    public func takeTasks() -> [ViewTask] { [] }

    /// Carries out the tasks the view handed out, in order, and gives it each result as a
    /// `.taskFinished` message; a result may ask for more tasks, which are carried out in
    /// turn (at most 16 rounds, so a view cannot keep the loop here; what is left waits for
    /// the next call). Returns the results, oldest first.
    ///
    /// The one place view tasks are done: the terminal's loop calls it after every update and
    /// when the view closes, and tests call it to do what the loop does.
    @discardableResult
    public func carryOutTasks() -> [ViewTaskResult] {
        var results: [ViewTaskResult] = []
        for _ in 0..<16 {
            let tasks = takeTasks()
            if tasks.isEmpty { break }
            for task in tasks {
                let result = task.carryOut()
                results.append(result)
                // A result only updates what the view shows; it never closes the view.
                _ = update(.taskFinished(result))
            }
        }
        return results
    }
}
