import NNEngine

/// The per-feature mean and standard deviation used to standardize inputs: `(x − mean) / deviation`.
///
/// The statistics come from the training split only, so no information from the test rows leaks
/// into training. The deviation is the population one (divide by `n`, as scikit-learn's
/// `StandardScaler` does). A constant column has deviation 0; it is divided by 1 instead, so it
/// becomes all zeros rather than NaN.
public struct FeatureScaling: Equatable, Sendable {
    /// The mean of each feature over the training rows.
    public let means: [Double]
    /// The population standard deviation of each feature over the training rows (0 for a constant column).
    public let deviations: [Double]

    /// Makes a scaling from known statistics; both arrays have one entry per feature.
    public init(means: [Double], deviations: [Double]) {
        precondition(means.count == deviations.count, "one mean and one deviation per feature")
        self.means = means
        self.deviations = deviations
    }

    /// Measures the mean and deviation of each column of a matrix `[n, features]`.
    ///
    /// With no rows, every mean is 0 and every deviation is 0 (so scaling leaves values unchanged).
    public init(fitting inputs: Tensor) {
        let rows = inputs.shape.first ?? 0
        let columns = inputs.rank >= 2 ? inputs.columns : 0
        var means = [Double](repeating: 0, count: columns)
        var deviations = [Double](repeating: 0, count: columns)
        if rows > 0 {
            let values = inputs.scalars
            for c in 0..<columns {
                var sum = 0.0
                for r in 0..<rows { sum += values[r * columns + c] }
                let mean = sum / Double(rows)
                var squares = 0.0
                for r in 0..<rows {
                    let d = values[r * columns + c] - mean
                    squares += d * d
                }
                means[c] = mean
                deviations[c] = (squares / Double(rows)).squareRoot()
            }
        }
        self.init(means: means, deviations: deviations)
    }

    /// The number of features the scaling covers.
    public var featureCount: Int { means.count }

    /// The divisor used for each feature: its deviation, or 1 when the deviation is 0.
    public var divisors: [Double] { deviations.map { $0 > 0 ? $0 : 1 } }

    /// Standardizes the columns of a matrix `[n, featureCount]`.
    public func apply(to inputs: Tensor) -> Tensor {
        precondition(inputs.rank == 2 && inputs.columns == featureCount,
                     "scaling covers \(featureCount) features, inputs have shape \(inputs.shape)")
        let divisors = divisors
        var values = inputs.scalars
        let columns = featureCount
        for i in values.indices {
            let c = i % columns
            values[i] = (values[i] - means[c]) / divisors[c]
        }
        return Tensor(shape: inputs.shape, scalars: values)
    }

    /// Maps standardized values back to the original units (the inverse of `apply`).
    public func invert(_ inputs: Tensor) -> Tensor {
        precondition(inputs.rank == 2 && inputs.columns == featureCount,
                     "scaling covers \(featureCount) features, inputs have shape \(inputs.shape)")
        let divisors = divisors
        var values = inputs.scalars
        let columns = featureCount
        for i in values.indices {
            let c = i % columns
            values[i] = values[i] * divisors[c] + means[c]
        }
        return Tensor(shape: inputs.shape, scalars: values)
    }
}
