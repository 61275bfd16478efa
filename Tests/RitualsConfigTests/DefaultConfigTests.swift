import Foundation
import RitualsConfig
import RitualsCore
import Testing

/// The built-in rituals: one per practice, well stocked with prompts, all valid and all due soon.
struct DefaultConfigTests {
    static let sourceFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config/rituals.toml")

    static func load() throws -> RitualsConfiguration {
        try ConfigLoader.parse(
            DefaultConfig.text, file: DefaultConfig.name, kinds: [], zones: SystemZones.shared, local: .utc)
    }

    @Test func embeddedTextIsConfigRitualsToml() throws {
        let file = try String(contentsOf: DefaultConfigTests.sourceFile, encoding: .utf8)
        #expect(DefaultConfig.text + "\n" == file, "config/rituals.toml changed: run `make defaults`")
    }

    @Test func validatesWithOneRitualPerPractice() throws {
        let config = try DefaultConfigTests.load()
        #expect(config.rituals.count == 10)
        #expect(Set(config.rituals.compactMap(\.practice)) == Set(Practice.allCases))
        #expect(Set(config.rituals.map(\.id)).count == 10)
    }

    @Test func everyRitualHasAtLeastEightDistinctPrompts() throws {
        for ritual in try DefaultConfigTests.load().rituals {
            #expect(Set(ritual.prompts).count >= 8, "\(ritual.id)")
        }
    }

    @Test func everyRitualIsDueWithin31Days() throws {
        let base = 1_796_000_000_000_000
        for ritual in try DefaultConfigTests.load().rituals {
            var solver = WallClockSolver(zone: .utc)
            let next = try ritual.schedule.nextElapses(after: base, count: 1, local: &solver)
            #expect(next.first.map { $0 - base <= 31 * 86_400_000_000 } == true, "\(ritual.id)")
        }
    }

    @Test func sessionsAndHeadsUpWhereThePracticeAsksForThem() throws {
        let rituals = Dictionary(uniqueKeysWithValues: try DefaultConfigTests.load().rituals.map { ($0.id, $0) })
        #expect(rituals["eye-contact"]?.duration == .minutes(2))
        #expect(rituals["date-night"]?.headsUp == .days(1))
    }
}
