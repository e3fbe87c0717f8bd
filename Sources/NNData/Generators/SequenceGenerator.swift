import Foundation
import NNEngine
import NNText

/// Makes the built-in sequence sets of `data seq NAME`, each row one sequence of T steps laid
/// out step after step (`sampleShape` [T, N]), from a seed.
///
/// - `sine`: T noisy samples of a sine wave with a random phase, x_t = sin(φ + 0.3·t) + 0.05·ε,
///   and the target the wave's next value sin(φ + 0.3·T) (regression; N = 1).
/// - `adding`: the adding problem (Hochreiter & Schmidhuber, 1997): two channels per step, a
///   value drawn from U(0, 1) and a marker that is 1 at exactly two steps (one in each half)
///   and 0 elsewhere; the target is the sum of the two marked values (regression; N = 2).
/// - `parity`: a string of T random bits; the class is 1 when the number of ones is odd
///   (classification; N = 1).
public enum SequenceGenerator {
    /// The sets `data seq` makes.
    public enum Kind: String, CaseIterable, Sendable {
        case sine, adding, parity

        /// The features per step.
        public var features: Int { self == .adding ? 2 : 1 }
        /// T when `steps=` is not given.
        public var defaultSteps: Int {
            switch self {
            case .sine: return 20
            case .adding: return 50
            case .parity: return 8
            }
        }
        /// The one-line description for listings.
        public var summary: String {
            switch self {
            case .sine: return "predict the next value of a noisy sine wave from the last T"
            case .adding: return "the adding problem: sum the two marked values of a long sequence"
            case .parity: return "the parity of a string of T bits (class 1: an odd number of ones)"
            }
        }
    }

    /// The sequences when `n=` is not given.
    public static let defaultCount = 1000
    /// The longest sequence `steps=` may ask for.
    public static let maximumSteps = 1000
    /// The angle between two steps of `sine`.
    public static let sineStep = 0.3
    /// The standard deviation of the noise on `sine`'s inputs.
    public static let sineNoise = 0.05

    /// Finds a set by name, or explains that there is none and names the closest one.
    public static func kind(named name: String) throws -> Kind {
        if let kind = Kind(rawValue: name.lowercased()) { return kind }
        let names = Kind.allCases.map(\.rawValue)
        throw DataError("unknown sequence set '\(InputExcerpt.cut(name))'\(Suggestion.hint(for: name, in: names) ?? ".") "
            + "Sequence sets: \(names.joined(separator: ", ")), like `data seq sine steps=20`.")
    }

    /// Makes a set; nil parameters take their defaults (n 1000, T per set, seed 0, test 0.2).
    public static func make(_ kind: Kind, n: Int? = nil, steps: Int? = nil, seed: Int? = nil, test: Double? = nil,
                            validation: Double? = nil) throws -> Dataset {
        let n = n ?? defaultCount, steps = steps ?? kind.defaultSteps
        let seed = seed ?? DatasetGenerator.defaultSeed, test = test ?? DatasetGenerator.defaultTestFraction
        let validation = validation ?? 0
        guard n >= 2 && n <= DatasetGenerator.maximumCount else {
            throw DataError("n is the number of sequences and must be 2 to \(DatasetGenerator.maximumCount) (got n=\(n)); try n=1000")
        }
        let least = kind == .adding ? 2 : 1
        guard steps >= least && steps <= maximumSteps else {
            throw DataError("steps is the length T of each sequence and must be \(least) to \(maximumSteps) for \(kind.rawValue) (got steps=\(steps)); try steps=\(kind.defaultSteps)")
        }
        guard n * steps * kind.features <= 20_000_000 else {
            throw DataError("n=\(n) sequences of \(steps) steps are too many numbers; keep n·steps at most \(20_000_000 / kind.features)")
        }
        guard test >= 0 && test < 1 else { throw DataError("test must be in [0, 1) (got test=\(Dataset.format(test)))") }
        var generator = SeededGenerator(seed: seed)
        let width = steps * kind.features
        var inputs = [Double](repeating: 0, count: n * width)
        var targets = [Double](repeating: 0, count: n)
        for s in 0..<n {
            let row = s * width
            switch kind {
            case .sine:
                let phase = generator.uniform(0, 2 * Double.pi)
                for t in 0..<steps {
                    inputs[row + t] = sin(phase + sineStep * Double(t)) + generator.normal(deviation: sineNoise)
                }
                targets[s] = sin(phase + sineStep * Double(steps))
            case .adding:
                let half = steps / 2
                let first = generator.index(below: half), second = half + generator.index(below: steps - half)
                var sum = 0.0
                for t in 0..<steps {
                    let value = generator.nextUnit()
                    inputs[row + 2 * t] = value
                    if t == first || t == second {
                        inputs[row + 2 * t + 1] = 1
                        sum += value
                    }
                }
                targets[s] = sum
            case .parity:
                var ones = 0
                for t in 0..<steps {
                    let bit = generator.index(below: 2)
                    inputs[row + t] = Double(bit)
                    ones += bit
                }
                targets[s] = Double(ones % 2)
            }
        }
        let classification = kind == .parity
        let split = TrainTestSplit(count: n, testFraction: test, seed: seed,
                                   labels: classification ? targets.map { Int($0) } : nil)
        let all = Tensor(shape: [n, width], scalars: inputs)
        let y = classification ? Tensor(shape: [n], scalars: targets) : Tensor(shape: [n, 1], scalars: targets)
        let names: [String] = kind == .adding
            ? (1...steps).flatMap { ["v\($0)", "m\($0)"] }
            : (1...steps).map { "x\($0)" }
        var origin = "generated with n=\(n) steps=\(steps) seed=\(seed) test=\(Dataset.format(test))"
        if validation > 0 { origin += " val=\(Dataset.format(validation))" }
        var dataset = Dataset(
            name: kind.rawValue, task: classification ? .classification : .regression, featureNames: names,
            classNames: classification ? ["0", "1"] : [],
            targetNames: classification ? ["parity"] : [kind == .sine ? "next" : "sum"],
            trainInputs: all.gatherRows(split.trainIndices), trainTargets: y.gatherRows(split.trainIndices),
            testInputs: all.gatherRows(split.testIndices), testTargets: y.gatherRows(split.testIndices),
            origin: origin)
            .holdingOutValidation(fraction: validation, seed: seed)
        dataset.sampleShape = [steps, kind.features]
        return dataset
    }
}
