/// Time spans back to text.
extension TimeSpan {
    /// How a span is written.
    public enum Style: Sendable {
        /// The config's syntax, which ``TimeSpan/parse(_:)`` reads back: `1d 2h 30min`, `90s`, `0`.
        case config
        /// For people, in notifications and status lines: `1 d 2 h`, `10 min`, `0 s`.
        case spoken
    }

    /// Units from the largest, as the config writes them (weeks too) and as people read them.
    static let configUnits: [(usec: Int, name: String)] = [
        (Microseconds.week, "w"), (Microseconds.day, "d"), (Microseconds.hour, "h"), (Microseconds.minute, "min"),
        (Microseconds.second, "s"),
        (1000, "ms"), (1, "us"),
    ]
    static let spokenUnits: [(usec: Int, name: String)] = [
        (Microseconds.day, "d"), (Microseconds.hour, "h"), (Microseconds.minute, "min"), (Microseconds.second, "s"),
        (1000, "ms"), (1, "µs"),
    ]

    /// `usec` in whole units from weeks (config) or days (spoken) down to microseconds. With
    /// `units`, only that many units from the largest one present are written and the rest is
    /// dropped: `3 h 20 min` for 3 h 20 min 12 s with 2.
    public static func format(_ usec: Int, style: Style = .config, units: Int = Int.max) -> String {
        let separator = style == .config ? "" : " "
        guard usec > 0 else { return style == .config ? "0" : "0" + separator + "s" }
        var rest = usec
        var parts: [String] = []
        var first: Int?
        for (i, unit) in (style == .config ? configUnits : spokenUnits).enumerated() {
            if let first, i - first >= units { break }
            guard rest >= unit.usec else { continue }
            first = first ?? i
            parts.append("\(rest / unit.usec)" + separator + unit.name)
            rest %= unit.usec
        }
        return parts.joined(separator: " ")
    }
}
