import Foundation

/// A learning-rate range test (Leslie Smith, "Cyclical Learning Rates", 2015; fastai's
/// `lr_find`): minibatch steps from the current weights while the learning rate grows
/// geometrically, recording the loss at each rate.
///
/// The test trains a copy of the trainer it is given (value semantics), so the caller's
/// network, optimizer state, counters and generator are never touched. Step `i` of `n` uses
/// lr = from·(to/from)^(i/(n−1)) with the trainer's own optimizer, clipping and penalties and
/// no schedule. The recorded loss of a step is the batch's objective before that step's update
/// (as fastai records it). It is smoothed as fastai does, by an exponential moving average with
/// bias correction, s_i = a_i/(1 − β^(i+1)) with a_i = β·a_(i−1) + (1 − β)·loss_i, a_(−1) = 0,
/// but with β = 0.9 by default rather than fastai's 0.98 (see `defaultSmoothing`).
/// The test stops early when the smoothed loss exceeds four times the best smoothed loss so
/// far (divergence; that last point is kept) or when a loss or gradient stops being finite.
public struct LearningRateRangeTest: Sendable, Equatable {
    /// One step of the test.
    public struct Point: Sendable, Equatable {
        /// The learning rate of the step.
        public var learningRate: Double
        /// The batch's objective before the step's update.
        public var loss: Double
        /// The bias-corrected exponential moving average of the losses so far.
        public var smoothedLoss: Double

        /// Makes a point.
        public init(learningRate: Double, loss: Double, smoothedLoss: Double) {
            self.learningRate = learningRate
            self.loss = loss
            self.smoothedLoss = smoothedLoss
        }
    }

    /// Why the test ended.
    public enum Ending: Sendable, Equatable {
        /// Every step ran.
        case completed
        /// The smoothed loss passed four times its best (at the last point's rate).
        case diverged
        /// A loss or gradient stopped being finite at this rate (no point recorded for it).
        case notFinite(learningRate: Double)
        /// The caller asked to stop.
        case cancelled
    }

    /// β of the moving average by default. fastai uses 0.98 (over 100 steps); its average lags
    /// β/(1 − β) = 49 steps behind, a decade and a half of a 200-step sweep over six decades,
    /// which moves the lowest point well past where the raw losses are lowest. 0.9 lags 9 steps.
    public static let defaultSmoothing = 0.9
    /// The factor over the best smoothed loss that counts as divergence (fastai's value).
    public static let divergenceFactor = 4.0

    /// The steps that ran, in order.
    public var points: [Point]
    /// β of the moving average used.
    public var smoothing: Double
    /// Why the test ended.
    public var ending: Ending

    /// The rates of a test of `steps` steps from `from` to `to`: from·(to/from)^(i/(steps−1)).
    public static func learningRates(from: Double, to: Double, steps: Int) -> [Double] {
        guard steps > 1 else { return steps == 1 ? [from] : [] }
        let ratio = log(to / from)
        return (0..<steps).map { i in
            i == steps - 1 ? to : from * exp(ratio * Double(i) / Double(steps - 1))
        }
    }

    /// Runs a range test on a copy of `trainer` (which the caller keeps unchanged).
    ///
    /// Batches of `batchSize` rows (the whole split when nil) are drawn from the training split
    /// in the copy's shuffled epoch order, a new order after each pass. `shouldStop` is asked
    /// before every step. Throws what a step throws other than divergence (targets the loss
    /// cannot read).
    public static func run(_ trainer: Trainer, data: TrainingData, from: Double, to: Double, steps: Int,
                           batchSize: Int?, smoothing: Double = LearningRateRangeTest.defaultSmoothing,
                           shouldStop: () -> Bool = { false }) throws -> LearningRateRangeTest {
        var working = trainer
        working.schedule = .constant
        var cursor = working.beginEpoch(data)
        var points: [Point] = []
        var average = 0.0
        var best = Double.infinity
        var ending = Ending.completed
        for (i, lr) in learningRates(from: from, to: to, steps: steps).enumerated() {
            if shouldStop() { ending = .cancelled; break }
            if cursor.isFinished { cursor = working.beginEpoch(data) }
            working.optimizer.settings.learningRate = lr
            let report: BatchReport
            do {
                report = try working.trainBatch(data, batchSize: batchSize, cursor: &cursor)
            } catch TrainingError.diverged {
                ending = .notFinite(learningRate: lr)
                break
            }
            average = smoothing * average + (1 - smoothing) * report.loss
            let smoothed = average / (1 - pow(smoothing, Double(i + 1)))
            points.append(Point(learningRate: lr, loss: report.loss, smoothedLoss: smoothed))
            if !smoothed.isFinite { ending = .notFinite(learningRate: lr); break }
            if i > 0, smoothed > divergenceFactor * best { ending = .diverged; break }
            best = min(best, smoothed)
        }
        return LearningRateRangeTest(points: points, ending: ending, smoothing: smoothing)
    }

    /// Makes a result from its points (for tests and replays).
    public init(points: [Point], ending: Ending, smoothing: Double = LearningRateRangeTest.defaultSmoothing) {
        self.points = points
        self.ending = ending
        self.smoothing = smoothing
    }

    /// The index of the point with the lowest smoothed loss.
    public var minimumIndex: Int? {
        points.indices.filter { points[$0].smoothedLoss.isFinite }.min { points[$0].smoothedLoss < points[$1].smoothedLoss }
    }

    /// The point with the lowest smoothed loss.
    public var minimum: Point? { minimumIndex.map { points[$0] } }

    /// The point before the minimum where the smoothed loss falls fastest against log lr, or
    /// nil when fewer than three points lead to the minimum. Slopes are central differences
    /// over w points each side (w = m/10 for m points before the minimum, from 1 to 5), and the
    /// first points are skipped (up to 10, at most a quarter of those before the minimum), as
    /// fastai skips them: the average has seen too few losses there to have a slope.
    public var steepest: Point? {
        guard let m = minimumIndex, m >= 2 else { return nil }
        let w = max(1, min(5, m / 10))
        let first = max(w, min(10, m / 4))
        guard first <= m - w else { return nil }
        var bestIndex: Int?
        var bestSlope = 0.0
        for i in first...(m - w) {
            let run = log10(points[i + w].learningRate) - log10(points[i - w].learningRate)
            guard run > 0 else { continue }
            let slope = (points[i + w].smoothedLoss - points[i - w].smoothedLoss) / run
            if slope < bestSlope { bestSlope = slope; bestIndex = i }
        }
        return bestIndex.map { points[$0] }
    }

    /// Where the test started: the mean raw loss of its first tenth of points (at least one).
    public var startingLoss: Double? {
        guard !points.isEmpty else { return nil }
        let first = points.prefix(max(1, points.count / 10)).map(\.loss)
        return first.reduce(0, +) / Double(first.count)
    }

    /// How far the lowest smoothed loss must fall below `startingLoss` for a suggestion.
    public static let requiredFall = 0.9

    /// The suggested learning rate: a tenth of the rate at the lowest smoothed loss (fastai's
    /// `lr_min` rule). Nil when no point was recorded, when the loss was lowest at the first
    /// point (the range started too high), or when the lowest smoothed loss is not below 90 % of
    /// `startingLoss`: a curve that never really fell (a dead net, a bug) has no rate to offer,
    /// and its lowest point is noise.
    public var suggestion: Double? {
        guard let m = minimumIndex, m > 0, let start = startingLoss,
              points[m].smoothedLoss < Self.requiredFall * start else { return nil }
        return points[m].learningRate / 10
    }
}
