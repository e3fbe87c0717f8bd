import Foundation
import NNData

/// The points of `data draw`: a 2-D classification set drawn by hand on the square
/// [-6, 6] × [-6, 6] (the built-in sets' plane), with a cursor for drawing without a mouse.
///
/// A plain value: the drawing view turns keys and clicks into calls here, and tests do the
/// same without a terminal. The plane maps onto a grid of `columns` × `rows` cells; a point
/// added at a cell sits at the cell's center, rounded to 3 decimals, so the CSV written from
/// the points loads back to the very same numbers.
public struct DataCanvas: Equatable, Sendable {
    /// One drawn point.
    public struct Point: Equatable, Sendable {
        public var x: Double
        public var y: Double
        public var label: Int
        public init(x: Double, y: Double, label: Int) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    /// The plane's half width: points lie in [-extent, extent] on both axes.
    public static let extent = 6.0
    /// The most classes (keys 1–9 choose them).
    public static let maximumClasses = 9

    public private(set) var points: [Point] = []
    /// The number of classes to draw (keys 1…classCount choose).
    public private(set) var classCount: Int
    /// The class the next point gets (from 0).
    public var selectedClass = 0
    /// The grid the plane is drawn on.
    public private(set) var columns: Int
    public private(set) var rows: Int
    /// The cursor's cell.
    public private(set) var cursor: (column: Int, row: Int)
    /// Counts every change to the points, so a drawing view knows when its data is stale.
    public private(set) var revision = 0

    public static func == (a: DataCanvas, b: DataCanvas) -> Bool {
        a.points == b.points && a.classCount == b.classCount && a.selectedClass == b.selectedClass && a.columns == b.columns
            && a.rows == b.rows && a.cursor == b.cursor && a.revision == b.revision
    }

    /// An empty canvas of `classes` classes on a grid.
    public init(classes: Int, columns: Int, rows: Int) {
        classCount = min(max(classes, 2), Self.maximumClasses)
        self.columns = max(columns, 1)
        self.rows = max(rows, 1)
        cursor = (self.columns / 2, self.rows / 2)
    }

    /// A canvas holding a dataset's points (training and test), when it is a 2-D
    /// classification set; nil otherwise.
    public init?(dataset: Dataset, classes: Int, columns: Int, rows: Int) {
        guard dataset.featureCount == 2, dataset.task == .classification, dataset.classCount <= Self.maximumClasses else { return nil }
        self.init(classes: max(classes, dataset.classCount), columns: columns, rows: rows)
        for (inputs, targets) in [(dataset.trainInputs, dataset.trainTargets), (dataset.validationInputs, dataset.validationTargets),
                                  (dataset.testInputs, dataset.testTargets)] {
            let width = targets.count / max(inputs.rows, 1)
            for r in 0..<inputs.rows {
                points.append(Point(x: inputs[r, 0], y: inputs[r, 1], label: Int(targets.scalars[r * width])))
            }
        }
    }

    // MARK: The grid

    /// Fits the grid to a new size, keeping the cursor inside.
    public mutating func resize(columns: Int, rows: Int) {
        self.columns = max(columns, 1)
        self.rows = max(rows, 1)
        cursor = (min(cursor.column, self.columns - 1), min(cursor.row, self.rows - 1))
    }

    /// The plane's point at a cell's center (rounded to 3 decimals).
    public func position(column: Int, row: Int) -> (x: Double, y: Double) {
        let span = 2 * Self.extent
        let x = -Self.extent + (Double(column) + 0.5) * span / Double(columns)
        let y = Self.extent - (Double(row) + 0.5) * span / Double(rows)
        return ((x * 1000).rounded() / 1000, (y * 1000).rounded() / 1000)
    }

    /// The cell a point of the plane falls in (clamped to the grid).
    public func cell(x: Double, y: Double) -> (column: Int, row: Int) {
        let span = 2 * Self.extent
        let column = Int(((x + Self.extent) / span * Double(columns)).rounded(.down))
        let row = Int(((Self.extent - y) / span * Double(rows)).rounded(.down))
        return (min(max(column, 0), columns - 1), min(max(row, 0), rows - 1))
    }

    // MARK: Editing

    /// Moves the cursor by cells, staying on the grid.
    public mutating func moveCursor(columns dx: Int, rows dy: Int) {
        cursor = (min(max(cursor.column + dx, 0), columns - 1), min(max(cursor.row + dy, 0), rows - 1))
    }

    /// Puts the cursor on a cell (a click).
    public mutating func placeCursor(column: Int, row: Int) {
        cursor = (min(max(column, 0), columns - 1), min(max(row, 0), rows - 1))
    }

    /// Chooses the class of the next points (from 0); false when there is no such class.
    @discardableResult
    public mutating func selectClass(_ index: Int) -> Bool {
        guard index >= 0, index < classCount else { return false }
        selectedClass = index
        return true
    }

    /// Adds a point of the selected class at a cell's center (the cursor's, by default).
    public mutating func add(column: Int? = nil, row: Int? = nil) {
        let at = position(column: column ?? cursor.column, row: row ?? cursor.row)
        points.append(Point(x: at.x, y: at.y, label: selectedClass))
        revision += 1
    }

    /// Removes the point nearest a cell's center (the cursor's, by default); returns it.
    @discardableResult
    public mutating func removeNearest(column: Int? = nil, row: Int? = nil) -> Point? {
        let at = position(column: column ?? cursor.column, row: row ?? cursor.row)
        // Distance in cells, so "nearest" matches what the eye sees on the grid.
        let sx = Double(columns) / (2 * Self.extent), sy = Double(rows) / (2 * Self.extent)
        guard let index = points.indices.min(by: { a, b in
            let pa = points[a], pb = points[b]
            let da = pow((pa.x - at.x) * sx, 2) + pow((pa.y - at.y) * sy, 2)
            let db = pow((pb.x - at.x) * sx, 2) + pow((pb.y - at.y) * sy, 2)
            return da < db
        }) else { return nil }
        revision += 1
        return points.remove(at: index)
    }

    /// Removes every point.
    public mutating func clear() {
        guard !points.isEmpty else { return }
        points = []
        revision += 1
    }

    /// The number of points of each class.
    public var counts: [Int] {
        var counts = Array(repeating: 0, count: classCount)
        for p in points where p.label >= 0 && p.label < classCount { counts[p.label] += 1 }
        return counts
    }

    /// Why the points cannot become a dataset yet, or nil when they can: at least two classes
    /// with points, and enough points for a training and a test split.
    public var problem: String? {
        if points.count < 4 { return "draw at least 4 points (space or a click adds one)" }
        if counts.filter({ $0 > 0 }).count < 2 { return "draw points of at least two classes (keys 1–\(classCount) choose)" }
        return nil
    }

    /// The points as CSV text: `x1,x2,class` then a row a point.
    public var csv: String {
        func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
        return (["x1,x2,class"] + points.map { "\(number($0.x)),\(number($0.y)),\($0.label)" }).joined(separator: "\n") + "\n"
    }
}
