import NNRender

/// Keeps a panel's last drawing, so a view redraws an expensive panel only when its content
/// changed and its refresh interval has passed, and copies the kept cells on other frames.
struct PanelCache {
    private var kept: Buffer?
    private var area: Rect?
    private var version: AnyHashable?
    private var drawn: ContinuousClock.Instant?

    /// Draws the panel into `target`'s `area`: afresh (with `draw`) when the area is new, or
    /// when `version` changed and at least `refresh` seconds passed; else from the kept copy.
    mutating func render(into target: inout Buffer, area: Rect, version: AnyHashable, refresh: Double,
                         now: ContinuousClock.Instant, draw: (inout Buffer) -> Void) {
        let due = drawn.map { now - $0 >= .milliseconds(Int(refresh * 1000)) } ?? true
        if kept == nil || self.area != area || kept!.width != target.width || kept!.height != target.height
            || (self.version != version && due) {
            var scratch = Buffer(width: target.width, height: target.height)
            draw(&scratch)
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
