import NNRender

/// Where a session runs: its folders and the shape of its output.
public struct SessionEnvironment: Sendable {
    /// The folder for history, progress and files lessons write (`$NNLAB_HOME`, else
    /// `$XDG_DATA_HOME/nnlab`, else `~/.local/share/nnlab`).
    public var dataFolder: String
    /// The folder holding the lesson files.
    public var lessonsFolder: String
    /// The width plots and tables are drawn at.
    public var width: Int
    /// The colors output may use.
    public var colorMode: ColorMode
    /// Whether a person is at a terminal (so `live` and full-screen views may open).
    public var interactive: Bool

    /// Makes an environment.
    public init(dataFolder: String, lessonsFolder: String, width: Int = 80, colorMode: ColorMode = .none, interactive: Bool = false) {
        self.dataFolder = dataFolder
        self.lessonsFolder = lessonsFolder
        self.width = width
        self.colorMode = colorMode
        self.interactive = interactive
    }
}
