import RitualsChannels
import RitualsConfig
import RitualsCore
import Testing

/// `people`, `me`, `shared_dir` and `ack`: what is accepted, what is refused where, and what is
/// only warned about.
struct PeopleConfigTests {
    static let walk = "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"Sat 10:00\"\n"

    static func parse(_ toml: String) throws(ConfigError) -> RitualsConfiguration {
        try ConfigLoader.parse(toml, file: "t.toml", kinds: ChannelKinds.all, zones: SystemZones.shared, local: .utc)
    }

    @Test func aCoupleOnTwoComputers() throws {
        let config = try PeopleConfigTests.parse(
            "[settings]\npeople = [\"Alex\", \"Sam Lee\"]\nme = \"Alex\"\nshared_dir = \"/srv/sync/rituals\"\n"
                + PeopleConfigTests.walk + "ack = \"both\"\n")
        #expect(config.settings.people == ["Alex", "Sam Lee"])
        #expect(config.settings.me == "Alex")
        #expect(config.settings.others == ["Sam Lee"])
        #expect(config.settings.sharedDirectory == "/srv/sync/rituals")
        // Messages name the other person unless `partner` says otherwise.
        #expect(config.settings.partner == "Sam Lee")
        #expect(config.rituals.first?.ack == .both)
        #expect(config.warnings.isEmpty)
    }

    @Test func theHomeIsExpandedAndPartnerKept() throws {
        let config = try PeopleConfigTests.parse(
            "[settings]\npartner = \"my love\"\npeople = [\"A\", \"B\", \"C\"]\nme = \"B\"\nshared_dir = \"~/Sync/r\"\n"
        )
        #expect(config.settings.sharedDirectory?.hasSuffix("/Sync/r") == true)
        #expect(config.settings.sharedDirectory?.hasPrefix("/") == true)
        #expect(config.settings.partner == "my love")
        #expect(config.settings.others == ["A", "C"])
    }

    @Test func eitherIsTheDefault() throws {
        let config = try PeopleConfigTests.parse(PeopleConfigTests.walk)
        #expect(config.rituals.first?.ack == .either)
        #expect(config.settings.sharedDirectory == nil)
    }

    static let refused: [(String, String)] = [
        ("[settings]\npeople = [\"Alex\", \"Sam\"]\nme = \"Kim\"\n", "3:6: settings.me: \"Kim\" is not one of people"),
        ("[settings]\nme = \"Kim\"\n", "2:6: settings.me: names no one"),
        ("[settings]\npeople = [\"Alex\", \"Sam\"]\n", "2:1: settings.people: me is missing"),
        (
            "[settings]\npeople = [\"Al/ex\", \"Sam\"]\nme = \"Sam\"\n",
            "2:11: settings.people[0]: \"Al/ex\" cannot name a file"
        ),
        (
            "[settings]\npeople = [\"Sam\", \"sam\"]\nme = \"Sam\"\n",
            "2:18: settings.people[1]: \"sam\" and \"Sam\" would share"
        ),
        ("[settings]\npeople = [\"Alex\", 3]\nme = \"Alex\"\n", "2:19: settings.people[1]: expected a string"),
        (
            "[settings]\npeople = [\"Alex\", \"Sam\"]\nme = \"Alex\"\nshared_dir = \"Sync\"\n",
            "4:14: settings.shared_dir: \"Sync\" is not an absolute path"
        ),
        ("[settings]\nshared_dir = \"/tmp/x\"\n", "2:14: settings.shared_dir: needs people (two or more) and me"),
        (walk + "ack = \"all\"\n", "5:7: ritual[0].ack: expected \"either\" or \"both\""),
        ("[settings]\npeople = \"Alex\"\n", "2:10: settings.people: expected an array of strings"),
    ]

    @Test(arguments: PeopleConfigTests.refused)
    func isRefusedWithItsPosition(_ toml: String, _ expected: String) {
        do {
            _ = try PeopleConfigTests.parse(toml)
            Issue.record("accepted:\n\(toml)")
        } catch {
            let lines = error.issues.map(\.description)
            #expect(lines.contains { $0.hasPrefix("t.toml:" + expected) }, "got \(lines)")
        }
    }

    @Test func bothWithoutPeopleIsAWarning() throws {
        let config = try PeopleConfigTests.parse(PeopleConfigTests.walk + "ack = \"both\"\n")
        #expect(config.rituals.first?.ack == .both)
        #expect(config.warnings.count == 1)
        #expect(config.warnings.first?.hasPrefix("warning: t.toml:5:7: ritual[0].ack: \"both\" waits") == true)
    }

    @Test(arguments: [
        ("Alex", "alex.jsonl"), ("Sam Lee", "sam-lee.jsonl"), ("Zoë", "zoë.jsonl"), ("jo_2", "jo_2.jsonl"),
    ])
    func eachPersonHasAFile(_ name: String, _ file: String) {
        #expect(FolderLine.fileName(of: name) == file)
    }

    @Test(arguments: ["", " Alex", "-x", "a.b", "a/b", "..", String(repeating: "x", count: 33), "Al\u{0}"])
    func namesThatCannotNameAFile(_ name: String) {
        #expect(FolderLine.fileName(of: name) == nil)
    }
}
