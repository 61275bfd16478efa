/// Proleptic Gregorian calendar arithmetic on plain integers.
///
/// Days are counted from 1970-01-01 (day 0); weekdays run 0 = Monday ... 6 = Sunday.
public enum Civil {
    /// Seconds in one civil day.
    public static let secondsPerDay = 86_400

    /// Whether `year` has a 29 February.
    @inlinable
    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` (1...12) of `year`.
    @inlinable
    public static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The number of days in `year`.
    @inlinable
    public static func daysInYear(_ year: Int) -> Int { isLeap(year) ? 366 : 365 }

    /// Days since 1970-01-01 of a civil date; months and days must be in range.
    @inlinable
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year &- 1 : year
        guard y >= 0 && y < 1 << 40 else { return referenceDays(year: year, month: month, day: day) }
        let uy = UInt(bitPattern: y)
        let era = uy / 400
        let yoe = uy &- era &* 400
        let mp = UInt(bitPattern: month > 2 ? month &- 3 : month &+ 9)
        let doy = (153 &* mp &+ 2) / 5 &+ UInt(bitPattern: day) &- 1
        let doe = yoe &* 365 &+ yoe / 4 &- yoe / 100 &+ doy
        return Int(bitPattern: era &* 146_097 &+ doe) &- 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    @inlinable
    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days &+ 719_468
        guard z >= 0 && z < 1 << 40 else { return referenceDate(days: days) }
        let uz = UInt(bitPattern: z)
        let era = uz / 146_097
        let doe = uz &- era &* 146_097
        let yoe = (doe &- doe / 1460 &+ doe / 36_524 &- doe / 146_096) / 365
        let doy = doe &- (365 &* yoe &+ yoe / 4 &- yoe / 100)
        let mp = (5 &* doy &+ 2) / 153
        let day = doy &- (153 &* mp &+ 2) / 5 &+ 1
        let month = mp < 10 ? mp &+ 3 : mp &- 9
        return (
            Int(bitPattern: yoe &+ era &* 400) &+ (month <= 2 ? 1 : 0), Int(bitPattern: month), Int(bitPattern: day)
        )
    }

    /// ``days(year:month:day:)`` in plain signed arithmetic, for any year.
    public static func referenceDays(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ``date(days:)`` in plain signed arithmetic, for any day.
    public static func referenceDate(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0-based day of the year of a valid date.
    @inlinable
    public static func yearDay(year: Int, month: Int, day: Int) -> Int {
        if month <= 2 { return month == 1 ? day &- 1 : day &+ 30 }
        return (153 &* (month &- 3) &+ 2) / 5 &+ day &+ 58 &+ (isLeap(year) ? 1 : 0)
    }

    /// Days since 1970-01-01 of 1 January of `year`.
    @inlinable
    public static func daysBeforeYear(_ year: Int) -> Int { days(year: year, month: 1, day: 1) }

    /// 0 = Monday ... 6 = Sunday for a day count since 1970-01-01 (a Thursday).
    @inlinable
    public static func weekday(days: Int) -> Int {
        let w = (days + 3) % 7
        return w < 0 ? w + 7 : w
    }

    /// Floor division that rounds towards negative infinity.
    @inlinable
    public static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// The remainder matching ``floorDiv(_:_:)``, always in `0..<b` for positive `b`.
    @inlinable
    public static func floorMod(_ a: Int, _ b: Int) -> Int { a - floorDiv(a, b) * b }
}
