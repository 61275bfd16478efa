/// Reads the text of a systemd calendar expression into a ``CalendarSpec``.
struct CalendarParser {
    typealias Component = CalendarSpec.Component

    let text: String
    let bytes: [UInt8]
    /// End of the part still to be read (a trailing zone is cut off first).
    var end: Int
    var pos = 0
    var spec = CalendarSpec()

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
        end = bytes.count
    }

    static let weekdayNames: [(String, Int)] = [
        ("monday", 0), ("mon", 0), ("tuesday", 1), ("tue", 1), ("wednesday", 2), ("wed", 2),
        ("thursday", 3), ("thu", 3), ("friday", 4), ("fri", 4), ("saturday", 5), ("sat", 5),
        ("sunday", 6), ("sun", 6),
    ]

    static let shorthands: [String: String] = [
        "minutely": "*-*-* *:*:00", "hourly": "*-*-* *:00:00", "daily": "*-*-* 00:00:00",
        "monthly": "*-*-01 00:00:00", "weekly": "Mon *-*-* 00:00:00", "yearly": "*-01-01 00:00:00",
        "annually": "*-01-01 00:00:00", "anually": "*-01-01 00:00:00",
        "quarterly": "*-01,04,07,10-01 00:00:00", "semiannually": "*-01,07-01 00:00:00",
        "semi-annually": "*-01,07-01 00:00:00",
    ]

    func fail(_ reason: String, at offset: Int? = nil) -> ScheduleError {
        ScheduleError(.calendar, text, reason, column: offset.map { ScheduleError.column(bytes, $0) })
    }

    func unexpected(at offset: Int) -> ScheduleError {
        if offset >= end { return fail("unexpected end of expression", at: offset) }
        return fail("unexpected \(ScheduleError.describe(bytes, at: offset))", at: offset)
    }

    var current: UInt8 { pos < end ? bytes[pos] : 0 }

    func byte(_ i: Int) -> UInt8 { i < end ? bytes[i] : 0 }

    static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b + 0x20 : b }

    func hasPrefixNoCase(_ word: String, at offset: Int) -> Bool {
        var i = offset
        for w in word.utf8 {
            guard i < end, CalendarParser.lower(bytes[i]) == w else { return false }
            i += 1
        }
        return true
    }

    /// Parses the whole expression.
    mutating func parse(zones: any ZoneProvider, local: Zone) throws(ScheduleError) -> CalendarSpec {
        guard !bytes.isEmpty else { throw fail("the expression is empty") }
        try splitZone(zones: zones, local: local)
        guard end > 0 else { throw fail("nothing before the time zone", at: 0) }
        let body = String(decoding: bytes[0..<end], as: UTF8.self).lowercased()
        if let expansion = CalendarParser.shorthands[body] {
            var inner = CalendarParser(expansion)
            try inner.parseBody()
            inner.spec.utc = spec.utc
            inner.spec.zone = spec.zone
            inner.spec.dst = spec.dst
            inner.spec.dstAbbreviation = spec.dstAbbreviation
            spec = inner.spec
        } else {
            try parseBody()
        }
        try spec.normalizeAndValidate(self)
        return spec
    }

    /// Cuts a trailing ` UTC`, local zone abbreviation or IANA zone name off the end.
    mutating func splitZone(zones: any ZoneProvider, local: Zone) throws(ScheduleError) {
        if end >= 4 && hasPrefixNoCase(" utc", at: end - 4) {
            spec.utc = true
            end -= 4
            return
        }
        for (j, abbreviation) in [local.standardAbbreviation, local.daylightAbbreviation ?? local.standardAbbreviation]
            .enumerated()
        {
            let n = abbreviation.utf8.count
            guard n > 0, end > n, bytes[end - n - 1] == 0x20,
                hasPrefixNoCase(abbreviation.lowercased(), at: end - n)
            else { continue }
            spec.dst = j
            spec.dstAbbreviation = abbreviation
            end -= n + 1
            return
        }
        guard let space = bytes[0..<end].lastIndex(of: 0x20) else { return }
        let name = String(decoding: bytes[(space + 1)..<end], as: UTF8.self)
        if let zone = zones.zone(named: name) {
            if name == "UTC" {
                spec.utc = true
            } else {
                spec.zone = zone
            }
            end = space
        }
    }

    mutating func parseBody() throws(ScheduleError) {
        try parseWeekdays()
        if current == 0x40 {  // "@"
            try parseEpoch()
            return
        }
        if try parseDate() {
            try parseTime()
        }
        if pos < end { throw unexpected(at: pos) }
    }
}

extension CalendarSpec {
    /// Parses a calendar expression as `systemd-analyze calendar` does.
    ///
    /// `local` is the zone of wall times without a zone of their own; its standard and daylight
    /// abbreviations may end an expression, as in systemd.
    public init(parsing text: String, zones: any ZoneProvider, local: Zone) throws(ScheduleError) {
        var parser = CalendarParser(text)
        self = try parser.parse(zones: zones, local: local)
    }
}
