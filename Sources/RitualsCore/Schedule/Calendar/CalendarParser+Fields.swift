/// The weekday, date, time and epoch parts of a calendar expression.
extension CalendarParser {
    mutating func skipSpaces() {
        while pos < end && bytes[pos] == 0x20 { pos += 1 }
    }

    /// `Mon,Wed..Fri ` (optional). Ranges are written `..` or `-`; a trailing comma is allowed.
    mutating func parseWeekdays() throws(ScheduleError) {
        var rangeStart = -1
        var first = true
        while true {
            var matched: (String, Int)?
            for entry in CalendarParser.weekdayNames where hasPrefixNoCase(entry.0, at: pos) {
                matched = entry
                break
            }
            guard let (name, number) = matched else {
                if first { return }
                throw unexpected(at: pos)
            }
            let after = pos + name.utf8.count
            guard [0, 0x2D, 0x2E, 0x2C, 0x20].contains(byte(after)) else { throw unexpected(at: after) }
            spec.weekdays = (spec.weekdays < 0 ? 0 : spec.weekdays) | 1 << number
            if rangeStart >= 0 {
                guard rangeStart <= number else {
                    throw fail("weekday range runs backwards; write it as two ranges joined by \",\"", at: pos)
                }
                for d in rangeStart...number { spec.weekdays |= 1 << d }
            }
            pos = after
            if pos >= end { return }
            if current == 0x20 {
                skipSpaces()
                return
            }
            if current == 0x2E {
                guard rangeStart < 0 else { throw unexpected(at: pos) }
                guard byte(pos + 1) == 0x2E else { throw unexpected(at: pos + 1) }
                rangeStart = number
                pos += 2
            } else if current == 0x2D {
                guard rangeStart < 0 else { throw unexpected(at: pos) }
                rangeStart = number
                pos += 1
            } else if current == 0x2C {
                rangeStart = -1
                pos += 1
            }
            if pos >= end || current == 0x20 {
                guard rangeStart < 0 else { throw fail("weekday range has no end", at: pos) }
                skipSpaces()
                return
            }
            first = false
        }
    }

    /// `@SECONDS`: one instant, in UTC.
    mutating func parseEpoch() throws(ScheduleError) {
        pos += 1
        skipSpaces()
        if current == 0x2B { pos += 1 }
        let startDigits = pos
        var value = 0
        while pos < end, bytes[pos] >= 0x30, bytes[pos] <= 0x39 {
            guard value <= (Int.max - 9) / 10 else { throw fail("number too large", at: startDigits) }
            value = value * 10 + Int(bytes[pos] - 0x30)
            pos += 1
        }
        guard pos > startDigits else { throw unexpected(at: pos) }
        guard pos == end else { throw unexpected(at: pos) }
        let maxSeconds = (Civil.daysBeforeYear(CalendarSpec.maxYear + 1)) * Civil.secondsPerDay - 1
        guard value <= maxSeconds else {
            throw fail(
                "the time lies after \(CalendarSpec.maxYear), the last year a calendar expression may name",
                at: startDigits)
        }
        let t = LocalTime(epochSeconds: value)
        func one(_ v: Int) -> [Component] {
            var c = Component(start: v)
            c.column = ScheduleError.column(bytes, startDigits)
            return [c]
        }
        spec.year = one(t.year)
        spec.month = one(t.month)
        spec.day = one(t.day)
        spec.hour = one(t.hour)
        spec.minute = one(t.minute)
        spec.microsecond = one(t.second * Microseconds.second)
        spec.utc = true
    }

    /// `[[YEAR-]MONTH-]DAY` (with `~` for end of month). Returns true when the time still follows.
    mutating func parseDate() throws(ScheduleError) -> Bool {
        if pos >= end { return true }
        let save = pos
        let first = try parseChain(usec: false)
        if pos >= end || current == 0x3A {  // a time, not a date
            pos = save
            return true
        }
        try dateSeparator()
        let second = try parseChain(usec: false)
        if pos >= end || current == 0x20 {
            skipSpaces()
            spec.month = first
            spec.day = second
            return true
        }
        if spec.endOfMonth { throw unexpected(at: pos) }
        try dateSeparator()
        let third = try parseChain(usec: false)
        guard pos >= end || current == 0x20 else { throw unexpected(at: pos) }
        skipSpaces()
        spec.year = first
        spec.month = second
        spec.day = third
        return true
    }

    private mutating func dateSeparator() throws(ScheduleError) {
        if current == 0x7E {
            spec.endOfMonth = true
        } else if current != 0x2D {
            throw unexpected(at: pos)
        }
        pos += 1
    }

    /// `HOUR:MINUTE[:SECOND]`, or nothing for midnight.
    mutating func parseTime() throws(ScheduleError) {
        let midnight = [Component(start: 0)]
        if pos >= end {
            spec.hour = midnight
            spec.minute = midnight
            spec.microsecond = midnight
            return
        }
        let hour = try parseChain(usec: false)
        guard current == 0x3A else { throw unexpected(at: pos) }
        pos += 1
        let minute = try parseChain(usec: false)
        var second: [Component]? = midnight
        if pos < end {
            guard current == 0x3A else { throw unexpected(at: pos) }
            pos += 1
            second = try parseChain(usec: true)
            guard pos >= end else { throw unexpected(at: pos) }
        }
        spec.hour = hour
        spec.minute = minute
        spec.microsecond = second
    }

    /// `*`, or a comma-separated list of components.
    mutating func parseChain(usec: Bool) throws(ScheduleError) -> [Component]? {
        if current == 0x2A {
            pos += 1
            return usec ? [Component(start: 0, repeatEvery: Microseconds.second)] : nil
        }
        var chain: [Component] = []
        while true {
            guard chain.count < CalendarSpec.maxComponents else {
                throw fail("more than \(CalendarSpec.maxComponents) values in one field", at: pos)
            }
            chain.append(try parseComponent(usec: usec))
            guard current == 0x2C else { return chain }
            pos += 1
        }
    }

    mutating func parseComponent(usec: Bool) throws(ScheduleError) -> Component {
        let begin = pos
        let column = ScheduleError.column(bytes, pos)
        let unit = usec ? Microseconds.second : 1
        let start = try parseNumber(usec: usec)
        var stop = -1
        var repeatEvery = 0
        if current == 0x2E && byte(pos + 1) == 0x2E {
            pos += 2
            stop = try parseNumber(usec: usec)
            repeatEvery = unit
        }
        if current == 0x2F {
            pos += 1
            let at = pos
            repeatEvery = try parseNumber(usec: usec)
            guard repeatEvery > 0 else { throw fail("a repetition of 0 never advances", at: at) }
        } else {
            guard start <= Int(Int32.max) - repeatEvery else { throw fail("number too large", at: pos) }
            if usec && stop >= 0 && start + repeatEvery > stop {
                throw fail("second range is shorter than one second; add a repetition such as \"/0.5\"", at: begin)
            }
        }
        guard [0, 0x20, 0x2C, 0x2D, 0x7E, 0x3A].contains(current) else { throw unexpected(at: pos) }
        var c = Component(start: start, stop: stop, repeatEvery: repeatEvery)
        c.column = column
        return c
    }

    /// Decimal digits; for seconds also a fraction, rounded to microseconds.
    mutating func parseNumber(usec: Bool) throws(ScheduleError) -> Int {
        let begin = pos
        guard pos < end, bytes[pos] >= 0x30, bytes[pos] <= 0x39 else { throw unexpected(at: pos) }
        var value = 0
        var overflow = false
        while pos < end, bytes[pos] >= 0x30, bytes[pos] <= 0x39 {
            if value > Int(Int32.max) { overflow = true } else { value = value * 10 + Int(bytes[pos] - 0x30) }
            pos += 1
        }
        if usec {
            value *= Microseconds.second
            if current == 0x2E && byte(pos + 1) != 0x2E {
                pos += 1
                let fractionStart = pos
                var fraction = 0
                var digits = 0
                var roundUp = false
                while pos < end, bytes[pos] >= 0x30, bytes[pos] <= 0x39 {
                    if digits < 6 {
                        fraction = fraction * 10 + Int(bytes[pos] - 0x30)
                    } else if digits == 6 {
                        roundUp = bytes[pos] >= 0x35
                    }
                    digits += 1
                    pos += 1
                }
                guard pos > fractionStart else { throw unexpected(at: pos) }
                for _ in min(digits, 6)..<6 { fraction *= 10 }
                value += fraction + (roundUp ? 1 : 0)
            }
        }
        guard !overflow, value <= Int(Int32.max) else { throw fail("number too large", at: begin) }
        return value
    }
}
