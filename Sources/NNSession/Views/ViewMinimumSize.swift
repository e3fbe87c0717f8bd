import NNRender

/// The smallest terminal the full-screen views draw in, and what they show below it.
public enum ViewMinimumSize {
    /// Columns and rows every view needs.
    public static let width = 60
    public static let height = 20

    /// Whether a view fits in `buffer`; when it does not, the buffer gets one line saying
    /// "terminal too small (needs 60×20)", and the view draws nothing else until it is enlarged.
    public static func fits(_ buffer: inout Buffer) -> Bool {
        if buffer.width >= width && buffer.height >= height { return true }
        buffer.set(x: 0, y: 0, string: "terminal too small (needs \(width)×\(height))", style: Style(bold: true))
        return false
    }
}
