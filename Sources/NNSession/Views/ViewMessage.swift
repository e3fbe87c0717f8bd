/// A key a full-screen view receives, decoded from the terminal.
public enum ViewKey: Equatable, Sendable {
    case character(Character)
    case enter, escape, backspace, delete, tab
    /// Shift-Tab.
    case backTab
    case up, down, left, right, home, end, pageUp, pageDown
    /// A mouse button pressed or released, or the wheel (terminals with SGR mouse reporting,
    /// while a view that asks for the mouse is up).
    case mouse(MouseEvent)
}

/// What arrives at a view: keys, a new size, the clock, the results of its tasks.
public enum ViewMessage: Equatable, Sendable {
    case key(ViewKey)
    case resize(width: Int, height: Int)
    /// Time passed; views that animate or train do their work here.
    case tick
    /// A task the view handed out (`InteractiveView.takeTasks`) was carried out; how it went.
    case taskFinished(ViewTaskResult)
}

/// What a view asks of the loop that runs it after an update.
public enum ViewEffect: Equatable, Sendable {
    case none
    /// Close the view and return to the hub.
    case close
    /// Open the one-line command prompt.
    case openPrompt
}
