/// A 2-D data point with its class, and whether it belongs to the test split.
public struct LabeledPoint: Hashable, Sendable {
    public var x: Double
    public var y: Double
    /// The class index (0, 1, 2…); for regression data, the class is ignored when `value` is set.
    public var classIndex: Int
    /// True for a held-out test point (drawn hollow), false for a training point (drawn filled).
    public var isTest: Bool
    /// The target value of a regression point, colored on the plot's value scale.
    public var value: Double?

    public init(x: Double, y: Double, classIndex: Int = 0, isTest: Bool = false, value: Double? = nil) {
        self.x = x
        self.y = y
        self.classIndex = classIndex
        self.isTest = isTest
        self.value = value
    }
}
