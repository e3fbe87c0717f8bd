import NNEngine

/// The seeded source of a numeric question's values: "nice" numbers with one or two
/// decimals, picks from lists, and coin flips.
struct NumericDraw {
    private var generator: SeededGenerator

    /// Makes a draw whose values are fixed by the seed.
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// A number from low to high (both included) with the given decimals; never 0 unless
    /// `allowZero`.
    mutating func number(_ low: Double, _ high: Double, decimals: Int = 1, allowZero: Bool = false) -> Double {
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let lowStep = Int((low * scale).rounded(.up)), highStep = max(lowStep, Int((high * scale).rounded(.down)))
        while true {
            let step = lowStep + generator.index(below: highStep - lowStep + 1)
            if step != 0 || allowZero { return Double(step) / scale }
        }
    }

    /// A number whose size is from low to high and whose sign is random.
    mutating func signed(_ low: Double, _ high: Double, decimals: Int = 1) -> Double {
        let size = number(low, high, decimals: decimals)
        return coin() ? size : -size
    }

    /// A whole number in a range.
    mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + generator.index(below: range.count)
    }

    /// One of the given values.
    mutating func pick<T>(_ values: [T]) -> T { values[generator.index(below: values.count)] }

    /// True or false, evenly.
    mutating func coin() -> Bool { generator.index(below: 2) == 1 }
}
