/// Turns wall-clock fields into an instant exactly as glibc's `mktime` does.
///
/// glibc probes for the instant by repeated conversion, starting from the offset its previous call
/// found; that remembered guess decides which of two equal wall times on a fall-back night is
/// chosen. The solver keeps the same guess so that calendar results match systemd's to the second.
public struct WallClockSolver: Sendable {
    public let zone: Zone
    /// Minus the UTC offset found by the previous call (glibc's `localtime_offset`).
    public var offsetGuess = 0
    /// How many conversions one solve may try before giving up, as glibc does.
    static let probeLimit = 6
    /// Distance between probes when looking for a neighbour with the wanted DST flag.
    static let dstStride = 601_200
    /// Half the longest run of one DST flag in the zone database, plus one stride.
    static let dstSearchBound = 457_243_200 / 2 + 601_200

    /// Position of the last span of one local time type used, to skip searching.
    var hint = 0
    /// A wall time this far inside a span cannot also be read in a neighbouring span: no two
    /// UTC offsets differ by more than a day.
    static let spanMargin = 2 * Civil.secondsPerDay

    public init(zone: Zone) { self.zone = zone }

    /// `localtime_r` through the span cache.
    mutating func convert(_ t: Int) -> LocalTime {
        var h = hint
        let k = zone.span(at: t, hint: &h)
        hint = h
        return LocalTime(epochSeconds: t, offset: k.offset, isDST: k.isDST)
    }

    /// Fields already in range, far from any offset change, have exactly one instant; glibc
    /// would find it too and remember its offset.
    private mutating func solveInRange(_ fields: inout LocalTime, isDST: Int) -> Int? {
        guard fields.isInRange else { return nil }
        let days = Civil.days(year: fields.year, month: fields.month, day: fields.day)
        let wall = days * Civil.secondsPerDay + fields.hour * 3600 + fields.minute * 60 + fields.second
        var h = hint
        let span = zone.span(at: wall + offsetGuess, hint: &h)
        hint = h
        let t = wall - span.offset
        guard t >= span.start &+ WallClockSolver.spanMargin, t <= span.end &- WallClockSolver.spanMargin,
            isDST < 0 || (isDST != 0) == span.isDST
        else { return nil }
        offsetGuess = -span.offset
        fields.weekday = Civil.weekday(days: days)
        fields.yearDay = Civil.yearDay(year: fields.year, month: fields.month, day: fields.day)
        fields.isDST = span.isDST
        fields.utcOffset = span.offset
        return t
    }

    /// Seconds since the epoch of `fields` read as local time, normalizing `fields` to the result.
    ///
    /// `isDST` is `tm_isdst`: -1 lets the zone decide, 0 or 1 ask for standard or daylight time.
    /// Returns nil where glibc would fail.
    public mutating func solve(_ fields: inout LocalTime, isDST: Int) -> Int? {
        if let t = solveInRange(&fields, isDST: isDST) { return t }
        let secRequested = fields.second
        let sec = min(max(secRequested, 0), 59)
        let monthIndex = fields.month - 1
        let year = fields.year + Civil.floorDiv(monthIndex, 12)
        let month = Civil.floorMod(monthIndex, 12) + 1
        let yday = Civil.days(year: year, month: month, day: 1) - Civil.daysBeforeYear(year) + fields.day - 1
        let requested =
            (Civil.daysBeforeYear(year) + yday) * Civil.secondsPerDay + fields.hour * 3600
            + fields.minute * 60 + sec
        let t0 = requested + offsetGuess
        var t = t0
        var t1 = t0
        var t2 = t0
        var remaining = WallClockSolver.probeLimit
        var tm = convert(t)
        var found = false
        while true {
            tm = convert(t)
            let dt = requested - WallClockSolver.stamp(tm)
            if dt == 0 {
                found = true
                break
            }
            if t == t1 && t != t2 && (isDST < 0 ? tm.isDST : (isDST != 0) != tm.isDST) {
                break
            }
            remaining -= 1
            if remaining == 0 { return nil }
            t1 = t2
            t2 = t
            t += dt
        }
        if found && isDST >= 0 && (isDST != 0) != tm.isDST {
            // The right wall time with the wrong DST flag: borrow the offset of a neighbour that has it.
            var adjusted: Int?
            var delta = WallClockSolver.dstStride
            search: while delta < WallClockSolver.dstSearchBound {
                for direction in [-1, 1] {
                    let ot = t + delta * direction
                    let otm = convert(ot)
                    if otm.isDST == (isDST != 0) {
                        adjusted = ot + requested - WallClockSolver.stamp(otm)
                        break search
                    }
                }
                delta += WallClockSolver.dstStride
            }
            t = adjusted ?? t + 3600 * ((isDST == 0 ? 1 : 0) - (tm.isDST ? 0 : 1))
            tm = convert(t)
        }
        offsetGuess = t - t0 + offsetGuess
        if secRequested != tm.second {
            t += secRequested - sec + (sec == 0 && tm.second == 60 ? 1 : 0)
            tm = convert(t)
        }
        fields = tm
        return t
    }

    /// Seconds of a broken-down time counted as if it were UTC.
    @inline(__always)
    static func stamp(_ tm: LocalTime) -> Int {
        (Civil.daysBeforeYear(tm.year) + tm.yearDay) * Civil.secondsPerDay + tm.hour * 3600 + tm.minute * 60
            + tm.second
    }
}
