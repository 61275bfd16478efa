/// Formatting and reading of instants.
public enum Timestamp {
    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `2026-12-04T19:00:00+01:00`, with a fraction only when it is not zero.
    public static func iso8601(_ instant: Instant, in zone: Zone) -> String {
        var out: [UInt8] = []
        appendISO8601(instant.microseconds, in: zone, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `Fri 2026-12-04 19:00:00 CET`, as systemd prints timestamps.
    public static func systemd(_ instant: Instant, in zone: Zone) -> String {
        var out: [UInt8] = []
        appendSystemd(instant.microseconds, in: zone, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `2026-12-04` for a day counted from 1970-01-01.
    public static func date(days: Int) -> String {
        let d = Civil.date(days: days)
        return "\(pad(d.year, 4))-\(pad(d.month))-\(pad(d.day))"
    }

    /// `07:30` for a minute of the day.
    public static func clock(minuteOfDay minute: Int) -> String { "\(pad(minute / 60)):\(pad(minute % 60))" }

    /// `3 days left`, `1 year 2 months ago`: systemd's relative form.
    public static func relative(_ instant: Instant, now: Instant) -> String {
        let (usec, now) = (instant.microseconds, now.microseconds)
        let (d, word) = usec > now ? (usec - now, "left") : (now - usec, "ago")
        let second = Microseconds.second
        let minute = 60 * second
        let hour = 60 * minute
        let day = 24 * hour
        let week = 7 * day
        let month = 2_629_800 * second
        let year = 31_557_600 * second
        func unit(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        if d >= year {
            return "\(unit(d / year, "year", "years")) \(unit(d % year / month, "month", "months")) \(word)"
        } else if d >= month {
            return "\(unit(d / month, "month", "months")) \(unit(d % month / day, "day", "days")) \(word)"
        } else if d >= week {
            return "\(unit(d / week, "week", "weeks")) \(unit(d % week / day, "day", "days")) \(word)"
        } else if d >= 2 * day {
            return "\(d / day) days \(word)"
        } else if d >= 25 * hour {
            return "1 day \((d - day) / hour)h \(word)"
        } else if d >= 6 * hour {
            return "\(d / hour)h \(word)"
        } else if d >= hour {
            return "\(d / hour)h \(d % hour / minute)min \(word)"
        } else if d >= 5 * minute {
            return "\(d / minute)min \(word)"
        } else if d >= minute {
            return "\(d / minute)min \(d % minute / second)s \(word)"
        } else if d >= second {
            return "\(d / second)s \(word)"
        } else if d >= 1000 {
            return "\(d / 1000)ms \(word)"
        } else if d > 0 {
            return "\(d)us \(word)"
        }
        return "now"
    }

    /// Reads `@EPOCH[.frac]`, ISO 8601 (`2026-12-04T19:00[:00][.f][Z|±hh:mm]`) or
    /// `YYYY-MM-DD HH:MM[:SS]`; times without an offset are wall times in `zone`.
    public static func parse(_ text: String, in zone: Zone) -> Instant? {
        microseconds(text, in: zone).map(Instant.init(microseconds:))
    }

    static func microseconds(_ text: String, in zone: Zone) -> Int? {
        let s = text.trimmingSpaces
        if s.first == "@" { return epoch(s.dropFirst()) }
        let b = Array(s.utf8)
        func num(_ i: Int, _ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<i + n {
                guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        guard b.count >= 10, let y = num(0, 4), b[4] == 0x2D, let mo = num(5, 2), b[7] == 0x2D, let d = num(8, 2),
            (1...12).contains(mo), d >= 1, d <= Civil.daysInMonth(y, mo)
        else { return nil }
        var i = 10
        var h = 0
        var mi = 0
        var sec = 0
        var frac = 0
        if i < b.count {
            guard b[i] == 0x54 || b[i] == 0x20, let hh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 0x3A,
                let mm = num(i + 4, 2)
            else { return nil }
            (h, mi) = (hh, mm)
            i += 6
            if i < b.count && b[i] == 0x3A {
                guard let ss = num(i + 1, 2) else { return nil }
                sec = ss
                i += 3
                if i < b.count && (b[i] == 0x2E || b[i] == 0x2C) {
                    i += 1
                    var digits = 0
                    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                        if digits < 6 { frac = frac * 10 + Int(b[i] - 0x30) }
                        digits += 1
                        i += 1
                    }
                    guard digits > 0 else { return nil }
                    for _ in min(digits, 6)..<6 { frac *= 10 }
                }
            }
        }
        guard h < 24, mi < 60, sec < 61 else { return nil }
        let wall = Civil.days(year: y, month: mo, day: d) * Civil.secondsPerDay + h * 3600 + mi * 60 + sec
        var offset: Int?
        if i < b.count {
            if b[i] == 0x5A && i + 1 == b.count {
                offset = 0
            } else if b[i] == 0x2B || b[i] == 0x2D, let oh = num(i + 1, 2) {
                var om = 0
                if i + 3 < b.count {
                    let j = b[i + 3] == 0x3A ? i + 4 : i + 3
                    guard let m = num(j, 2), j + 2 == b.count else { return nil }
                    om = m
                } else if i + 3 != b.count {
                    return nil
                }
                offset = (b[i] == 0x2D ? -1 : 1) * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        let seconds = offset.map { wall - $0 } ?? zone.instant(wall: wall)
        return seconds * Microseconds.second + frac
    }

    private static func epoch(_ s: Substring) -> Int? {
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 12,
            whole.allSatisfy({ $0.isASCII && $0.isNumber }),
            let secs = Int(whole)
        else { return nil }
        var frac = 0
        if parts.count == 2 {
            let f = parts[1]
            guard !f.isEmpty, f.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            for (k, c) in f.prefix(6).enumerated() { frac += Int(String(c))! * [100_000, 10_000, 1000, 100, 10, 1][k] }
        }
        return secs * Microseconds.second + frac
    }
}
