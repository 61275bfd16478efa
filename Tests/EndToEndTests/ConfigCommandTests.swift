import Foundation
import Testing

/// `ritualctl init` and `ritualctl check` on real files in a temporary config home.
struct ConfigCommandTests {
    func temporaryHome() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rituals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    @Test func initWritesDefaultsOnceAndCheckAcceptsThem() throws {
        let home = try temporaryHome()
        let env = ["XDG_CONFIG_HOME": home]
        let first = try Ritualctl.run(["init"], environment: env)
        #expect(first.status == 0)
        let path = home + "/rituals/rituals.toml"
        #expect(FileManager.default.fileExists(atPath: path))
        try "# mine\n".write(toFile: path, atomically: true, encoding: .utf8)
        let second = try Ritualctl.run(["init"], environment: env)
        #expect(second.status == 1)
        #expect(second.stderr.contains("already exists; use --force"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# mine\n")
        #expect(try Ritualctl.run(["init", "--force"], environment: env).status == 0)
        let check = try Ritualctl.run(["check"], environment: env)
        #expect(check.status == 0)
        #expect(check.stdout == "\(path): valid, 10 rituals\n")
    }

    @Test func checkReportsEveryErrorWithPositionAndJSON() throws {
        let home = try temporaryHome()
        let path = home + "/bad.toml"
        try "[settings]\ncatch_up = \"-5m\"\n[[ritual]]\nid = \"x\"\ntitle = \"X\"\nwhen = \"Mon...Fri 10:00\"\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let r = try Ritualctl.run(["check", path])
        #expect(r.status == 1)
        #expect(
            r.stderr == "\(path):2:12: settings.catch_up: a time span cannot be negative\n"
                + "\(path):6:14: ritual[0].when: invalid calendar expression \"Mon...Fri 10:00\": unexpected \".\" at column 6\n"
        )
        let j = try Ritualctl.run(["check", "--json", path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.map { $0["line"] as? Int } == [2, 6])
        #expect(errors.map { $0["path"] as? String } == ["settings.catch_up", "ritual[0].when"])
    }

    @Test func unusableFilesGetAClearMessage() throws {
        let home = try temporaryHome()
        let binary = home + "/binary.toml"
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: binary))
        let huge = home + "/huge.toml"
        try String(repeating: "# filler\n", count: 200_000).write(toFile: huge, atomically: true, encoding: .utf8)
        let cases = [
            (binary, "is not UTF-8 text"), (home, "is a directory"), (home + "/missing.toml", "no such file"),
            (huge, "is larger than"),
        ]
        for (path, message) in cases {
            let r = try Ritualctl.run(["check", path])
            #expect(r.status == 1)
            #expect(r.stderr.hasPrefix("\(path): \(message)"), "\(r.stderr)")
        }
    }
}
