import RitualsChannels
import RitualsCore
import Testing

@testable import RitualsConfig

/// Files written to hurt: keys of thousands of dotted parts and lines of a hundred thousand
/// values are refused or read in time linear in their length, never a crash.
struct HostileTOMLTests {
    static func dotted(_ count: Int, _ name: String = "k") -> String {
        (0..<count).map { "\(name)\($0 % 10)" }.joined(separator: ".")
    }

    static func refusal(_ text: String) -> TOMLError? {
        do {
            _ = try TOMLReader.read(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [101, 3_000, 60_000])
    func aTableNameOfTooManyPartsIsRefused(_ parts: Int) {
        let error = HostileTOMLTests.refusal("[" + HostileTOMLTests.dotted(parts) + "]\nx = 1\n")
        #expect(error?.message == TOMLReader.tooDeep)
        #expect(error?.position.line == 1)
    }

    /// A header's tables and a key's dotted tables add up: 101 levels are refused, 100 read.
    @Test(arguments: [(0, 102), (60, 42), (99, 3), (1, 101)])
    func dottedKeysCountWithTheirHeader(_ header: Int, _ key: Int) {
        let head = header == 0 ? "" : "[" + HostileTOMLTests.dotted(header, "h") + "]\n"
        let error = HostileTOMLTests.refusal(head + HostileTOMLTests.dotted(key) + " = 1\n")
        #expect(error?.message == TOMLReader.tooDeep, "\(header) + \(key)")
        #expect(error?.position.line == (header == 0 ? 1 : 2))
        #expect(HostileTOMLTests.refusal(head + HostileTOMLTests.dotted(key - 1) + " = 1\n") == nil)
    }

    @Test func dottedKeysInsideInlineTablesCount() {
        let inner = HostileTOMLTests.dotted(60)
        #expect(HostileTOMLTests.refusal("x = { \(inner) = { \(inner) = 1 } }\n")?.message == TOMLReader.tooDeep)
        // Within the limit, the same shapes read.
        let fine = HostileTOMLTests.dotted(40)
        #expect(HostileTOMLTests.refusal("[\(fine)]\n\(fine) = { a.b = [[1]] }\n") == nil)
    }

    /// Every value's column is found by going on from the last one: a line of 100,000 values
    /// costs its length once, and an error at its end still points at the right column.
    @Test(arguments: [1_000, 100_000])
    func aLongLineIsReadInOnePass(_ count: Int) throws {
        let values = (0..<count).map { String($0 % 7) }.joined(separator: ",")
        let good = "x = [" + values + "]\n"
        let read = try TOMLReader.reading(good)
        #expect(read.columnSteps <= good.utf8.count)
        let bad = "x = [" + values + ",1 2]\n"
        do {
            _ = try TOMLReader.reading(bad)
            Issue.record("accepted")
        } catch {
            #expect(error.position == TOMLPosition(line: 1, column: bad.utf8.count - 2))
            #expect(error.columnSteps <= bad.utf8.count)
        }
    }

    /// Through the whole check, as `ritualctl check` and a reload read a file.
    @Test func theConfigCheckSaysWhatIsWrong() {
        let text = "[" + HostileTOMLTests.dotted(20_000) + "]\n"
        do {
            _ = try ConfigLoader.parse(
                text, file: "t.toml", kinds: ChannelKinds.all, zones: SystemZones.shared, local: .utc)
            Issue.record("accepted")
        } catch {
            #expect(error.issues.first?.description.contains("nested more than 100 deep") == true)
        }
    }

    /// A rule no date and time satisfies is said by the check, found once.
    @Test(arguments: [
        "DTSTART:20260101T000000Z\nRRULE:FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30",
        "DTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY;BYMONTH=4;BYMONTHDAY=31;BYHOUR=3",
        "DTSTART:20260101T000000Z\nRRULE:FREQ=MINUTELY;BYYEARDAY=366;BYMONTH=1",
    ])
    func aRuleThatNeverOccursIsSaid(_ rule: String) throws {
        let toml = "[[ritual]]\nid = \"never\"\ntitle = \"Never\"\nwhen = \"\"\"\n\(rule)\"\"\"\n"
        let config = try ConfigLoader.parse(
            toml, file: "t.toml", kinds: ChannelKinds.all, zones: SystemZones.shared, local: .utc)
        #expect(config.warnings.contains { $0.contains("never occurs") }, "\(config.warnings)")
        let schedule = try #require(config.rituals.first?.schedule)
        var solver = WallClockSolver(zone: .utc)
        #expect(try schedule.nextElapses(after: 1_800_000_000_000_000, count: 1, local: &solver).isEmpty)
    }
}
