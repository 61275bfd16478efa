import RitualsConfig
import RitualsCore
import Testing

/// Invalid calendar expressions: each is refused with a message that points at the problem.
struct CalendarRejectionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let expression: String
        let reason: String
        let column: Int?
        var testDescription: String { expression }
    }

    static let cases: [Case] = [
        Case(expression: "Mon...Fri 10:00", reason: "unexpected \".\"", column: 6),
        Case(expression: "", reason: "the expression is empty", column: nil),
        Case(expression: "Sat..Tue 10:00", reason: "weekday range runs backwards", column: 6),
        Case(expression: "*-*-32", reason: "day 32 is out of range 1..31", column: 5),
        Case(expression: "*-13-01", reason: "month 13 is out of range 1..12", column: 3),
        Case(expression: "24:00", reason: "hour 24 is out of range 0..23", column: 1),
        Case(expression: "*:60", reason: "minute 60 is out of range 0..59", column: 3),
        Case(expression: "*:*:60", reason: "second 60 is out of range 00..59.999999", column: 5),
        Case(expression: "2200-01-01", reason: "year 2200 is out of range 1970..2199", column: 1),
        Case(expression: "*:0/0", reason: "a repetition of 0 never advances", column: 5),
        Case(expression: "*-*-31/1", reason: "never repeats", column: 5),
        Case(expression: "*-*~1/2", reason: "never repeats", column: 5),
        Case(expression: "*-*-5..1", reason: "runs backwards", column: 5),
        Case(expression: "10:00  UTC", reason: "unexpected", column: 6),
        Case(expression: "Mo 10:00", reason: "unexpected \"M\"", column: 1),
        Case(expression: "12:00 Mars/Olympus", reason: "unexpected \" \"", column: 6),
        Case(expression: "10:00 Europe/../etc/passwd", reason: "unexpected", column: 6),
        Case(expression: "@-5", reason: "unexpected \"-\"", column: 2),
        Case(expression: "@99999999999", reason: "after 2199", column: 2),
        Case(expression: "1,,2:00", reason: "unexpected \",\"", column: 3),
        Case(expression: "*:*:1..1.5", reason: "shorter than one second", column: 5),
        Case(expression: "caf\u{E9} 10:00", reason: "unexpected \"c\"", column: 1),
        Case(expression: "10:00\u{0}", reason: "unexpected \"\\u{0}\"", column: 6),
        Case(expression: "2147483648:00", reason: "number too large", column: 1),
    ]

    @Test(arguments: CalendarRejectionTests.cases)
    func refused(_ c: Case) {
        do {
            _ = try CalendarSpec(parsing: c.expression, zones: SystemZones.shared, local: .utc)
            Issue.record("\(c.expression) was accepted")
        } catch {
            #expect(error.reason.contains(c.reason), "\(error)")
            #expect(error.column == c.column, "\(error)")
            #expect(error.description.hasPrefix("invalid calendar expression \""))
        }
    }

    @Test func messageQuotesTheExpressionAndColumn() {
        #expect(throws: ScheduleError.self) {
            try CalendarSpec(parsing: "Mon...Fri 10:00", zones: SystemZones.shared, local: .utc)
        }
        do {
            _ = try CalendarSpec(parsing: "Mon...Fri 10:00", zones: SystemZones.shared, local: .utc)
        } catch {
            #expect(
                error.description == "invalid calendar expression \"Mon...Fri 10:00\": unexpected \".\" at column 6")
        }
    }
}
