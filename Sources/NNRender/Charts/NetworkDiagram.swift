import Foundation

/// A feed-forward network drawn as columns of nodes joined by edges: an edge's color shows its
/// weight's sign (red positive, blue negative) and size (deeper = larger |w|), and its stroke the
/// sign again (solid positive, dashed negative) so the diagram reads without color. Node values
/// are printed where space allows; layers taller than the area show their first nodes, a
/// `⋮ 60 more` line and their last node. One node or edge may be highlighted (the pass
/// explorer's current value): it is drawn bold in yellow, and a layer too tall to show every
/// node scrolls so the highlighted node is on screen.
public struct NetworkDiagram: Widget {
    /// A node or an edge to draw highlighted. Columns count from the input layer (0).
    public enum Highlight: Hashable, Sendable {
        /// Node `unit` of a column.
        case node(column: Int, unit: Int)
        /// The edge from node `from` of `column` to node `to` of `column + 1`.
        case edge(column: Int, from: Int, to: Int)
    }

    /// The number of nodes of each layer, input first.
    public var layerSizes: [Int]
    /// One matrix per pair of adjacent layers, `outputs × inputs` (as `W` in `z = W·a + b`).
    public var weights: [[[Double]]]
    /// Node values per layer (for example the activations of one sample), printed next to nodes;
    /// NaN marks a value not known yet and prints nothing.
    public var nodeValues: [[Double]]?
    /// Names shown above the layers; nil shows "in", "h1", "h2"…, "out".
    public var layerNames: [String]?
    /// Edges with |w| below this fraction of the layer's largest |w| are not drawn.
    public var hiddenWeightFraction: Double
    public var colorMode: ColorMode
    public var glyphs: GlyphSet
    public var showsLegend: Bool
    /// The node or edge drawn highlighted, if any.
    public var highlight: Highlight?

    public init(layerSizes: [Int], weights: [[[Double]]] = [], nodeValues: [[Double]]? = nil, layerNames: [String]? = nil,
                hiddenWeightFraction: Double = 0.15, colorMode: ColorMode = .indexed256, glyphs: GlyphSet = .unicode,
                showsLegend: Bool = true, highlight: Highlight? = nil) {
        self.layerSizes = layerSizes
        self.weights = weights
        self.nodeValues = nodeValues
        self.layerNames = layerNames
        self.hiddenWeightFraction = hiddenWeightFraction
        self.colorMode = colorMode
        self.glyphs = glyphs
        self.showsLegend = showsLegend
        self.highlight = highlight
    }

    private func name(ofLayer l: Int) -> String {
        if let layerNames, l < layerNames.count { return layerNames[l] }
        if l == 0 { return "in" }
        if l == layerSizes.count - 1 { return "out" }
        return "h\(l)"
    }

    /// The nodes of a layer that get a row, with their rows, and where the elision lines go.
    private struct LayerRows {
        var nodes: [(index: Int, row: Int)]
        var elisions: [(row: Int, count: Int)]
    }

    /// The nodes of a highlighted column that must be visible.
    private func focusUnits(ofColumn l: Int) -> [Int] {
        switch highlight {
        case .node(let column, let unit) where column == l: return [unit]
        case .edge(let column, let from, _) where column == l: return [from]
        case .edge(let column, _, let to) where column + 1 == l: return [to]
        default: return []
        }
    }

    private func rows(forLayerOfSize n: Int, height: Int, focus: Int?) -> LayerRows {
        guard n > 0, height > 0 else { return LayerRows(nodes: [], elisions: []) }
        if n <= height {
            let nodes = (0..<n).map { i in (index: i, row: Int((Double(i) + 0.5) * Double(height) / Double(n))) }
            return LayerRows(nodes: nodes, elisions: [])
        }
        if height < 3 {
            let shown = focus.map { min(max($0, 0), n - 1) } ?? 0
            return LayerRows(nodes: [(index: shown, row: 0)], elisions: height > 1 ? [(row: 1, count: n - 1)] : [])
        }
        let firstCount = height - 2
        if let focus, focus >= firstCount, focus < n - 1 {
            // Scroll: an elision line on top, a window of nodes around the focus, one below.
            let window = height - 2
            let start = min(max(focus - window / 2, 1), n - window - 1)
            let nodes = (0..<window).map { (index: start + $0, row: 1 + $0) }
            return LayerRows(nodes: nodes, elisions: [(row: 0, count: start), (row: height - 1, count: n - start - window)])
        }
        var nodes = (0..<firstCount).map { (index: $0, row: $0) }
        nodes.append((index: n - 1, row: height - 1))
        return LayerRows(nodes: nodes, elisions: [(row: height - 2, count: n - firstCount - 1)])
    }

    public func render(in area: Rect, buffer: inout Buffer) {
        guard !area.isEmpty, !layerSizes.isEmpty else { return }
        let u = glyphs == .unicode
        let hasHeader = area.height >= 4
        let hasFooter = showsLegend && area.height >= 10 && !weights.isEmpty
        let body = area.inset(top: hasHeader ? 1 : 0, bottom: hasFooter ? 1 : 0)
        let layers = layerSizes.count

        // Columns: each layer is a block of the node glyph plus, when room, its value label.
        var labelWidth = nodeValues == nil ? 0 : 6
        func gap(_ labelWidth: Int) -> Int {
            layers > 1 ? (body.width - layers * (1 + labelWidth + (labelWidth > 0 ? 1 : 0))) / (layers - 1) : 0
        }
        if labelWidth > 0 && gap(labelWidth) < 6 { labelWidth = 0 }
        // A value label is followed by a space before the edges start.
        let block = 1 + labelWidth + (labelWidth > 0 ? 1 : 0)
        let spacing = max(0, gap(labelWidth))
        let drawsEdges = spacing >= 2
        let columnX: [Int] = (0..<layers).map { l in
            layers == 1 ? body.left + (body.width - block) / 2 : body.left + l * (block + spacing)
        }
        let layerRows = layerSizes.enumerated().map { l, size in
            rows(forLayerOfSize: size, height: body.height, focus: focusUnits(ofColumn: l).first)
        }

        // Headers.
        if hasHeader {
            for l in 0..<layers {
                let text = "\(name(ofLayer: l)) \(layerSizes[l])"
                let w = DisplayWidth.of(text)
                let start = ChartFrame.labelStart(center: columnX[l], width: w, left: area.left, right: area.right)
                buffer.set(x: start, y: area.top, string: text, style: Style(bold: true), clip: area)
            }
        }

        // Edges, weakest first so the strongest own the cells they share.
        if drawsEdges && body.height > 0 {
            var canvas = PlotCanvas(columns: body.width, rows: body.height, resolution: u ? .braille : .cell)
            var highlighted = PlotCanvas(columns: body.width, rows: body.height, resolution: u ? .braille : .cell)
            let sx = canvas.subdivisionsX, sy = canvas.subdivisionsY
            for l in 0..<min(layers - 1, weights.count) {
                let matrix = weights[l]
                let maxAbs = matrix.flatMap { $0 }.filter(\.isFinite).map(abs).max() ?? 0
                guard maxAbs > 0 else { continue }
                var edges: [(from: Int, to: Int, w: Double)] = []
                for target in layerRows[l + 1].nodes {
                    guard target.index < matrix.count else { continue }
                    for source in layerRows[l].nodes where source.index < matrix[target.index].count {
                        let w = matrix[target.index][source.index]
                        guard w.isFinite, abs(w) >= hiddenWeightFraction * maxAbs else { continue }
                        if colorMode == .none && abs(w) < 0.3 * maxAbs { continue }
                        edges.append((source.row, target.row, w))
                    }
                }
                edges.sort { abs($0.w) < abs($1.w) }
                let x0 = Double((columnX[l] + block - body.left) * sx) + 0.5
                let x1 = Double((columnX[l + 1] - 1 - body.left) * sx + sx) - 0.5
                if case .edge(let column, let from, let to)? = highlight, column == l,
                   let source = layerRows[l].nodes.first(where: { $0.index == from }),
                   let target = layerRows[l + 1].nodes.first(where: { $0.index == to }) {
                    let w = to < matrix.count && from < matrix[to].count ? matrix[to][from] : 1
                    highlighted.drawLine(from: (x0, Double(source.row * sy) + Double(sy) / 2),
                                         to: (x1, Double(target.row * sy) + Double(sy) / 2),
                                         color: colorMode == .none ? .default : .yellow, marker: w >= 0 ? "+" : "-")
                }
                for e in edges {
                    let magnitude = abs(e.w) / maxAbs
                    let y0 = Double(e.from * sy) + Double(sy) / 2, y1 = Double(e.to * sy) + Double(sy) / 2
                    canvas.drawLine(from: (x0, y0), to: (x1, y1), color: edgeColor(e.w, magnitude: magnitude),
                                    marker: e.w >= 0 ? "+" : "-", priority: Int(magnitude * 1000),
                                    pattern: e.w >= 0 ? .solid : .dashed)
                }
            }
            canvas.draw(into: &buffer, at: body)
            highlighted.draw(into: &buffer, at: body, bold: true)
        }

        // Nodes and their values; elision lines.
        for l in 0..<layers {
            for node in layerRows[l].nodes {
                let y = body.top + node.row
                var style = Style(bold: true)
                var valueText: String?
                if let nodeValues, l < nodeValues.count, node.index < nodeValues[l].count, !nodeValues[l][node.index].isNaN {
                    let v = nodeValues[l][node.index]
                    valueText = NumberFormat.fixed(v, decimals: 2)
                    if colorMode != .none, v.isFinite {
                        style.fg = colorMode == .basic8 ? DivergingPalette.basicColor(for: tanh(v))
                            : DivergingPalette.blueWhiteRed.color(for: tanh(v))
                    }
                }
                var glyph = u ? "●" : "o"
                if focusUnits(ofColumn: l).contains(node.index) {
                    glyph = u ? "◉" : "@"
                    style = Style(fg: colorMode == .none ? .default : .yellow, bold: true, reverse: highlight == .node(column: l, unit: node.index))
                }
                buffer.set(x: columnX[l], y: y, string: glyph, style: style, clip: body)
                if labelWidth > 0, let valueText {
                    buffer.set(x: columnX[l] + 1, y: y, string: " " + DisplayWidth.truncate(valueText, toWidth: labelWidth - 1), clip: body)
                }
            }
            for elision in layerRows[l].elisions where elision.count > 0 {
                let text = (u ? "⋮ " : ": ") + "\(elision.count) more"
                buffer.set(x: columnX[l], y: body.top + elision.row, string: text, style: Style(dim: true), clip: body)
            }
        }

        if hasFooter {
            let row = area.row(area.height - 1)
            let positive = colorMode == .none ? Style() : Style(fg: edgeColor(1, magnitude: 1))
            let negative = colorMode == .none ? Style() : Style(fg: edgeColor(-1, magnitude: 1))
            let legend = ChartLegend(entries: [
                ChartLegend.Entry(symbol: u ? "━━" : "++", symbolStyle: positive, label: "w > 0"),
                ChartLegend.Entry(symbol: u ? "╍╍" : "--", symbolStyle: negative, label: "w < 0"),
                ChartLegend.Entry(symbol: "", symbolStyle: .plain,
                                  label: colorMode == .none ? "weak edges hidden" : "deeper color = larger |w|", labelStyle: Style(dim: true)),
            ])
            if !legend.drawLine(into: &buffer, row: row, alignRight: false) {
                ChartLegend(entries: Array(legend.entries.prefix(2))).drawLine(into: &buffer, row: row, alignRight: false)
            }
        }
    }

    private func edgeColor(_ w: Double, magnitude: Double) -> Color {
        switch colorMode {
        case .none: return .default
        case .basic8: return w >= 0 ? .red : .blue
        case .indexed256:
            let t = (0.35 + 0.65 * max(0, min(1, magnitude))) * (w >= 0 ? 1 : -1)
            return DivergingPalette.blueWhiteRed.color(for: t)
        }
    }
}
