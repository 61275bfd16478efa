/// Prints a ``CalendarSpec`` in systemd's normalized form, e.g. `Mon..Fri *-*-* 21:00:00 Europe/Berlin`.
enum CalendarFormatter {
    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func format(_ spec: CalendarSpec) -> String {
        var out = ""
        if spec.weekdays > 0 && spec.weekdays < CalendarSpec.allWeekdays {
            out += weekdays(spec.weekdays) + " "
        }
        out += chain(spec.year, width: 4) + "-" + chain(spec.month, width: 2)
        out += (spec.endOfMonth ? "~" : "-") + chain(spec.day, width: 2)
        out += " " + chain(spec.hour, width: 2) + ":" + chain(spec.minute, width: 2) + ":"
        out += chain(spec.microsecond, width: 2, usec: true)
        if spec.utc {
            out += " UTC"
        } else if let zone = spec.zone {
            out += " " + zone.name
        } else if let abbreviation = spec.dstAbbreviation {
            out += " " + abbreviation
        }
        return out
    }

    static func weekdays(_ bits: Int) -> String {
        var out = ""
        var runStart = -1
        func closeRun(_ x: Int) {
            if x > runStart + 1 { out += (x > runStart + 2 ? ".." : ",") + dayNames[x - 1] }
        }
        for x in 0..<7 {
            if bits & (1 << x) != 0 {
                if runStart < 0 {
                    if !out.isEmpty { out += "," }
                    out += dayNames[x]
                    runStart = x
                }
            } else if runStart >= 0 {
                closeRun(x)
                runStart = -1
            }
        }
        if runStart >= 0 { closeRun(7) }
        return out
    }

    static func padded(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Seconds from microseconds: `05` or `05.250000`.
    static func seconds(_ usec: Int, width: Int = 2) -> String {
        let unit = Microseconds.second
        var s = padded(usec / unit, width)
        if usec % unit > 0 { s += "." + padded(usec % unit, 6) }
        return s
    }

    static func chain(_ chain: [CalendarSpec.Component]?, width: Int, usec: Bool = false) -> String {
        guard let chain else { return "*" }
        let unit = usec ? Microseconds.second : 1
        // Seconds holding every whole second from 0 print as `*`, whatever else the list holds
        // (systemd 252 does so: `0/1,30.5` is `*`, while it still elapses at :30.5).
        if usec, chain.contains(where: { $0.start == 0 && $0.repeatEvery == unit && $0.stop < 0 }) {
            return "*"
        }
        return chain.map { c in
            var s = seconds(c.start * (usec ? 1 : unit), width: width, unit: unit)
            if c.stop > 0 { s += ".." + seconds(c.stop, width: width, unit: unit) }
            if c.repeatEvery > 0 && !(c.stop > 0 && c.repeatEvery == unit) {
                s += "/" + String(c.repeatEvery / unit)
                if c.repeatEvery % unit > 0 { s += "." + padded(c.repeatEvery % unit, 6) }
            }
            return s
        }.joined(separator: ",")
    }

    private static func seconds(_ v: Int, width: Int, unit: Int) -> String {
        unit == 1 ? padded(v, width) : seconds(v, width: width)
    }
}

extension CalendarSpec {
    /// The normalized form, as `systemd-analyze calendar` prints it.
    public var normalized: String { CalendarFormatter.format(self) }
}
