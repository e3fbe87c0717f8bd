#if canImport(Glibc)
import Glibc
#endif
import CNcursesW
import NNRender
import NNSession

/// The ncurses backend: draws `Buffer`s, sending only the cells that changed since the last
/// frame, and decodes keys into `ViewKey`s.
///
/// It starts with `newterm` (not `initscr`, which exits the process on an unknown `TERM`),
/// so a terminal ncurses cannot drive is an error the hub reports, not a crash. Colors are
/// 256, 8 or none as the terminal allows; each foreground/background pair gets a color pair
/// on first use and travels in the `cchar_t`, so pair numbers above 255 work.
final class CursesScreen {
    private var screen: OpaquePointer?
    private var previous: Buffer?
    private var pairs: [Int: Int16] = [:]
    private var nextPair: Int16 = 1
    private var maximumPairs = 0
    /// The colors the screen draws with.
    let colorMode: ColorMode

    /// Why the screen could not start, if it could not.
    enum Failure: Error, CustomStringConvertible {
        case notATerminal
        case unknownTerminal(String)
        var description: String {
            switch self {
            case .notATerminal: return "standard input and output must be a terminal for a full-screen view"
            case .unknownTerminal(let term): return "ncurses cannot drive the terminal type '\(term)'; set TERM (e.g. xterm-256color)"
            }
        }
    }

    /// Takes over the terminal.
    init(colorMode requested: ColorMode) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw Failure.notATerminal }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        // Wide characters (box drawing, braille, math) need the user's UTF-8 locale.
        setlocale(LC_ALL, "")
        guard !term.isEmpty, let screen = newterm(nil, nn_stdout(), nn_stdin()) else {
            throw Failure.unknownTerminal(term.isEmpty ? "(unset)" : term)
        }
        self.screen = screen
        set_term(screen)
        set_escdelay(25)
        cbreak()
        noecho()
        nonl()
        _ = keypad(nn_stdscr(), true)
        curs_set(0)
        var mode = requested
        if mode != .none, has_colors() {
            start_color()
            use_default_colors()
            maximumPairs = Int(min(nn_color_pairs(), 32767))
            if nn_colors() < 256, mode == .indexed256 { mode = .basic8 }
        } else {
            mode = .none
        }
        colorMode = mode
        TerminalGuard.setLeaveSequence(CursesScreen.leaveSequence())
    }

    /// The terminal's own bytes for leaving the alternate screen and showing the cursor.
    static func leaveSequence() -> [UInt8] {
        var bytes: [UInt8] = []
        for capability in ["rmcup", "cnorm", "sgr0"] {
            guard let value = tigetstr(capability), Int(bitPattern: value) != -1, Int(bitPattern: value) != 0 else { continue }
            bytes += Array(String(cString: value).utf8)
        }
        return bytes
    }

    /// The terminal's size in cells.
    var size: (width: Int, height: Int) { (Int(getmaxx(nn_stdscr())), Int(getmaxy(nn_stdscr()))) }

    /// Draws a buffer: only the changed cells, or everything after a resize.
    func draw(_ buffer: Buffer) {
        let changes: [CellChange]
        if let previous, previous.width == buffer.width, previous.height == buffer.height {
            changes = buffer.diff(from: previous)
        } else {
            _ = werase(nn_stdscr())
            changes = buffer.diff(from: Buffer(width: 0, height: 0))
        }
        for change in changes where !change.cell.isContinuation {
            put(change.cell, x: change.x, y: change.y)
        }
        previous = buffer
        _ = wnoutrefresh(nn_stdscr())
        _ = doupdate()
    }

    /// Forgets what is on screen, so the next frame is drawn whole.
    func invalidate() {
        previous = nil
        _ = clearok(nn_stdscr(), true)
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var attributes = nn_a_normal()
        if cell.style.bold { attributes |= nn_a_bold() }
        if cell.style.dim { attributes |= nn_a_dim() }
        if cell.style.reverse { attributes |= nn_a_reverse() }
        if cell.style.underline { attributes |= nn_a_underline() }
        let pair = colorPair(cell.style)
        var wide = cell.symbol.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        if wide.isEmpty { wide = [wchar_t(32)] }
        wide.append(0)
        _ = nn_put_cell(nn_stdscr(), Int32(y), Int32(x), wide, attributes, pair)
    }

    private func colorPair(_ style: Style) -> Int16 {
        guard colorMode != .none else { return 0 }
        let fg = style.fg.paletteIndex(in: colorMode) ?? -1
        let bg = style.bg.paletteIndex(in: colorMode) ?? -1
        if fg == -1 && bg == -1 { return 0 }
        let key = (fg + 1) * 1024 + (bg + 1)
        if let pair = pairs[key] { return pair }
        guard Int(nextPair) < maximumPairs else { return 0 }
        let pair = nextPair
        nextPair += 1
        _ = init_pair(pair, Int16(fg), Int16(bg))
        pairs[key] = pair
        return pair
    }

    /// One input event, waiting at most `milliseconds` (0: don't wait).
    enum Input { case key(ViewKey), resize, interrupt }

    func read(waiting milliseconds: Int) -> Input? {
        wtimeout(nn_stdscr(), Int32(milliseconds))
        var character: wint_t = 0
        let result = wget_wch(nn_stdscr(), &character)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            switch Int32(character) {
            case nn_key_resize(): return .resize
            case nn_key_up(): return .key(.up)
            case nn_key_down(): return .key(.down)
            case nn_key_left(): return .key(.left)
            case nn_key_right(): return .key(.right)
            case nn_key_home(): return .key(.home)
            case nn_key_end(): return .key(.end)
            case nn_key_npage(): return .key(.pageDown)
            case nn_key_ppage(): return .key(.pageUp)
            case nn_key_backspace(): return .key(.backspace)
            case nn_key_dc(): return .key(.delete)
            case nn_key_enter(): return .key(.enter)
            default: return nil
            }
        }
        switch character {
        case 3: return .interrupt
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return escapeSequence()
        case 8, 127: return .key(.backspace)
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// Decodes what follows an Escape that curses did not recognise as a key: a lone Escape is
    /// the Escape key; a CSI or SS3 sequence another terminal type sends for a known key
    /// (`ESC [ 4 ~` for End inside tmux under a different TERM) is that key; any other
    /// sequence is dropped rather than taken for Escape, which closes views.
    private func escapeSequence() -> Input? {
        var bytes: [UInt8] = []
        wtimeout(nn_stdscr(), 0)
        var character: wint_t = 0
        // An SGR mouse report (`ESC [ < 0 ; 10 ; 5 M`) is the longest sequence read here.
        while bytes.count < 24, wget_wch(nn_stdscr(), &character) == OK, character < 128 {
            bytes.append(UInt8(character))
            // A CSI sequence ends with a byte from @ to ~; SS3 (`ESC O x`) after one more byte.
            let introduced = bytes[0] == UInt8(ascii: "[") || bytes[0] == UInt8(ascii: "O")
            if introduced, bytes.count >= 2, (0x40...0x7E).contains(bytes.last!) { break }
        }
        guard !bytes.isEmpty else { return .key(.escape) }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("[<") { return MouseEvent.parseSGR(String(text.dropFirst())).map { .key(.mouse($0)) } }
        switch text {
        case "[A", "OA": return .key(.up)
        case "[B", "OB": return .key(.down)
        case "[C", "OC": return .key(.right)
        case "[D", "OD": return .key(.left)
        case "[H", "OH", "[1~", "[7~": return .key(.home)
        case "[F", "OF", "[4~", "[8~": return .key(.end)
        case "[5~": return .key(.pageUp)
        case "[6~": return .key(.pageDown)
        case "[Z": return .key(.backTab)
        case "[3~": return .key(.delete)
        default: return nil
        }
    }

    /// Turns mouse reporting on or off by sending the SGR mode sequences; `escapeSequence`
    /// reads the reports (curses is told to leave them alone). Terminals without a mouse
    /// ignore the sequences, and the views that take clicks work with keys too.
    func setMouseReporting(_ on: Bool) {
        nn_mouse_keys_raw(on ? 1 : 0)
        let sequence = on ? MouseEvent.enableSequence : MouseEvent.disableSequence
        fputs(sequence, nn_stdout())
        fflush(nn_stdout())
        // A crash or signal while the canvas is up turns the mouse off too.
        TerminalGuard.setLeaveSequence(CursesScreen.leaveSequence() + (on ? Array(MouseEvent.disableSequence.utf8) : []))
    }

    /// Hands the terminal back to line editing, keeping the view's settings for `resume`.
    func suspend() {
        _ = def_prog_mode()
        _ = endwin()
        TerminalGuard.setLeaveSequence([])
    }

    /// Takes the terminal again after `suspend`.
    func resume() {
        TerminalGuard.setLeaveSequence(CursesScreen.leaveSequence())
        _ = reset_prog_mode()
        invalidate()
        // Curses still holds the last view's cells: blank them, or the refresh would show the
        // old view until the new one draws its first frame.
        _ = werase(nn_stdscr())
        _ = refresh()
    }

    /// Leaves curses for good and restores the terminal.
    ///
    /// A suspended screen has already left (`suspend`): ending it again would send the terminal
    /// another "leave the alternate screen", which puts the cursor back where the last view
    /// started, so the shell's prompt was drawn over nnlab's last lines.
    func end() {
        guard let screen else { return }
        if !isendwin() {
            curs_set(1)
            _ = endwin()
        }
        TerminalGuard.setLeaveSequence([])
        delscreen(screen)
        self.screen = nil
    }

    deinit { end() }
}
