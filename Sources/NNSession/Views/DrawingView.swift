import Foundation
import NNData
import NNEngine
import NNRender

/// `data draw`: a canvas for drawing a 2-D classification set by hand, and training on it live.
///
/// A left click adds a point of the selected class (keys 1–9 choose it), a right click or `x`
/// removes the nearest; the arrows move a cursor and space adds there, so it works without a
/// mouse too. `t` starts and pauses training on the drawn points, with the net's decision
/// regions behind them. Enter or `q` finishes: the drawing becomes the session's data.
///
/// The points become data the way a script can replay: they are written as a CSV
/// (`drawings/drawn-N.csv` in nnlab's data folder) and loaded with the command that does it,
/// `data load PATH label=class task=classification normalize=off test=0.2 seed=S`, which
/// joins the session's history like any typed command.
public final class DrawingView: InteractiveView {
    /// What `data draw` says where no canvas can open (plain mode, pipes).
    public static let needsTerminal = "`data draw` needs a terminal (it opens a canvas for the mouse and keys); "
        + "here, load points from a CSV with `data load PATH` (columns x1,x2,class)"
    /// The held-out share of a drawing, as the built-in sets.
    public static let testFraction = 0.2
    /// The net built when the session has none that fits 2 inputs and the drawn classes.
    public static func defaultNet(classes: Int) -> String { "net 2-8-8-\(classes == 2 ? 1 : classes) act=tanh" }
    /// The least time between two redraws of the decision regions while training runs.
    static let regionRefresh = 0.2

    let session: Session
    public private(set) var canvas: DataCanvas
    /// The size last seen.
    public private(set) var size: (width: Int, height: Int)
    /// A line for the bottom row, for a few seconds.
    public private(set) var message: String?
    var messageTime: ContinuousClock.Instant?
    public var messageLifetime = TrainingDashboard.messageSeconds
    let clock = ContinuousClock()
    /// Whether training runs.
    public private(set) var training = false
    /// The run on the drawn data, once training started.
    var run: TrainingRun?
    var trainingData: TrainingData?
    /// The canvas revision the session's data was made from (nil: never).
    public private(set) var adoptedRevision: Int?
    /// The CSV the drawing is written to (one per `data draw`, so earlier scripts stay valid).
    public let csvPath: String
    /// The commands the view ran (data load, net), for the closing lines.
    public private(set) var commandsRun: [String] = []
    /// The net's class at each cell, and when it was worked out.
    var regions: [[Int]]?
    var regionsTime: ContinuousClock.Instant?
    /// Whether the view closes without making the drawing the data (Escape).
    var discarded = false

    /// Opens the canvas: empty, or holding the session's data when it is 2-D classification.
    public init(session: Session, classes: Int?, width: Int, height: Int) {
        self.session = session
        size = (width, height)
        let grid = Self.canvasArea(width: width, height: height)
        if let raw = session.rawData, let drawn = DataCanvas(dataset: raw, classes: classes ?? 2, columns: grid.width, rows: grid.height) {
            canvas = drawn
        } else {
            canvas = DataCanvas(classes: classes ?? 2, columns: grid.width, rows: grid.height)
        }
        csvPath = Self.nextCSVPath(in: session.environment.dataFolder)
    }

    /// The first unused `drawings/drawn-N.csv` in a data folder.
    static func nextCSVPath(in folder: String) -> String {
        let drawings = (folder as NSString).appendingPathComponent("drawings")
        var n = 1
        while FileManager.default.fileExists(atPath: (drawings as NSString).appendingPathComponent("drawn-\(n).csv")) { n += 1 }
        return (drawings as NSString).appendingPathComponent("drawn-\(n).csv")
    }

    /// Where the canvas's cells are on a screen (inside its panel): the left part, like the
    /// dashboard's boundary panel.
    public static func canvasArea(width: Int, height: Int) -> Rect {
        let panelWidth = max(width - 28, 10)
        return Rect(x: 1, y: 2, width: max(panelWidth - 2, 1), height: max(height - 4, 1))
    }

    var canvasRect: Rect { Self.canvasArea(width: size.width, height: size.height) }

    // MARK: Update

    public func update(_ message: ViewMessage) -> ViewEffect {
        switch message {
        case .resize(let width, let height):
            size = (width, height)
            let grid = canvasRect
            canvas.resize(columns: grid.width, rows: grid.height)
            regions = nil
        case .tick, .taskFinished:
            break
        case .key(let key):
            return handle(key)
        }
        return .none
    }

    func handle(_ key: ViewKey) -> ViewEffect {
        let revision = canvas.revision
        defer {
            // Training goes on with the data it started on: new points pause it until `t`.
            if canvas.revision != revision, training {
                training = false
                say("the points changed: t trains on them from the seed")
            }
        }
        switch key {
        case .mouse(let event):
            let grid = canvasRect
            guard event.pressed, grid.contains(x: event.x, y: event.y) else { return .none }
            let column = event.x - grid.x, row = event.y - grid.y
            switch event.button {
            case .left:
                canvas.placeCursor(column: column, row: row)
                canvas.add()
            case .right:
                canvas.placeCursor(column: column, row: row)
                if canvas.removeNearest() == nil { say("no points to remove") }
            default:
                break
            }
        case .up: canvas.moveCursor(columns: 0, rows: -1)
        case .down: canvas.moveCursor(columns: 0, rows: 1)
        case .left: canvas.moveCursor(columns: -1, rows: 0)
        case .right: canvas.moveCursor(columns: 1, rows: 0)
        case .character(" "):
            canvas.add()
        case .character("x"), .backspace, .delete:
            if canvas.removeNearest() == nil { say("no points to remove") }
        case .character("C"):
            canvas.clear()
            say("all points removed")
        case .character(let c) where c.isNumber && c != "0":
            let index = (c.wholeNumberValue ?? 1) - 1
            if canvas.selectClass(index) {
                say("drawing class \(index)")
            } else {
                say("this drawing has \(canvas.classCount) classes (keys 1–\(canvas.classCount)); `data draw classes=K` draws more")
            }
        case .character("t"):
            toggleTraining()
        case .enter, .character("q"):
            if !canvas.points.isEmpty, adoptedRevision != canvas.revision {
                if let problem = adopt() {
                    say(problem + " (Esc leaves without changing the data)")
                    return .none
                }
            }
            return .close
        case .escape:
            discarded = adoptedRevision == nil
            return .close
        default:
            break
        }
        return .none
    }

    /// Shows a message in the bottom row for a few seconds.
    func say(_ text: String) {
        message = text
        messageTime = clock.now
    }

    // MARK: Data and training

    /// Writes the points and loads them as the session's data through `data load`; for
    /// training, builds a net when the session's does not fit (or puts back the weights it was
    /// built with). Returns why it could not, or nil.
    func adopt(forTraining: Bool = false) -> String? {
        if let problem = canvas.problem { return problem }
        do {
            let folder = (csvPath as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try canvas.csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
        } catch {
            return "cannot write \(csvPath): \(error.localizedDescription)"
        }
        var lines = [loadCommand]
        let classes = canvas.counts.filter { $0 > 0 }.count
        let outputs = classes == 2 ? 1 : classes
        if !forTraining {
            // Only the data.
        } else if let trainer = session.trainer, trainer.network.inputs == 2, trainer.network.outputs == outputs {
            // The net fits: back to the weights it was built with (new data restarts from the seed).
            if let recipe = session.netRecipe, trainer.stepsDone > 0 { lines.append("reset seed=\(recipe.seed)") }
        } else {
            lines.append(Self.defaultNet(classes: classes))
        }
        let before = session.state
        for line in lines {
            do {
                _ = try session.output(of: line)
            } catch {
                session.restore(before)
                return "error: \(error.message)"
            }
        }
        commandsRun += lines
        adoptedRevision = canvas.revision
        return nil
    }

    /// The `data load` line for the drawing's CSV.
    public var loadCommand: String {
        "data load \(csvPath) label=class task=classification normalize=off test=\(Numbers.format(Self.testFraction)) seed=\(session.seed)"
    }

    /// Starts training on the drawn points (making them the data first, when they changed), or pauses it.
    func toggleTraining() {
        if training {
            training = false
            say("paused (t trains on)")
            return
        }
        if adoptedRevision != canvas.revision || run == nil || session.trainer == nil {
            if let problem = adopt(forTraining: true) {
                say(problem)
                return
            }
            guard let trainer = session.trainer, let dataset = session.data else { return }
            let data = session.trainingData(dataset)
            do {
                run = try TrainingRun(trainer: trainer, data: data, epochs: Int.max / 2, batchSize: session.batchSize)
            } catch {
                say("error: \(EngineErrorWording.sentence(for: error))")
                return
            }
            trainingData = data
            regions = nil
        }
        training = true
        say("training on the \(canvas.points.count) points (t pauses, Enter keeps the data)")
    }

    public var isBusy: Bool { training }

    public func work(budget: Double) -> Bool {
        var changed = false
        if let said = messageTime, seconds(clock.now - said) >= messageLifetime {
            message = nil
            messageTime = nil
            changed = true
        }
        guard training, var current = run, let data = trainingData else { return changed }
        let start = clock.now
        repeat {
            do {
                guard try session.advance(&current, data: data) != nil else { break }
            } catch {
                training = false
                say("stopped: \(EngineErrorWording.sentence(for: error))")
                break
            }
        } while seconds(clock.now - start) < budget
        run = current
        if regionsTime.map({ seconds(clock.now - $0) >= Self.regionRefresh }) ?? true { regions = nil }
        return true
    }

    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

    /// The net's class at each cell of the canvas (one forward pass over the grid), when the
    /// drawing is the data and a net fits it.
    func classRegions() -> [[Int]]? {
        guard adoptedRevision != nil, let trainer = session.trainer, trainer.network.inputs == 2 else { return nil }
        if let regions { return regions }
        var rows: [[Double]] = []
        for row in 0..<canvas.rows {
            for column in 0..<canvas.columns {
                let p = canvas.position(column: column, row: row)
                rows.append([p.x, p.y])
            }
        }
        guard !rows.isEmpty else { return nil }
        let classes = Metrics.predictedClasses(trainer.network.predict(Tensor(rows: rows)), threshold: trainer.classThreshold)
        let grid = stride(from: 0, to: classes.count, by: canvas.columns).map { Array(classes[$0..<min($0 + canvas.columns, classes.count)]) }
        regions = grid
        regionsTime = clock.now
        return grid
    }

    public func runCommand(_ line: String) -> String {
        do { return try session.statusLine(running: line) } catch { return "error: \(error.message)" }
    }

    // MARK: Closing

    public func closingOutput() -> [OutputBlock] {
        training = false
        if discarded || commandsRun.isEmpty {
            return [.text("data draw: left without changing the data")]
        }
        var lines = ["data draw: \(canvas.points.count) points (" + canvas.counts.enumerated().filter { $0.element > 0 }
            .map { "\($0.element) of class \($0.offset)" }.joined(separator: ", ") + ")"]
        lines.append("  ran: " + commandsRun.joined(separator: "\n  ran: "))
        if let dataset = session.data {
            lines.append("  \(Numbers.count(dataset.trainCount)) train, \(Numbers.count(dataset.testCount)) test; "
                         + "the data is in `history` as its `data load`")
        }
        return [.text(lines.joined(separator: "\n"))]
    }
}
