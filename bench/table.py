"""Prints bench/run.sh's training table from its measurements.

Input lines: `WORKLOAD PROGRAM ROUND SAMPLES_PER_SECOND PEAK_MB`, one per run, where the programs
of a round ran one after another (taking turns). Throughput is the fastest run of each program
(a shared machine only ever slows a run down); the train command's share of the tight loop is
also given as the median over rounds of the share measured within one round, which a slow spell
that hits one round cannot move.
"""
import statistics
import sys
from collections import defaultdict

LABELS = {
    "a": "spiral 2-64-64-3 b32",
    "b": "spiral 2-64-64-3 b256",
    "c": "spiral 2-256-256-3 b256",
    "d": "digits 64-128-10 b32",
    "e": "digits conv 1x8x8 b32",
}
# The targets: (numpy column, least ratio) and (torch column, least ratio).
TARGETS = {
    "a": [("numpy", 4), ("torch64", 12)],
    "b": [("numpy", 2.5)],
    "c": [("numpy2", 1.5), ("torch32", 1)],
    "d": [("numpy", 3)],
    "e": [("numpy", 2)],
}
COLUMNS = [("train", "train cmd"), ("loop", "tight loop"), ("numpy", "numpy 1t"), ("numpy2", "numpy 2t"),
           ("torch64", "torch f64"), ("torch32", "torch f32")]


def main(path):
    rates = defaultdict(lambda: defaultdict(dict))  # workload → program → round → rate
    peak = defaultdict(float)
    for line in open(path):
        w, program, rnd, rate, mb = line.split()
        rates[w][program][int(rnd)] = float(rate)
        if program == "train":
            peak[w] = max(peak[w], float(mb))
    shown = [c for c in COLUMNS if any(c[0] in rates[w] for w in rates)]
    print("samples/s, fastest run of each (more is better)")
    print(f"{'':4}{'workload':<24}" + "".join(f"{title:>11}" for _, title in shown))
    best = {}
    for w in sorted(rates):
        best[w] = {p: max(r.values()) for p, r in rates[w].items()}
        cells = "".join(f"{best[w][p]:>11,.0f}" if p in best[w] else f"{'—':>11}" for p, _ in shown)
        print(f"({w}) {LABELS[w]:<24}" + cells)
    print()
    print("train cmd ÷ tight loop (median of rounds, fastest ÷ fastest; target ≥ 0.95),")
    print("train cmd ÷ each peer (fastest ÷ fastest; the issue's target after ≥), peak MB (≤ 64)")
    print(f"{'':4}{'÷ loop':>13}" + "".join(f"{'÷ ' + t:>13}" for p, t in COLUMNS[2:] if p in {q for q, _ in shown})
          + f"{'MB':>6}")
    for w in sorted(rates):
        per_round = [rates[w]["train"][r] / rates[w]["loop"][r]
                     for r in rates[w]["train"] if r in rates[w].get("loop", {})]
        share = f"{statistics.median(per_round):.2f} {best[w]['train'] / best[w]['loop']:.2f}" if per_round else "—"
        targets = dict(TARGETS[w])
        cells = ""
        for p, _ in COLUMNS[2:]:
            if p not in {q for q, _ in shown}:
                continue
            if p not in best[w]:
                cells += f"{'—':>13}"
                continue
            ratio = best[w]["train"] / best[w][p]
            text = f"{ratio:.2f}×" + (f" ≥{targets[p]:g}" if p in targets else "")
            cells += f"{text:>13}"
        print(f"({w}) {share:>12}{cells}{peak[w]:>6.0f}")


if __name__ == "__main__":
    main(sys.argv[1])
