/// How many colors the output may use: none, the 8 basic ANSI colors, or the 256-color palette.
///
/// The caller chooses: plain mode and `NO_COLOR` mean `.none`; `detect(environment:isTerminal:)`
/// is a convenience that applies the usual rules without touching the terminal itself.
public enum ColorMode: String, Hashable, Sendable, CaseIterable {
    /// No color and no escape codes at all.
    case none
    /// The 8 basic ANSI colors (SGR 30–37 and 40–47).
    case basic8
    /// The xterm 256-color palette (SGR 38;5;n and 48;5;n).
    case indexed256

    /// The color mode the usual conventions imply for an environment.
    ///
    /// `NO_COLOR` (any non-empty value), a non-terminal output, or `TERM=dumb` give `.none`;
    /// a `TERM` containing `256color` or a `COLORTERM` of `truecolor`/`24bit` gives `.indexed256`;
    /// anything else gives `.basic8`.
    public static func detect(environment: [String: String], isTerminal: Bool) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        guard isTerminal else { return .none }
        let term = environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" { return .none }
        let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
        if term.contains("256color") || colorTerm == "truecolor" || colorTerm == "24bit" {
            return .indexed256
        }
        return .basic8
    }
}
