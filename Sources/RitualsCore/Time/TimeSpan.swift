/// systemd's time span syntax (`90s`, `15m`, `1h 30min`, `2d`, `1.5h`), as `systemd-analyze
/// timespan` reads it, in microseconds.
public enum TimeSpan {
    /// Unit names and their length in microseconds, longest names first so that `min` wins over `m`.
    static let units: [(String, Int)] = [
        ("seconds", Microseconds.second), ("second", Microseconds.second), ("minutes", Microseconds.minute),
        ("minute", Microseconds.minute),
        ("months", 2_629_800_000_000), ("month", 2_629_800_000_000), ("hours", Microseconds.hour),
        ("hour", Microseconds.hour), ("years", 31_557_600_000_000), ("year", 31_557_600_000_000),
        ("weeks", Microseconds.week), ("week", Microseconds.week), ("days", Microseconds.day),
        ("day", Microseconds.day),
        ("msec", 1000), ("usec", 1), ("sec", Microseconds.second), ("min", Microseconds.minute),
        ("hr", Microseconds.hour),
        ("ms", 1000), ("us", 1), ("µs", 1), ("μs", 1), ("s", Microseconds.second), ("m", Microseconds.minute),
        ("M", 2_629_800_000_000),
        ("h", Microseconds.hour), ("d", Microseconds.day), ("w", Microseconds.week), ("y", 31_557_600_000_000),
    ]

    /// Microseconds in `text`; a number without a unit counts seconds.
    public static func parse(_ text: String) throws(TimeSpanError) -> Int {
        var s = Substring(text)
        func skipSpaces() { while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() } }
        skipSpaces()
        if s.isEmpty { throw .empty }
        var total = 0
        while !s.isEmpty {
            if s.first == "-" { throw .negative }
            let whole = s.prefix { $0.isASCII && $0.isNumber }
            s = s.dropFirst(whole.count)
            var fraction = Substring("")
            if s.first == "." {
                s = s.dropFirst()
                fraction = s.prefix { $0.isASCII && $0.isNumber }
                s = s.dropFirst(fraction.count)
                if fraction.isEmpty && whole.isEmpty { throw .unexpected(text) }
            }
            guard !whole.isEmpty || !fraction.isEmpty else { throw .unexpected(text) }
            skipSpaces()
            var unit = Microseconds.second
            if let (name, length) = units.first(where: { s.hasPrefix($0.0) }) {
                let after = s.dropFirst(name.count)
                if let c = after.first, c.isLetter { throw .unexpected(text) }
                unit = length
                s = after
            } else if let c = s.first, !(c.isASCII && c.isNumber) {
                throw .unexpected(text)
            }
            guard let w = Int(whole.isEmpty ? "0" : whole) else { throw .tooLarge }
            let (part, o1) = w.multipliedReportingOverflow(by: unit)
            var fractionPart = 0
            var scale = unit
            for digit in fraction.prefix(18) {
                scale /= 10
                fractionPart += Int(String(digit))! * scale
            }
            let (sum, o2) = total.addingReportingOverflow(part)
            let (sum2, o3) = sum.addingReportingOverflow(fractionPart)
            guard !o1, !o2, !o3 else { throw .tooLarge }
            total = sum2
            skipSpaces()
        }
        return total
    }
}
