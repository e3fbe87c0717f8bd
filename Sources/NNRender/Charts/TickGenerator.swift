import Foundation

/// Chooses "nice" axis ticks with the Extended Wilkinson algorithm (Talbot, Lin and Hanrahan 2010).
///
/// Every candidate labelling — a step `j·q·10^z` built from a nice number `q`, a skip `j` and a
/// power of ten — is scored on **simplicity** (earlier nice numbers, no skipping, zero included),
/// **coverage** (the ticks span the data without much overhang), **density** (close to the target
/// count) and legibility (constant here); the search stops as soon as no remaining candidate can
/// beat the best one.
public struct TickGenerator: Sendable {
    /// The relative importance of the four criteria.
    public struct Weights: Hashable, Sendable {
        public var simplicity: Double
        public var coverage: Double
        public var density: Double
        public var legibility: Double

        public init(simplicity: Double, coverage: Double, density: Double, legibility: Double) {
            self.simplicity = simplicity
            self.coverage = coverage
            self.density = density
            self.legibility = legibility
        }

        /// The weights from the paper: 0.25, 0.2, 0.5, 0.05.
        public static let standard = Weights(simplicity: 0.25, coverage: 0.2, density: 0.5, legibility: 0.05)
    }

    /// Nice numbers, most preferred first.
    public var niceNumbers: [Double]
    public var weights: Weights

    public init(niceNumbers: [Double] = [1, 5, 2, 2.5, 4, 3], weights: Weights = .standard) {
        self.niceNumbers = niceNumbers.isEmpty ? [1] : niceNumbers
        self.weights = weights
    }

    /// Ticks for data from `lower` to `upper`, aiming at `targetCount` ticks.
    ///
    /// With `looseOnly` the first tick is at or below `lower` and the last at or above `upper`;
    /// with `integersOnly` the step is a whole number (for counts). Bounds in either order are
    /// accepted; an empty span is widened around its value; non-finite bounds give no ticks.
    public func ticks(from lower: Double, to upper: Double, targetCount: Int = 5,
                      looseOnly: Bool = false, integersOnly: Bool = false) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        var dmin = min(lower, upper), dmax = max(lower, upper)
        if dmax - dmin < 1e-12 * max(1, abs(dmin)) {
            let pad = dmin == 0 ? 1 : abs(dmin) * 0.1
            dmin -= pad
            dmax += pad
        }
        // A span too large for a Double (±1e308) has no nice ticks.
        guard (dmax - dmin).isFinite else { return [dmin, dmax] }
        let m = max(2, targetCount)
        guard let best = search(dmin: dmin, dmax: dmax, m: m, looseOnly: looseOnly, integersOnly: integersOnly) else {
            return [dmin, dmax]
        }
        return (0..<best.count).map { i in
            TickGenerator.scaled(Double(best.start + i * best.skip), q: best.q, z: best.z)
        }
    }

    /// Ticks at powers of ten (every decade, or every second, third… when there are many) for a
    /// logarithmic axis over positive `lower...upper`; falls back to linear nice ticks inside the
    /// range when it spans less than one decade. With `looseOnly` the ticks enclose the range.
    public func logTicks(from lower: Double, to upper: Double, targetCount: Int = 5, looseOnly: Bool = false) -> [Double] {
        guard lower > 0, upper > 0, lower.isFinite, upper.isFinite else { return [] }
        let lo = log10(min(lower, upper)), hi = log10(max(lower, upper))
        let firstDecade = looseOnly ? Int(floor(lo + 1e-9)) : Int(ceil(lo - 1e-9))
        let lastDecade = looseOnly ? Int(ceil(hi - 1e-9)) : Int(floor(hi + 1e-9))
        let decades = lastDecade - firstDecade + 1
        if decades < 2 {
            let linear = ticks(from: min(lower, upper), to: max(lower, upper), targetCount: targetCount, looseOnly: looseOnly)
            let positive = linear.filter { $0 > 0 }
            if positive.count >= 2 { return positive }
            return [pow(10, Double(firstDecade - (looseOnly ? 0 : 1))), pow(10, Double(lastDecade + 1))]
        }
        let every = max(1, Int(ceil(Double(decades - 1) / Double(max(1, targetCount - 1)))))
        var start = firstDecade
        if every > 1 {
            // Prefer decades that are multiples of the stride (…, 1e-6, 1e-3, 1).
            start = Int(floor(Double(firstDecade) / Double(every))) * every
            if !looseOnly && start < firstDecade { start += every }
        }
        var result: [Double] = []
        var e = start
        while e <= lastDecade || (looseOnly && result.last.map { log10($0) < hi - 1e-9 } ?? true) {
            result.append(TickGenerator.powerOfTen(e))
            e += every
            if result.count > 400 { break }
        }
        return result
    }

    /// Labels for ticks: the fewest decimals that show every tick exactly, or exponent notation
    /// (`1e-5`, `2.5e6`) for very small or very large magnitudes.
    public static func labels(for ticks: [Double]) -> [String] {
        guard !ticks.isEmpty else { return [] }
        let finite = ticks.filter { $0.isFinite }
        let maxAbs = finite.map { abs($0) }.max() ?? 0
        let minStep = zip(finite.dropFirst(), finite).map { abs($0 - $1) }.filter { $0 > 0 }.min() ?? maxAbs
        var decimals = 0
        while decimals < 12 {
            let factor = pow(10, Double(decimals))
            let exact = finite.allSatisfy { t in
                let scaled = t * factor
                return abs(scaled - scaled.rounded()) <= 1e-6 * max(1, abs(scaled))
            }
            if exact { break }
            decimals += 1
        }
        let useExponent = maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-3) || decimals > 5
            || (minStep > 0 && minStep < 1e-4 && maxAbs < 1)
        return ticks.map { t in
            let value = abs(t) < minStep * 1e-9 ? 0 : t
            if useExponent { return value == 0 ? "0" : NumberFormat.exponential(value, digits: 4) }
            return NumberFormat.fixed(value, decimals: decimals)
        }
    }

    /// Labels for ticks on a logarithmic axis: plain numbers from 0.001 to 10000, exponents beyond.
    public static func logLabels(for ticks: [Double]) -> [String] {
        let allDecades = ticks.allSatisfy { t in
            let e = log10(t)
            return abs(e - e.rounded()) < 1e-9
        }
        guard allDecades else { return labels(for: ticks) }
        return ticks.map { t in
            let e = Int(log10(t).rounded())
            if e >= -3 && e <= 4 { return NumberFormat.fixed(t, decimals: max(0, -e)) }
            return "1e\(e)"
        }
    }

    // MARK: - Search

    private struct Candidate {
        var start: Int
        var skip: Int
        var q: Double
        var z: Int
        var count: Int
        var score: Double
    }

    private func search(dmin: Double, dmax: Double, m: Int, looseOnly: Bool, integersOnly: Bool) -> Candidate? {
        let w = weights
        var best: Candidate?
        var bestScore = -2.0
        let n = niceNumbers.count
        var j = 1
        outer: while j <= 64 {
            for (qIndex, q) in niceNumbers.enumerated() {
                let sm = simplicityMax(qIndex: qIndex, n: n, j: j)
                if w.simplicity * sm + w.coverage + w.density + w.legibility < bestScore { break outer }
                var k = 2
                while k <= 256 {
                    let dm = densityMax(k: k, m: m)
                    if w.simplicity * sm + w.coverage + w.density * dm + w.legibility < bestScore { break }
                    let delta = (dmax - dmin) / Double(k + 1) / Double(j) / q
                    var z = Int(ceil(log10(delta)))
                    var zTries = 0
                    while zTries < 64 {
                        zTries += 1
                        let step = Double(j) * q * TickGenerator.powerOfTen(z)
                        let cm = coverageMax(dmin: dmin, dmax: dmax, span: step * Double(k - 1))
                        if w.simplicity * sm + w.coverage * cm + w.density * dm + w.legibility < bestScore { break }
                        if integersOnly && !TickGenerator.isWhole(step) {
                            z += 1
                            continue
                        }
                        let minStart = Int(floor(dmax / step)) * j - (k - 1) * j
                        let maxStart = Int(ceil(dmin / step)) * j
                        if minStart > maxStart {
                            z += 1
                            continue
                        }
                        for start in minStart...maxStart {
                            let lmin = TickGenerator.scaled(Double(start), q: q, z: z)
                            let lmax = TickGenerator.scaled(Double(start + (k - 1) * j), q: q, z: z)
                            let s = simplicity(qIndex: qIndex, n: n, j: j, lmin: lmin, lmax: lmax, step: step)
                            let c = coverage(dmin: dmin, dmax: dmax, lmin: lmin, lmax: lmax)
                            let g = density(k: k, m: m, dmin: dmin, dmax: dmax, lmin: lmin, lmax: lmax)
                            let score = w.simplicity * s + w.coverage * c + w.density * g + w.legibility
                            let tolerance = 1e-9 * (dmax - dmin)
                            if score > bestScore && (!looseOnly || (lmin <= dmin + tolerance && lmax >= dmax - tolerance)) {
                                bestScore = score
                                best = Candidate(start: start, skip: j, q: q, z: z, count: k, score: score)
                            }
                        }
                        z += 1
                    }
                    k += 1
                }
            }
            j += 1
        }
        return best
    }

    private func simplicity(qIndex: Int, n: Int, j: Int, lmin: Double, lmax: Double, step: Double) -> Double {
        let eps = 1e-10
        let remainder = lmin - step * floor(lmin / step)
        let includesZero = (remainder < eps * step || step - remainder < eps * step) && lmin <= 0 && lmax >= 0
        return 1 - Double(qIndex) / Double(max(1, n - 1)) - Double(j) + (includesZero ? 1 : 0)
    }

    private func simplicityMax(qIndex: Int, n: Int, j: Int) -> Double {
        2 - Double(qIndex) / Double(max(1, n - 1)) - Double(j)
    }

    private func coverage(dmin: Double, dmax: Double, lmin: Double, lmax: Double) -> Double {
        let range = dmax - dmin
        return 1 - 0.5 * ((dmax - lmax) * (dmax - lmax) + (dmin - lmin) * (dmin - lmin)) / ((0.1 * range) * (0.1 * range))
    }

    private func coverageMax(dmin: Double, dmax: Double, span: Double) -> Double {
        let range = dmax - dmin
        if span > range {
            let half = (span - range) / 2
            return 1 - 0.5 * (2 * half * half) / ((0.1 * range) * (0.1 * range))
        }
        return 1
    }

    private func density(k: Int, m: Int, dmin: Double, dmax: Double, lmin: Double, lmax: Double) -> Double {
        let r = Double(k - 1) / (lmax - lmin)
        let rt = Double(m - 1) / (max(lmax, dmax) - min(dmin, lmin))
        return 2 - max(r / rt, rt / r)
    }

    private func densityMax(k: Int, m: Int) -> Double {
        k >= m ? 2 - Double(k - 1) / Double(m - 1) : 1
    }

    /// `n·q·10^z`, dividing by an exact power of ten for negative `z` so 0.1·3 prints as 0.3.
    static func scaled(_ n: Double, q: Double, z: Int) -> Double {
        let v = z >= 0 ? n * q * powerOfTen(z) : n * q / powerOfTen(-z)
        return v == 0 ? 0 : v
    }

    static func powerOfTen(_ e: Int) -> Double {
        if e >= 0 && e <= 22 {
            var v = 1.0
            for _ in 0..<e { v *= 10 }
            return v
        }
        if e < 0 && e >= -22 { return 1 / powerOfTen(-e) }
        return pow(10, Double(e))
    }

    private static func isWhole(_ v: Double) -> Bool { v >= 1 && abs(v - v.rounded()) < 1e-9 }
}
