import Foundation
import NNData
import NNEngine
import NNSession
import XCTest

/// Shared pieces of the export tests: sessions in a temporary folder, small image CSVs, the
/// outputs a script prints, and the comparison with nnlab's own forward pass.
enum ExportFixtures {
    /// A session whose data folder is `folder`.
    static func session(_ folder: String) -> Session {
        Session(environment: SessionEnvironment(dataFolder: folder, lessonsFolder: TestPaths.lessons, width: 80,
                                                colorMode: .none))
    }

    /// Writes `rows` images of C×H×W pixels (seeded, in 0…16 like digits.csv, one channel
    /// brighter than the others so the classes are learnable) and a label 0…classes−1;
    /// returns the CSV's path.
    static func imageCSV(in folder: String, channels: Int, height: Int, width: Int, rows: Int, classes: Int,
                         seed: Int) throws -> String {
        var generator = SeededGenerator(seed: seed)
        let pixels = channels * height * width
        var text = (0..<pixels).map { "p\($0)" }.joined(separator: ",") + ",label\n"
        for r in 0..<rows {
            let label = r % classes
            let values = (0..<pixels).map { i -> String in
                let bright = (i / (height * width) + i % width) % classes == label ? 8.0 : 0.0
                return "\(((generator.nextUnit() * 8 + bright) * 4).rounded() / 4)"
            }
            text += values.joined(separator: ",") + ",\(label)\n"
        }
        let path = "\(folder)/images.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Writes `rows` sequences of T steps of N features (seeded, in −1…1), step after step,
    /// with a label: the class (0 or 1) of whether the steps' first features sum above 0, or
    /// with `regression` that sum; returns the CSV's path.
    static func sequenceCSV(in folder: String, steps: Int, features: Int, rows: Int, regression: Bool,
                            seed: Int) throws -> String {
        var generator = SeededGenerator(seed: seed)
        var text = (0..<(steps * features)).map { "s\($0 / features)f\($0 % features)" }.joined(separator: ",") + ",label\n"
        for _ in 0..<rows {
            let values = (0..<(steps * features)).map { _ in (generator.nextUnit() * 8 - 4).rounded() / 4 }
            let sum = stride(from: 0, to: values.count, by: features).reduce(0.0) { $0 + values[$1] }
            text += values.map { "\($0)" }.joined(separator: ",") + "," + (regression ? "\(sum)" : (sum > 0 ? "1" : "0")) + "\n"
        }
        let path = "\(folder)/sequences.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// nnlab's outputs for the raw rows of a CSV: the session's scaling, feature map, network.
    static func nnlabOutputs(_ session: Session, csv: String) throws -> Tensor {
        let raw = try CSVLoader.load(path: csv, label: session.rawData?.targetNames.first, test: 0, normalize: false)
        var inputs = raw.trainInputs
        if let scaling = session.rawData?.featureScaling { inputs = scaling.apply(to: inputs) }
        if let map = session.featureMap { inputs = try map.apply(to: inputs) }
        return session.state.trainer!.network.predict(inputs)
    }

    /// The rows of numbers a script printed (lines starting with `epoch` are the training log).
    static func rows(_ output: String) -> [[Double]] {
        output.split(separator: "\n").filter { !$0.hasPrefix("epoch") }.map { line in
            line.split(separator: ",").map { Double($0) ?? .nan }
        }
    }

    /// The largest difference |got − expected| / max(1, |expected|), or infinity when the
    /// shapes differ.
    static func worstDifference(_ got: [[Double]], _ expected: Tensor) -> Double {
        guard got.count == expected.rows, got.allSatisfy({ $0.count == expected.columns }) else { return .infinity }
        var worst = 0.0
        for r in 0..<got.count {
            for c in 0..<expected.columns {
                let e = expected.scalars[r * expected.columns + c], d = abs(got[r][c] - e) / max(1, abs(e))
                worst = d.isNaN ? .infinity : max(worst, d)
            }
        }
        return worst
    }
}
