import Foundation

/// A feed-forward network drawn as columns of nodes joined by edges: an edge's color shows its
/// weight's sign (red positive, blue negative) and size (deeper = larger |w|), and its stroke the
/// sign again (solid positive, dashed negative) so the diagram reads without color. Node values
/// are printed where space allows; layers taller than the area show their first nodes, a
/// `⋮ 60 more` line and their last node.
public struct NetworkDiagram: Widget {
    /// The number of nodes of each layer, input first.
    public var layerSizes: [Int]
    /// One matrix per pair of adjacent layers, `outputs × inputs` (as `W` in `z = W·a + b`).
    public var weights: [[[Double]]]
    /// Node values per layer (for example the activations of one sample), printed next to nodes.
    public var nodeValues: [[Double]]?
    /// Names shown above the layers; nil shows "in", "h1", "h2"…, "out".
    public var layerNames: [String]?
    /// Edges with |w| below this fraction of the layer's largest |w| are not drawn.
    public var hiddenWeightFraction: Double
    public var colorMode: ColorMode
    public var glyphs: GlyphSet
    public var showsLegend: Bool

    public init(layerSizes: [Int], weights: [[[Double]]] = [], nodeValues: [[Double]]? = nil, layerNames: [String]? = nil,
                hiddenWeightFraction: Double = 0.15, colorMode: ColorMode = .indexed256, glyphs: GlyphSet = .unicode,
                showsLegend: Bool = true) {
        self.layerSizes = layerSizes
        self.weights = weights
        self.nodeValues = nodeValues
        self.layerNames = layerNames
        self.hiddenWeightFraction = hiddenWeightFraction
        self.colorMode = colorMode
        self.glyphs = glyphs
        self.showsLegend = showsLegend
    }

    private func name(ofLayer l: Int) -> String {
        if let layerNames, l < layerNames.count { return layerNames[l] }
        if l == 0 { return "in" }
        if l == layerSizes.count - 1 { return "out" }
        return "h\(l)"
    }

    /// The nodes of a layer that get a row, with their rows, and where the elision line goes.
    private struct LayerRows {
        var nodes: [(index: Int, row: Int)]
        var elidedCount: Int
        var elisionRow: Int?
    }

    private func rows(forLayerOfSize n: Int, height: Int) -> LayerRows {
        guard n > 0, height > 0 else { return LayerRows(nodes: [], elidedCount: 0, elisionRow: nil) }
        if n <= height {
            let nodes = (0..<n).map { i in (index: i, row: Int((Double(i) + 0.5) * Double(height) / Double(n))) }
            return LayerRows(nodes: nodes, elidedCount: 0, elisionRow: nil)
        }
        if height < 3 {
            return LayerRows(nodes: [(index: 0, row: 0)], elidedCount: n - 1, elisionRow: height > 1 ? 1 : nil)
        }
        let firstCount = height - 2
        var nodes = (0..<firstCount).map { (index: $0, row: $0) }
        nodes.append((index: n - 1, row: height - 1))
        return LayerRows(nodes: nodes, elidedCount: n - firstCount - 1, elisionRow: height - 2)
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
        let layerRows = layerSizes.map { rows(forLayerOfSize: $0, height: body.height) }

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
                for e in edges {
                    let magnitude = abs(e.w) / maxAbs
                    let y0 = Double(e.from * sy) + Double(sy) / 2, y1 = Double(e.to * sy) + Double(sy) / 2
                    canvas.drawLine(from: (x0, y0), to: (x1, y1), color: edgeColor(e.w, magnitude: magnitude),
                                    marker: e.w >= 0 ? "+" : "-", priority: Int(magnitude * 1000),
                                    pattern: e.w >= 0 ? .solid : .dashed)
                }
            }
            canvas.draw(into: &buffer, at: body)
        }

        // Nodes and their values; elision lines.
        for l in 0..<layers {
            for node in layerRows[l].nodes {
                let y = body.top + node.row
                var style = Style(bold: true)
                var valueText: String?
                if let nodeValues, l < nodeValues.count, node.index < nodeValues[l].count {
                    let v = nodeValues[l][node.index]
                    valueText = NumberFormat.fixed(v, decimals: 2)
                    if colorMode != .none, v.isFinite {
                        style.fg = colorMode == .basic8 ? DivergingPalette.basicColor(for: tanh(v))
                            : DivergingPalette.blueWhiteRed.color(for: tanh(v))
                    }
                }
                buffer.set(x: columnX[l], y: y, string: u ? "●" : "o", style: style, clip: body)
                if labelWidth > 0, let valueText {
                    buffer.set(x: columnX[l] + 1, y: y, string: " " + DisplayWidth.truncate(valueText, toWidth: labelWidth - 1), clip: body)
                }
            }
            if let row = layerRows[l].elisionRow {
                let text = (u ? "⋮ " : ": ") + "\(layerRows[l].elidedCount) more"
                buffer.set(x: columnX[l], y: body.top + row, string: text, style: Style(dim: true), clip: body)
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
