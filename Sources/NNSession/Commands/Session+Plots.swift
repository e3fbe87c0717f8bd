import NNData

extension Session {
    /// `plot …` (wired to NNRender's widgets).
    func runPlot(_ command: Command, sink: Sink) throws(CommandError) {
        throw CommandError("'plot' is not available yet in this version", column: command.column, length: command.name.count)
    }

    /// A scatter plot of a dataset, when plots are available.
    func dataPlot(_ dataset: Dataset) -> OutputBlock? { nil }
}
