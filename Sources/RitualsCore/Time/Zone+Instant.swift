/// Wall times back to instants.
extension Zone {
    /// The instant (UTC seconds) of a wall time (seconds since 1970-01-01T00:00 read as UTC) in this
    /// zone, as RFC 5545 §3.3.5 reads it: a time that happens twice is the first, a time that does
    /// not exist is read with the offset from before the gap.
    public func instant(wall: Int) -> Int {
        var hint = 0
        return instant(wall: wall, hint: &hint)
    }

    /// ``instant(wall:)`` remembering where in the zone's table the last answer was.
    func instant(wall: Int, hint: inout Int) -> Int {
        let near = span(at: wall, hint: &hint)
        let margin = 2 * Civil.secondsPerDay
        if wall - near.offset >= near.start &+ margin && wall - near.offset < near.end &- margin {
            return wall - near.offset
        }
        let before = span(at: wall - Civil.secondsPerDay, hint: &hint).offset
        let after = span(at: wall + Civil.secondsPerDay, hint: &hint).offset
        var best: Int?
        for offset in [before, after] {
            let t = wall - offset
            if span(at: t, hint: &hint).offset == offset, best.map({ t < $0 }) ?? true { best = t }
        }
        return best ?? wall - before
    }
}
