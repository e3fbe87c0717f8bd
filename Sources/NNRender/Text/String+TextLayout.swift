/// Small string helpers for the Markdown parser and renderer.
extension String {
    func trimmingLeadingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" })
    }

    func trimmingTrailingSpaces() -> String {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }

    /// Tabs replaced by spaces up to the next multiple of four columns.
    func replacingTabs() -> String {
        guard contains("\t") else { return self }
        var result = ""
        var column = 0
        for c in self {
            if c == "\t" {
                let spaces = 4 - column % 4
                result += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                result.append(c)
                column += DisplayWidth.of(c)
            }
        }
        return result
    }
}
