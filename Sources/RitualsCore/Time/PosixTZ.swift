/// A POSIX `TZ` rule such as `CET-1CEST,M3.5.0,M10.5.0/3`, as found at the end of TZif files.
public struct PosixTZ: Sendable {
    /// One end of daylight saving time within a year.
    public enum Day: Equatable, Sendable {
        /// `Jn`: day 1...365, 29 February never counted.
        case julian(Int)
        /// `n`: day 0...365, leap days counted.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (5 = last) of month `m`.
        case monthWeek(month: Int, week: Int, weekday: Int)
    }

    public var standardName: String
    /// Seconds east of UTC.
    public var standardOffset: Int
    public var dstName: String?
    public var dstOffset: Int
    public var start: (day: Day, time: Int)?
    public var end: (day: Day, time: Int)?

    /// Parses a rule; nil when it is not one.
    public init?(_ text: String) {
        var s = Substring(text)
        guard let std = PosixTZ.name(&s), let stdOff = PosixTZ.time(&s, maxHours: PosixTZ.maxOffsetHours) else {
            return nil
        }
        standardName = std
        standardOffset = -stdOff
        dstOffset = standardOffset
        if s.isEmpty { return }
        guard let dst = PosixTZ.name(&s) else { return nil }
        dstName = dst
        dstOffset = standardOffset + 3600
        if let first = s.first, first != "," {
            guard let off = PosixTZ.time(&s, maxHours: PosixTZ.maxOffsetHours) else { return nil }
            dstOffset = -off
        }
        if s.isEmpty {
            // POSIX leaves the default rule to the implementation; the US rule is the usual one.
            start = (.monthWeek(month: 3, week: 2, weekday: 0), 7200)
            end = (.monthWeek(month: 11, week: 1, weekday: 0), 7200)
            return
        }
        guard s.first == ",", let a = PosixTZ.boundary(&s), s.first == ",", let b = PosixTZ.boundary(&s),
            s.isEmpty
        else { return nil }
        start = a
        end = b
    }

    private static func name(_ s: inout Substring) -> String? {
        if s.first == "<" {
            guard let close = s.firstIndex(of: ">") else { return nil }
            let n = s[s.index(after: s.startIndex)..<close]
            s = s[s.index(after: close)...]
            return n.count >= 3 ? String(n) : nil
        }
        let n = s.prefix { $0.isLetter && $0.isASCII }
        guard n.count >= 3 else { return nil }
        s = s.dropFirst(n.count)
        return String(n)
    }

    /// An offset from UTC is at most 24 hours (POSIX); a transition time at most 167 hours (the
    /// TZif extension to POSIX).
    static let maxOffsetHours = 24
    static let maxTransitionHours = 167

    /// `[+-]hh[:mm[:ss]]` in seconds, hours at most `maxHours`, minutes and seconds below 60.
    private static func time(_ s: inout Substring, maxHours: Int) -> Int? {
        var sign = 1
        if let f = s.first, f == "+" || f == "-" {
            sign = f == "-" ? -1 : 1
            s = s.dropFirst()
        }
        var parts: [Int] = []
        while parts.count < 3 {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 3, let v = Int(digits) else { return nil }
            guard v <= (parts.isEmpty ? maxHours : 59) else { return nil }
            parts.append(v)
            s = s.dropFirst(digits.count)
            guard s.first == ":" else { break }
            s = s.dropFirst()
        }
        let secs = parts[0] * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0)
        return secs <= maxHours * 3600 ? sign * secs : nil
    }

    private static func boundary(_ s: inout Substring) -> (day: Day, time: Int)? {
        s = s.dropFirst()  // the comma
        var day: Day
        if s.first == "M" {
            s = s.dropFirst()
            let fields = s.prefix { $0.isNumber || $0 == "." }
            let nums = fields.split(separator: ".").compactMap { Int($0) }
            guard nums.count == 3, (1...12).contains(nums[0]), (1...5).contains(nums[1]), (0...6).contains(nums[2])
            else { return nil }
            s = s.dropFirst(fields.count)
            day = .monthWeek(month: nums[0], week: nums[1], weekday: nums[2])
        } else if s.first == "J" {
            s = s.dropFirst()
            let digits = s.prefix { $0.isNumber }
            guard let n = Int(digits), (1...365).contains(n) else { return nil }
            s = s.dropFirst(digits.count)
            day = .julian(n)
        } else {
            let digits = s.prefix { $0.isNumber }
            guard let n = Int(digits), (0...365).contains(n) else { return nil }
            s = s.dropFirst(digits.count)
            day = .zeroBased(n)
        }
        var time = 7200
        if s.first == "/" {
            s = s.dropFirst()
            guard let t = PosixTZ.time(&s, maxHours: PosixTZ.maxTransitionHours) else { return nil }
            time = t
        }
        return (day, time)
    }

    /// Days since the epoch of the rule day in `year`.
    static func dayNumber(_ day: Day, year: Int) -> Int {
        let jan1 = Civil.daysBeforeYear(year)
        switch day {
        case .julian(let n):
            return jan1 + n - 1 + (Civil.isLeap(year) && n >= 60 ? 1 : 0)
        case .zeroBased(let n):
            return jan1 + n
        case .monthWeek(let month, let week, let weekday):
            let first = Civil.days(year: year, month: month, day: 1)
            // Civil weekdays count from Monday; POSIX from Sunday.
            let firstWeekday = (Civil.weekday(days: first) + 1) % 7
            var d = first + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            let last = first + Civil.daysInMonth(year, month) - 1
            while d > last { d -= 7 }
            return d
        }
    }

    /// The instants (UTC seconds) at which daylight saving time starts and ends in `year`.
    public func transitions(year: Int) -> (start: Int, end: Int)? {
        guard let start, let end, dstName != nil else { return nil }
        let s = PosixTZ.dayNumber(start.day, year: year) * Civil.secondsPerDay + start.time - standardOffset
        let e = PosixTZ.dayNumber(end.day, year: year) * Civil.secondsPerDay + end.time - dstOffset
        return (s, e)
    }
}
