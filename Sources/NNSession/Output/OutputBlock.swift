import NNRender

/// One piece of a command's output, printed by the REPL, plain mode or a view.
public enum OutputBlock {
    /// Lines of plain text.
    case text(String)
    /// A table with a header row.
    case table(TextTable)
    /// A plot or diagram, drawn at the output's width and the given height.
    case widget(any Widget, height: Int)
    /// A request to open a full-screen view (on a terminal); plain mode ignores it.
    case view(ViewRequest)
}

/// A full-screen view a command asks the terminal layer to open.
public enum ViewRequest: Sendable, Equatable {
    /// The training dashboard for `train … live`, at the pace `speed=` asked for (nil: the
    /// host's default — as fast as it can in the hub, spread over some seconds in a lesson).
    case dashboard(epochs: Int, batch: Int?, patience: Int?, pace: TrainingPace?)
    /// The pass explorer.
    case trace(sample: Int)
    /// A lesson's explorer.
    case lesson(String)
    /// The quiz.
    case quiz(QuizRequest)
    /// The drawing canvas of `data draw` (`classes=K`, nil: 2 or the current data's).
    case draw(classes: Int?)
}
