import Foundation
import RitualsConfig
import RitualsCore
import Testing

/// The system's zone from TZ: a zone name, a zone file's path, a POSIX rule, or an error that
/// names the value; never UTC in its place.
struct LocalZoneTests {
    @Test(arguments: [
        ("Europe/Berlin", "Europe/Berlin"), (":Europe/Berlin", "Europe/Berlin"),
        (":/usr/share/zoneinfo/America/Sao_Paulo", "America/Sao_Paulo"), ("", "UTC"), ("UTC", "UTC"),
        ("CET-1CEST,M3.5.0,M10.5.0/3", "CET-1CEST,M3.5.0,M10.5.0/3"), ("<+0330>-3:30", "<+0330>-3:30"),
        ("UTC+24", "UTC+24"), ("EST5EDT,M3.2.0/-1,M11.1.0/167", "EST5EDT,M3.2.0/-1,M11.1.0/167"),
    ])
    func zonesTZNames(tz: String, name: String) throws {
        let zone = try SystemZones.shared.localZone(environment: ["TZ": tz])
        #expect(zone.name == name)
    }

    @Test(arguments: [
        "UTC+999999", "UTC+25", "UTC-24:60", "Garbage/Nowhere!!", ":/etc/shadow", "/etc/passwd", "Europe/Nowhere",
        "UTC+99999999999999999999999", "CET-1CEST,M3.5.0,M10.5.0/168", "../../etc/shadow", "EST5EDT,M13.1.0,M11.1.0",
    ])
    func refusesWhatNamesNoZone(tz: String) {
        #expect {
            _ = try SystemZones.shared.localZone(environment: ["TZ": tz])
        } throws: { error in
            "\(error)".hasPrefix("TZ=\(tz): not a time zone") && "\(error)".contains("unset TZ")
        }
        #expect {
            _ = try ConfigLoader.choose(path: nil, builtIn: true, kinds: [], local: nil, environment: ["TZ": tz])
        } throws: { error in
            (error as? ConfigError)?.issues.first?.description.hasPrefix("TZ=\(tz): not a time zone") == true
        }
    }

    /// `TZ=:/etc/localtime` is the system's zone (a common way to spare glibc a stat per call), and
    /// a zone file elsewhere is read as glibc reads it.
    @Test func zoneFilesByPath() throws {
        let system = try SystemZones.shared.localZone(environment: [:])
        for tz in [":/etc/localtime", "/etc/localtime"] {
            #expect(try SystemZones.shared.localZone(environment: ["TZ": tz]).name == system.name)
        }
        let copy = "/tmp/rituals-zone-\(getpid())"
        defer { unlink(copy) }
        let data = try #require(FileManager.default.contents(atPath: "/usr/share/zoneinfo/Asia/Tokyo"))
        #expect(FileManager.default.createFile(atPath: copy, contents: data))
        let zone = try SystemZones.shared.localZone(environment: ["TZ": ":" + copy])
        #expect(zone.kind(at: 1_780_000_000).offset == 9 * 3600)
    }

    @Test func offsetsStayWithinADay() {
        #expect(PosixTZ("UTC+24")?.standardOffset == -86_400)
        #expect(PosixTZ("UTC-23:59:59")?.standardOffset == 86_399)
        #expect(PosixTZ("UTC+24:01") == nil)
        #expect(PosixTZ("UTC+1:60") == nil)
        #expect(PosixTZ("UTC+1000") == nil)
    }
}
