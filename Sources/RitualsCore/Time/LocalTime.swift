/// A broken-down wall-clock time in some zone, the way `struct tm` holds it.
public struct LocalTime: Equatable, Sendable {
    public var year: Int
    /// 1...12
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// 0 = Monday ... 6 = Sunday.
    public var weekday: Int
    /// 0-based day of the year.
    public var yearDay: Int
    public var isDST: Bool
    /// Seconds east of UTC.
    public var utcOffset: Int

    public init(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
        weekday: Int = 0, yearDay: Int = 0, isDST: Bool = false, utcOffset: Int = 0
    ) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.weekday = weekday
        self.yearDay = yearDay
        self.isDST = isDST
        self.utcOffset = utcOffset
    }

    /// The broken-down form of `seconds` since the epoch shifted by `offset` seconds.
    public init(epochSeconds seconds: Int, offset: Int = 0, isDST: Bool = false) {
        let local = seconds + offset
        let days = Civil.floorDiv(local, Civil.secondsPerDay)
        let rest = local - days * Civil.secondsPerDay
        let (y, m, d) = Civil.date(days: days)
        self.init(
            year: y, month: m, day: d, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60,
            weekday: Civil.weekday(days: days), yearDay: days - Civil.daysBeforeYear(y),
            isDST: isDST, utcOffset: offset)
    }

    /// Whether every field is within its normal range, so normalizing leaves the date and time alone.
    @inlinable
    public var isInRange: Bool {
        month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
            && second >= 0 && second < 60 && day <= Civil.daysInMonth(year, month)
    }

    /// Seconds since the epoch of these fields read as UTC, fields out of range carried over.
    public var secondsAsUTC: Int {
        let monthIndex = month - 1
        let y = year + Civil.floorDiv(monthIndex, 12)
        let m = Civil.floorMod(monthIndex, 12) + 1
        let days = Civil.days(year: y, month: m, day: 1) + day - 1
        return days * Civil.secondsPerDay + hour * 3600 + minute * 60 + second
    }
}
