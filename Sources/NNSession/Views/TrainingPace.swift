/// How fast a live view trains: so many optimizer steps a second, or as fast as the machine can.
///
/// Paced steps are spread evenly over time, so a learner can watch a boundary form; the pace
/// doubles and halves by key between 1 step/s and `fastest`, and one more doubling is no limit.
public enum TrainingPace: Equatable, Sendable, CustomStringConvertible {
    /// This many steps a second (a power of two from 1 to `fastest`).
    case stepsPerSecond(Int)
    /// No limit: training takes every moment between frames.
    case unlimited

    /// The fastest paced setting before `unlimited`.
    public static let fastest = 4096

    /// The pace that spreads `steps` over about `seconds`: the nearest power of two, from 1
    /// step/s up (a run shorter than that is played at `fastest`, still paced).
    public static func spreading(steps: Int, over seconds: Double) -> TrainingPace {
        let wanted = Double(max(steps, 1)) / max(seconds, 0.1)
        var pace = 1
        while pace < fastest, Double(pace * 2) <= wanted * 1.41 { pace *= 2 }
        return .stepsPerSecond(pace)
    }

    /// A pace from a command's `speed=` value: a number of steps a second or `max`.
    public init?(option text: String) {
        if ["max", "unlimited", "off"].contains(text.lowercased()) { self = .unlimited; return }
        guard let n = Double(text), n.isFinite, n >= 1, n <= Double(Self.fastest) * 4 else { return nil }
        self = .stepsPerSecond(Int(n.rounded()))
    }

    /// Twice as fast (`unlimited` after `fastest`).
    public var faster: TrainingPace {
        switch self {
        case .stepsPerSecond(let n): return n >= Self.fastest ? .unlimited : .stepsPerSecond(n * 2)
        case .unlimited: return .unlimited
        }
    }

    /// Half as fast (`fastest` after `unlimited`, never below 1 step/s).
    public var slower: TrainingPace {
        switch self {
        case .stepsPerSecond(let n): return .stepsPerSecond(max(n / 2, 1))
        case .unlimited: return .stepsPerSecond(Self.fastest)
        }
    }

    /// `8 steps/s`, `1 step/s` or `max speed`.
    public var description: String {
        switch self {
        case .stepsPerSecond(let n): return n == 1 ? "1 step/s" : "\(n) steps/s"
        case .unlimited: return "max speed"
        }
    }
}
