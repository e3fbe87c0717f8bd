/// The marks and legends shared by the scatter plot and the decision-boundary plot: one shape
/// and color per class, filled for training points and hollow (or lowercase) for test points.
enum ClassMarks {
    /// The symbol for a point.
    static func symbol(classIndex: Int, isTest: Bool, glyphs: GlyphSet, monochrome: Bool) -> String {
        if monochrome || glyphs == .ascii { return ClassPalette.classLetter(classIndex, uppercase: !isTest) }
        return ClassPalette.markSymbol(forClass: classIndex, filled: !isTest, glyphs: glyphs)
    }

    /// The name of a class: the given name, or "class N".
    static func name(_ index: Int, _ names: [String]?) -> String {
        if let names, index < names.count { return names[index] }
        return "class \(index)"
    }

    /// Legends from the most to the least detailed, for the caller to draw the first that fits.
    static func legends(classCount: Int, classNames: [String]?, hasTest: Bool, glyphs: GlyphSet,
                        monochrome: Bool, color: (Int) -> Color) -> [ChartLegend] {
        let count = max(0, classCount)
        func build(shortNames: Bool) -> ChartLegend {
            var entries = (0..<count).map { i -> ChartLegend.Entry in
                let label = shortNames && classNames == nil ? "\(i)" : name(i, classNames)
                return ChartLegend.Entry(symbol: symbol(classIndex: i, isTest: false, glyphs: glyphs, monochrome: monochrome),
                                         symbolStyle: monochrome ? .plain : Style(fg: color(i), bold: true), label: label)
            }
            if hasTest {
                let hollow = (0..<min(2, count)).map { symbol(classIndex: $0, isTest: true, glyphs: glyphs, monochrome: monochrome) }
                entries.append(ChartLegend.Entry(symbol: hollow.joined(), symbolStyle: .plain,
                                                 label: shortNames ? "test" : "test points"))
            }
            return ChartLegend(entries: entries)
        }
        return [build(shortNames: false), build(shortNames: true)]
    }
}
