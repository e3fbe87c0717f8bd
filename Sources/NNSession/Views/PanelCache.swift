import NNRender

/// Keeps a panel's last drawing, so a view redraws an expensive panel only when its content
/// changed and its refresh interval has passed, and copies the kept cells on other frames.
///
/// A panel that is slow to draw (the decision boundary of a wide net costs a forward pass per
/// pixel) waits longer: at least `costShare` times as long as its last drawing took, so
/// redrawing it takes at most about 1/`costShare` of the time training runs in.
struct PanelCache {
    /// How many times its own drawing time a panel waits before it is redrawn.
    static let costShare = 40.0
    private var kept: Buffer?
    private var area: Rect?
    private var version: AnyHashable?
    private var drawn: ContinuousClock.Instant?
    /// How long the last drawing took.
    private var cost = Duration.zero

    /// Draws the panel into `target`'s `area`: afresh (with `draw`) when the area is new, or
    /// when `version` changed and at least `refresh` seconds (and `costShare` times the last
    /// drawing's time) passed; else from the kept copy.
    mutating func render(into target: inout Buffer, area: Rect, version: AnyHashable, refresh: Double,
                         now: ContinuousClock.Instant, draw: (inout Buffer) -> Void) {
        let wait = refresh > 0 ? max(.milliseconds(Int(refresh * 1000)), cost * Self.costShare) : .zero
        let due = drawn.map { now - $0 >= wait } ?? true
        if kept == nil || self.area != area || kept!.width != target.width || kept!.height != target.height
            || (self.version != version && due) {
            var scratch = Buffer(width: target.width, height: target.height)
            let clock = ContinuousClock(), started = clock.now
            draw(&scratch)
            cost = clock.now - started
            kept = scratch
            self.area = area
            self.version = version
            drawn = now
        }
        target.copy(area, from: kept!)
    }

    /// Forgets the kept drawing (after a resize or an option change).
    mutating func reset() { kept = nil }
}
