/// A mouse event in a full-screen view: which button did what, and where (cells from 0).
///
/// Terminals report the mouse when asked with `ESC [ ? 1000 h` (buttons) and
/// `ESC [ ? 1006 h` (SGR encoding): a press arrives as `ESC [ < b ; x ; y M` and a release
/// with `m` instead of `M`, with `x` and `y` counted from 1. `parseSGR` reads the part after
/// `ESC [`.
public struct MouseEvent: Equatable, Sendable {
    /// The button, or the wheel.
    public enum Button: Equatable, Sendable { case left, middle, right, wheelUp, wheelDown, other }

    public var button: Button
    /// Pressed (true) or released.
    public var pressed: Bool
    /// The cell, from the left edge, from 0.
    public var x: Int
    /// The cell, from the top, from 0.
    public var y: Int

    public init(button: Button, pressed: Bool = true, x: Int, y: Int) {
        self.button = button
        self.pressed = pressed
        self.x = x
        self.y = y
    }

    /// The turn-on sequence for button reporting in the SGR encoding.
    public static let enableSequence = "\u{1B}[?1000h\u{1B}[?1006h"
    /// The turn-off sequence (the reverse order).
    public static let disableSequence = "\u{1B}[?1006l\u{1B}[?1000l"

    /// Reads an SGR report after its `ESC [`: `<0;10;5M` is a left press at column 10, row 5
    /// (cell (9, 4)); nil for anything else. Motion reports (bit 32) are dropped.
    public static func parseSGR(_ body: String) -> MouseEvent? {
        guard body.hasPrefix("<"), let final = body.last, final == "M" || final == "m" else { return nil }
        let numbers = body.dropFirst().dropLast().split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        guard numbers.count == 3, let code = numbers[0], let column = numbers[1], let row = numbers[2],
              column >= 1, row >= 1, code >= 0, code & 32 == 0 else { return nil }
        let button: Button
        if code & 64 != 0 {
            button = code & 1 == 0 ? .wheelUp : .wheelDown
        } else {
            switch code & 3 {
            case 0: button = .left
            case 1: button = .middle
            case 2: button = .right
            default: button = .other
            }
        }
        return MouseEvent(button: button, pressed: final == "M", x: column - 1, y: row - 1)
    }
}
