import NNRender

/// A full-screen view in the Elm style: messages in through `update`, the screen out through
/// `render`. Views never touch the terminal, so they are tested with plain messages and
/// buffers; NNTerminal's loop feeds them keys and ticks and draws what they render.
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
}
