import Foundation
import NNSession

/// Workload (f): an LSTM on sequences, trained through the session as a learner types it —
/// `data seq sine n=2000 steps=20`, `net input 20x1; layer lstm 32 seq=last; layer dense 1`,
/// mse, Adam lr 1e-2, batch 32, 20 epochs — timed from the `train` line going in to its last
/// line coming out. The fastest of `repetitions` fresh sessions counts. bench/numpy_lstm_reference.py
/// is its reference.
func trainSequenceThroughSession(repository: String, repetitions: Int) throws {
    let setup = ["seed 1", "data seq sine n=2000 steps=20", "net input 20x1", "layer lstm 32 seq=last",
                 "layer dense 1 act=identity", "loss mse", "opt adam lr=0.01"]
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-bench-f-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: home) }
    var best = 0.0
    var printed = ""
    for _ in 0..<repetitions {
        let session = Session(environment: SessionEnvironment(dataFolder: home, lessonsFolder: repository + "/lessons"))
        for line in setup { try session.execute(line) { _ in } }
        let samples = 20 * (session.data?.trainCount ?? 0)
        let clock = ContinuousClock()
        let start = clock.now
        try session.execute("train epochs=20 batch=32") { block in
            if case .text(let text) = block { printed = text }
        }
        best = max(best, Double(samples) / seconds(clock.now - start))
    }
    let loss = printed.range(of: #"test [0-9.e-]+"#, options: .regularExpression).map { String(printed[$0].dropFirst(5)) } ?? "?"
    print(String(format: "samples_per_second=%.0f peak_mb=%.1f test_loss=%@", best, peakMegabytes(), loss))
}
