/// Builds RFC 5545 text: CRLF line ends, lines folded at 75 octets, TEXT values escaped.
public struct ICalendarWriter: Sendable {
    public private(set) var text = ""

    public init() {}

    /// Adds one content line, folded.
    public mutating func line(_ content: String) {
        var current = ""
        var octets = 0
        for c in content {
            let n = String(c).utf8.count
            if octets + n > 75 {
                text += current + "\r\n"
                current = " "
                octets = 1
            }
            current.append(c)
            octets += n
        }
        text += current + "\r\n"
    }

    /// A TEXT value with `\`, `;`, `,` and newlines escaped.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out
    }

    /// `YYYYMMDDTHHMMSSZ` for an instant.
    public static func utc(_ instant: Instant) -> String { RecurrenceRule.basic(instant.wholeSeconds) + "Z" }

    /// `PT15M`-style duration for a span (a second at least).
    public static func duration(_ span: Duration) -> String {
        let s = max(Int(span.components.seconds), 1)
        var out = "P"
        if s >= 86_400 { out += "\(s / 86_400)D" }
        let rest = s % 86_400
        if rest > 0 {
            out += "T"
            if rest >= 3600 { out += "\(rest / 3600)H" }
            if rest % 3600 >= 60 { out += "\(rest % 3600 / 60)M" }
            if rest % 60 > 0 { out += "\(rest % 60)S" }
        }
        return out
    }

    /// `+0100`, `-0930`: a UTC offset in seconds as TZOFFSETFROM and TZOFFSETTO write it.
    static func offset(_ seconds: Int) -> String {
        let a = abs(seconds)
        let h = a / 3600
        let m = a % 3600 / 60
        return (seconds < 0 ? "-" : "+") + (h < 10 ? "0" : "") + "\(h)" + (m < 10 ? "0" : "") + "\(m)"
    }
}
