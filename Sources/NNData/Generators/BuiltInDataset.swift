/// The names of the generated datasets, with what each one is and its default settings.
///
/// Every set draws its inputs in the square `[-6, 6] × [-6, 6]` (the `sine` set's one input in
/// `[-6, 6]`), the range TensorFlow Playground uses: wide enough that `sin(x1)` is a useful
/// feature, and plots of every set share the same axes.
public enum BuiltInDataset: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Two classes on either side of the line `x2 = 0.5·x1`, with a gap of 0.5 on each side.
    case linear
    /// Points in the four quadrants; class 1 only where both inputs are positive (logical AND).
    case and
    /// Points in the four quadrants; class 1 where either input is positive (logical OR).
    case or
    /// Points in the four quadrants; class 1 where exactly one input is positive (exclusive OR).
    case xor
    /// A disc of class 1 inside a ring of class 0.
    case circle
    /// Gaussian blobs, one per class (2 by default, `classes=K` for more).
    case gauss
    /// Two interleaving half circles.
    case moons
    /// Spiral arms, one per class (2 by default, `classes=K` for more).
    case spiral
    /// A 4 × 4 checkerboard of two classes.
    case checker
    /// Regression: `y = sin(x) + noise` on one input.
    case sine
    /// Regression: `y = 0.5·x1 − 0.25·x2 + 1 + noise` on two inputs.
    case plane

    public var description: String { rawValue }

    /// Whether the set's targets are classes or numbers.
    public var task: DatasetTask {
        switch self {
        case .sine, .plane: .regression
        default: .classification
        }
    }

    /// Whether `classes=K` may change the number of classes.
    public var acceptsClassCount: Bool { self == .gauss || self == .spiral }

    /// The standard deviation of the Gaussian noise when `noise=` is not given.
    ///
    /// For classification sets the noise jitters each input after its class is decided (so
    /// classes overlap as it grows); for `gauss` it is the blobs' spread; for regression sets
    /// it is added to the target.
    public var defaultNoise: Double {
        switch self {
        case .linear, .and, .or, .xor, .checker: 0.3
        case .circle: 0.3
        case .gauss: 1.0
        case .moons: 0.4
        case .spiral: 0.2
        case .sine: 0.1
        case .plane: 0.2
        }
    }

    /// One line saying what the set is, for `help data`.
    public var summary: String {
        switch self {
        case .linear: "two classes on either side of the line x2 = 0.5·x1"
        case .and: "four corner clusters, class 1 where x1 > 0 and x2 > 0 (linearly separable)"
        case .or: "four corner clusters, class 1 where x1 > 0 or x2 > 0 (linearly separable)"
        case .xor: "four corner clusters, class 1 where exactly one of x1, x2 is positive (not separable)"
        case .circle: "a disc of class 1 inside a ring of class 0"
        case .gauss: "one Gaussian blob per class (classes=K)"
        case .moons: "two interleaving half circles"
        case .spiral: "one spiral arm per class (classes=K)"
        case .checker: "a 4 × 4 checkerboard of two classes"
        case .sine: "regression: y = sin(x) + noise"
        case .plane: "regression: y = 0.5·x1 − 0.25·x2 + 1 + noise"
        }
    }
}
