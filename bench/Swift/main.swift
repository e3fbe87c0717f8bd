import Foundation
import NNData
import NNEngine
import NNKernels
import NNRender
import NNSession

/// nnlab's benchmarks, one measurement per process so that peak memory is the workload's own.
///
///     nnlab-bench train WORKLOAD [RUNS]     — trains (fastest of RUNS, default 1), prints `samples_per_second=… peak_mb=…`
///     nnlab-bench session WORKLOAD [RUNS]   — the same training as the `train` command a learner types, run
///                                             through a `Session` as `nnlab run` runs it (its printed lines
///                                             collected, not shown); prints the same fields
///     nnlab-bench sequence [RUNS]           — workload (f): an LSTM on `data seq sine` through a `Session`
///     nnlab-bench export DIR                — writes the workloads' datasets as CSV for numpy
///     nnlab-bench frame                     — times a 200×60 dashboard frame
///     nnlab-bench products [WORKLOAD]       — times each matrix product of a step of a dense workload ((a) unless named)
///     nnlab-bench conv                      — times (e)'s convolution products per sample and per batch
///     nnlab-bench threads                   — times square-ish products on one thread and on the pool
///
/// `bench/run.sh` runs them beside the numpy reference and prints the ratios.

/// One training workload: a dataset, a network shape and a batch size (relu, Adam lr 1e-2, 20 epochs).
/// A net built layer by layer has `spec` as its input shape and its `layer` lines in `layers`.
struct Workload {
    var name: String
    var dataset: String
    var spec: String
    var batch: Int
    var layers: [String] = []
    static let all = [
        Workload(name: "a", dataset: "spiral", spec: "2-64-64-3", batch: 32),
        Workload(name: "b", dataset: "spiral", spec: "2-64-64-3", batch: 256),
        Workload(name: "c", dataset: "spiral", spec: "2-256-256-3", batch: 256),
        Workload(name: "d", dataset: "digits", spec: "64-128-10", batch: 32),
        Workload(name: "e", dataset: "digits", spec: "1x8x8", batch: 32,
                 layers: ["conv 8 size=3 pad=1 act=relu", "maxpool", "conv 16 size=3 pad=1 act=relu", "maxpool",
                          "dense 32 act=relu", "dense 10 act=softmax"]),
    ]

    /// The network at its initial weights (He, seed 1).
    func network() throws -> Network {
        guard !layers.isEmpty else {
            return Network(spec: try NetworkSpec.parse(spec, hidden: .relu, output: .softmax), initializer: .he, seed: 1)
        }
        // The same layers as the session's `layer` lines (relu layers draw He weights).
        var stack = LayerStack(input: try LayerShape.parse(spec), initializer: .he, seed: 1)
        try stack.add(.conv(filters: 8, size: 3, stride: 1, padding: 1, activation: .relu))
        try stack.add(.maxPool(size: 2, stride: 2))
        try stack.add(.conv(filters: 16, size: 3, stride: 1, padding: 1, activation: .relu))
        try stack.add(.maxPool(size: 2, stride: 2))
        try stack.add(.dense(units: 32, activation: .relu, skip: false))
        try stack.add(.dense(units: 10, activation: .softmax, skip: false))
        return Network(stack: stack)
    }

    /// The session lines that build the network.
    var netLines: [String] {
        layers.isEmpty ? ["net \(spec) act=relu out=softmax init=he"] : ["net input \(spec)"] + layers.map { "layer " + $0 }
    }
}

/// Peak resident memory of this process in MB.
func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

/// The workload's data: spiral 3000 points, 3 classes; digits from the shipped CSV.
func dataset(_ name: String, repository: String) throws -> Dataset {
    if name == "spiral" { return try DatasetGenerator.make("spiral", n: 3000, seed: 1, classes: 3, test: 0) }
    return try CSVLoader.load(path: repository + "/datasets/digits.csv", test: 0, seed: 1, normalize: true)
}

/// Trains a workload `repetitions` times and prints the fastest run (a shared machine only ever
/// slows a run down).
func train(_ workload: Workload, repository: String, repetitions: Int) throws {
    let data = try dataset(workload.dataset, repository: repository)
    var best = 0.0
    var accuracy = 0.0
    for _ in 0..<repetitions {
        var trainer = Trainer(network: try workload.network(), objective: Objective(loss: .ce),
                              optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01), seed: 1)
        let n = data.trainCount
        let clock = ContinuousClock()
        let start = clock.now
        var samples = 0
        for _ in 0..<20 {
            let order = trainer.generator.permutation(n)
            var i = 0
            while i < n {
                let rows = Array(order[i..<min(i + workload.batch, n)])
                try trainer.step(inputs: data.trainInputs.gatherRows(rows), targets: data.trainTargets.gatherRows(rows))
                samples += rows.count
                i += workload.batch
            }
        }
        best = max(best, Double(samples) / seconds(clock.now - start))
        accuracy = try trainer.evaluate(inputs: data.trainInputs, targets: data.trainTargets, classCount: data.classCount).accuracy ?? 0
    }
    print(String(format: "samples_per_second=%.0f peak_mb=%.1f train_acc=%.3f", best, peakMegabytes(), accuracy))
}

/// Trains a workload through the session: the commands a learner types, with the `train`
/// command timed from the line going in to its last line coming out (its per-epoch lines,
/// evaluation and summary included). The fastest of `repetitions` fresh sessions counts.
func trainThroughSession(_ workload: Workload, repository: String, repetitions: Int) throws {
    let data = workload.dataset == "spiral"
        ? "data spiral n=3000 classes=3 test=0"
        : "data load \(repository)/datasets/digits.csv test=0"
    let setup = ["seed 1", data] + workload.netLines + ["loss ce", "opt adam lr=0.01"]
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("nnlab-bench-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: home) }
    var best = 0.0
    var lines = 0
    var printed = ""
    for _ in 0..<repetitions {
        let session = Session(environment: SessionEnvironment(dataFolder: home, lessonsFolder: repository + "/lessons"))
        for line in setup { try session.execute(line) { _ in } }
        let samples = 20 * (session.data?.trainCount ?? 0)
        lines = 0
        let clock = ContinuousClock()
        let start = clock.now
        try session.execute("train epochs=20 batch=\(workload.batch)") { block in
            if case .text(let text) = block { lines += 1; printed = text }
        }
        best = max(best, Double(samples) / seconds(clock.now - start))
    }
    // The final line: `done: 20 epochs, 0.15 s  loss 0.123456 acc 98.5%`.
    let accuracy = printed.range(of: #"  loss [0-9.]+ acc +[0-9.]+%"#, options: .regularExpression)
        .flatMap { Double(printed[$0].split(separator: " ").last!.dropLast()) }
        .map { String(format: "%.3f", $0 / 100) } ?? "?"
    print(String(format: "samples_per_second=%.0f peak_mb=%.1f lines=%d train_acc=%@", best, peakMegabytes(), lines, accuracy))
}

func export(to folder: String, repository: String) throws {
    for name in ["spiral", "digits"] {
        let data = try dataset(name, repository: repository)
        var text = (data.featureNames + ["label"]).joined(separator: ",") + "\n"
        for r in 0..<data.trainCount {
            text += (0..<data.featureCount).map { "\(data.trainInputs[r, $0])" }.joined(separator: ",")
            text += ",\(Int(data.trainTargets.scalars[r]))\n"
        }
        try text.write(toFile: folder + "/\(name).csv", atomically: true, encoding: .utf8)
    }
}

/// A dashboard-like frame: decision boundary of a 2-16-16-3 net, a loss chart of 10,000
/// points and a histogram, laid out on 200×60.
func frame() throws {
    let raw = try DatasetGenerator.make("spiral", n: 600, seed: 1, classes: 3)
    let network = Network(spec: try NetworkSpec.parse("2-16-16-3", hidden: .relu, output: .softmax), seed: 1)
    var g = SeededGenerator(seed: 2)
    let losses = (0..<10_000).map { 1 / (1 + Double($0) / 500) + 0.05 * g.nextUnit() }
    let weights = network.layers.flatMap(\.weights.scalars)
    let boundary = ModelBoundaryPlot(network: network, featureMap: nil, dataset: raw, colorMode: .indexed256)
    let chart = LineChart(series: [LineChart.Series(name: "train", values: losses)], xAxis: Axis(title: "step"), yAxis: Axis(title: "loss"))
    let histogram = Histogram(values: weights)
    let clock = ContinuousClock()
    var buffer = Buffer(width: 200, height: 60)
    let columns = Layout.split(buffer.area, direction: .horizontal, constraints: [.percent(55), .fill])
    let right = Layout.split(columns[1], direction: .vertical, constraints: [.percent(60), .fill])
    // Warm up, then time.
    for _ in 0..<3 { boundary.render(in: columns[0], buffer: &buffer) }
    let frames = 50
    var boundaryTime = 0.0
    let start = clock.now
    for _ in 0..<frames {
        buffer = Buffer(width: 200, height: 60)
        let t0 = clock.now
        boundary.render(in: columns[0], buffer: &buffer)
        boundaryTime += seconds(clock.now - t0)
        chart.render(in: right[0], buffer: &buffer)
        histogram.render(in: right[1], buffer: &buffer)
    }
    let perFrame = seconds(clock.now - start) / Double(frames)
    let cells = columns[0].width * columns[0].height
    print(String(format: "frame_ms=%.3f boundary_ms=%.3f boundary_us_per_cell=%.3f", perFrame * 1000, boundaryTime / Double(frames) * 1000,
                 boundaryTime / Double(frames) / Double(cells) * 1e6))
}

/// The matrix products of one training step of a dense workload ((a) unless named), each timed
/// alone: where the step's product time goes, shape by shape.
func products(_ workload: Workload) {
    typealias Shape = (name: String, ta: Bool, tb: Bool, m: Int, n: Int, k: Int)
    let widths = workload.spec.split(separator: "-").compactMap { Int($0) }
    let batch = workload.batch
    var shapes: [Shape] = []
    for layer in 0..<(widths.count - 1) {
        let (i, o) = (widths[layer], widths[layer + 1])
        shapes.append(("forward \(i)→\(o)  A\(layer)·W\(layer + 1)ᵀ", false, true, batch, o, i))
    }
    for layer in (0..<(widths.count - 1)).reversed() {
        let (i, o) = (widths[layer], widths[layer + 1])
        shapes.append(("dW\(layer + 1)  δ\(layer + 1)ᵀ·A\(layer)", true, false, o, i, batch))
        if layer > 0 { shapes.append(("dA\(layer)  δ\(layer + 1)·W\(layer + 1)", false, false, batch, i, o)) }
    }
    let clock = ContinuousClock()
    var total = 0.0
    for shape in shapes {
        var g = SeededGenerator(seed: 3)
        let a = (0..<(shape.m * shape.k)).map { _ in g.normal(deviation: 1) }
        let b = (0..<(shape.k * shape.n)).map { _ in g.normal(deviation: 1) }
        var c = [Double](repeating: 0, count: shape.m * shape.n)
        let reps = 20_000
        var best = Double.infinity
        for _ in 0..<3 {
            let start = clock.now
            for _ in 0..<reps {
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        c.withUnsafeMutableBufferPointer { cp in
                            MatrixMultiply.gemm(transposeA: shape.ta, transposeB: shape.tb, m: shape.m, n: shape.n, k: shape.k,
                                                a: ap.baseAddress!, lda: shape.ta ? shape.m : shape.k,
                                                b: bp.baseAddress!, ldb: shape.tb ? shape.k : shape.n,
                                                c: cp.baseAddress!, ldc: shape.n, accumulate: false)
                        }
                    }
                }
            }
            best = min(best, seconds(clock.now - start) / Double(reps))
        }
        total += best
        let gflops = 2 * Double(shape.m * shape.n * shape.k) / best / 1e9
        print(String(format: "%-26@ %8.2f µs %8.1f GFLOP/s", shape.name as NSString, best * 1e6, gflops))
    }
    print(String(format: "%-26@ %8.2f µs", "all products of a step" as NSString, total * 1e6))
}

/// The matrix products of one step of workload (e)'s two convolutions (batch 32), computed per
/// sample (32 small products each, as the tape did) and per batch (the patches of all samples
/// side by side, one product each, as `ConvolutionGeometry.convolve` does): which is faster.
func convolutionProducts() {
    // (name, filters F, patch rows C·K², positions P per sample)
    let layers = [("conv 1→8 on 8×8", 8, 9, 64), ("conv 8→16 on 4×4", 16, 72, 16)]
    let n = 32
    let clock = ContinuousClock()
    var totals = (sample: 0.0, batch: 0.0)
    for (name, f, rows, p) in layers {
        var g = SeededGenerator(seed: 3)
        let w = (0..<(f * rows)).map { _ in g.normal(deviation: 1) }
        let cols = (0..<(rows * n * p)).map { _ in g.normal(deviation: 1) }
        let grad = (0..<(f * n * p)).map { _ in g.normal(deviation: 1) }
        var out = [Double](repeating: 0, count: f * n * p), dW = [Double](repeating: 0, count: f * rows)
        var dcols = [Double](repeating: 0, count: rows * n * p)
        // Forward W·cols, ∂W = G·colsᵀ, ∂cols = Wᵀ·G: per sample (ld P) or per batch (ld n·P).
        func step(samples: Int, width: Int) {
            w.withUnsafeBufferPointer { wp in
                cols.withUnsafeBufferPointer { cp in
                    grad.withUnsafeBufferPointer { gp in
                        out.withUnsafeMutableBufferPointer { op in
                            dW.withUnsafeMutableBufferPointer { dwp in
                                dcols.withUnsafeMutableBufferPointer { dp in
                                    for s in 0..<samples {
                                        let c = cp.baseAddress! + s * rows * width, gs = gp.baseAddress! + s * f * width
                                        MatrixMultiply.gemm(transposeA: false, transposeB: false, m: f, n: width, k: rows,
                                                            a: wp.baseAddress!, lda: rows, b: c, ldb: width,
                                                            c: op.baseAddress! + s * f * width, ldc: width, accumulate: false)
                                        MatrixMultiply.gemm(transposeA: false, transposeB: true, m: f, n: rows, k: width,
                                                            a: gs, lda: width, b: c, ldb: width,
                                                            c: dwp.baseAddress!, ldc: rows, accumulate: s > 0)
                                        MatrixMultiply.gemm(transposeA: true, transposeB: false, m: rows, n: width, k: f,
                                                            a: wp.baseAddress!, lda: rows, b: gs, ldb: width,
                                                            c: dp.baseAddress! + s * rows * width, ldc: width, accumulate: false)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var best = (sample: Double.infinity, batch: Double.infinity)
        let reps = 2000
        for _ in 0..<3 {
            var start = clock.now
            for _ in 0..<reps { step(samples: n, width: p) }
            best.sample = min(best.sample, seconds(clock.now - start) / Double(reps))
            start = clock.now
            for _ in 0..<reps { step(samples: 1, width: n * p) }
            best.batch = min(best.batch, seconds(clock.now - start) / Double(reps))
        }
        totals.sample += best.sample
        totals.batch += best.batch
        print(String(format: "%-18@ per sample %8.1f µs   per batch %8.1f µs   %5.2f×", name as NSString,
                     best.sample * 1e6, best.batch * 1e6, best.sample / best.batch))
    }
    print(String(format: "%-18@ per sample %8.1f µs   per batch %8.1f µs   %5.2f×", "both" as NSString,
                 totals.sample * 1e6, totals.batch * 1e6, totals.sample / totals.batch))
}

/// Products of growing size on one thread and shared over the pool, taking turns: where
/// sharing starts to pay (`MatrixMultiply.parallelThreshold`).
func threads() {
    let shapes: [(m: Int, n: Int, k: Int)] = [(32, 64, 64), (64, 64, 64), (128, 64, 64), (64, 128, 128),
                                              (128, 128, 128), (256, 128, 128), (256, 256, 128), (256, 256, 256),
                                              (512, 256, 256)]
    // A pool like the shared one but never standing aside, so that sharing itself is timed.
    let one = WorkerPool(threads: 1), shared = WorkerPool(threads: WorkerPool.shared.threads)
    let clock = ContinuousClock()
    var load = [0.0]
    _ = getloadavg(&load, 1)
    print(String(format: "pool of %d threads; threshold %d multiply-adds (m·n·k); load average %.1f", shared.threads,
                 MatrixMultiply.parallelThreshold, load[0]))
    for shape in shapes {
        var g = SeededGenerator(seed: 3)
        let a = (0..<(shape.m * shape.k)).map { _ in g.normal(deviation: 1) }
        let b = (0..<(shape.k * shape.n)).map { _ in g.normal(deviation: 1) }
        var c = [Double](repeating: 0, count: shape.m * shape.n)
        let reps = max(20, 50_000_000 / (shape.m * shape.n * shape.k))
        func time(_ pool: WorkerPool, force: Bool) -> Double {
            let start = clock.now
            for _ in 0..<reps {
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        c.withUnsafeMutableBufferPointer { cp in
                            MatrixMultiply.gemm(transposeA: false, transposeB: true, m: shape.m, n: shape.n, k: shape.k,
                                                a: ap.baseAddress!, lda: shape.k, b: bp.baseAddress!, ldb: shape.k,
                                                c: cp.baseAddress!, ldc: shape.n, accumulate: false, pool: pool,
                                                minimumSharedWork: force ? 0 : nil)
                        }
                    }
                }
            }
            return seconds(clock.now - start) / Double(reps)
        }
        var bestOne = Double.infinity, bestShared = Double.infinity
        for _ in 0..<5 {
            bestOne = min(bestOne, time(one, force: false))
            bestShared = min(bestShared, time(shared, force: true))
        }
        let work = shape.m * shape.n * shape.k
        print(String(format: "%4d×%4d×%4d %10d  one %9.1f µs  shared %9.1f µs  gain %5.2f×", shape.m, shape.n, shape.k, work,
                     bestOne * 1e6, bestShared * 1e6, bestOne / bestShared))
    }
}

let arguments = CommandLine.arguments
let repository = ProcessInfo.processInfo.environment["NNLAB_REPO"] ?? FileManager.default.currentDirectoryPath
do {
    switch arguments.dropFirst().first {
    case "train":
        guard arguments.count >= 3, let w = Workload.all.first(where: { $0.name == arguments[2] }) else {
            FileHandle.standardError.write(Data("usage: nnlab-bench train a|b|c|d|e [RUNS]\n".utf8)); exit(2)
        }
        let runs = arguments.count >= 4 ? Int(arguments[3]) : 1
        guard let runs, runs >= 1 else {
            FileHandle.standardError.write(Data("nnlab-bench: RUNS must be a whole number of 1 or more, got '\(arguments[3])'\n".utf8)); exit(2)
        }
        try train(w, repository: repository, repetitions: runs)
    case "session":
        guard arguments.count >= 3, let w = Workload.all.first(where: { $0.name == arguments[2] }) else {
            FileHandle.standardError.write(Data("usage: nnlab-bench session a|b|c|d|e [RUNS]\n".utf8)); exit(2)
        }
        let runs = arguments.count >= 4 ? Int(arguments[3]) ?? 1 : 1
        try trainThroughSession(w, repository: repository, repetitions: max(runs, 1))
    case "sequence":
        let runs = arguments.count >= 3 ? Int(arguments[2]) ?? 1 : 1
        try trainSequenceThroughSession(repository: repository, repetitions: max(runs, 1))
    case "export":
        try export(to: arguments.count >= 3 ? arguments[2] : ".", repository: repository)
    case "frame":
        try frame()
    case "products":
        let name = arguments.count >= 3 ? arguments[2] : "a"
        guard let w = Workload.all.first(where: { $0.name == name && $0.layers.isEmpty }) else {
            FileHandle.standardError.write(Data("usage: nnlab-bench products [a|b|c|d]\n".utf8)); exit(2)
        }
        products(w)
    case "threads":
        threads()
    case "conv":
        convolutionProducts()
    default:
        FileHandle.standardError.write(Data("usage: nnlab-bench train WORKLOAD [RUNS] | session WORKLOAD [RUNS] | sequence [RUNS] | export DIR | frame | products [WORKLOAD] | conv | threads\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("nnlab-bench: \(error)\n".utf8))
    exit(1)
}
