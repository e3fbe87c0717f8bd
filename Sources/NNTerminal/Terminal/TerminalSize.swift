#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEditLine

/// The size of the terminal output goes to.
public enum TerminalSize {
    /// The columns of standard output's terminal, else `$COLUMNS`, else `fallback`.
    public static func columns(fallback: Int = 80) -> Int {
        let columns = Int(nn_terminal_columns(STDOUT_FILENO))
        if columns > 0 { return columns }
        if let text = getenv("COLUMNS"), let value = Int(String(cString: text)), value > 0 { return value }
        return fallback
    }

    /// Whether both standard input and standard output are terminals.
    public static var isInteractive: Bool {
        isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    }
}
