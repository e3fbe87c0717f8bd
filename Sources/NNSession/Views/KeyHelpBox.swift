import NNRender

/// The "keys" box a view shows over itself on `?`: one line a key, centred in the view's area.
struct KeyHelpBox: Widget {
    /// The lines, each a key and what it does.
    var lines: [String]

    func render(in area: Rect, buffer: inout Buffer) {
        let width = min(area.width - 2, (lines.map(DisplayWidth.of).max() ?? 20) + 4)
        let height = min(area.height, lines.count + 2)
        guard width > 2, height > 2 else { return }
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box)
        let panel = Panel(title: "keys")
        panel.render(in: box, buffer: &buffer)
        let inner = panel.inner(of: box)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            buffer.set(x: inner.x + 1, y: inner.y + i, string: line, style: Style(), clip: inner)
        }
    }
}
