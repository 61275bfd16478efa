import Systemd
import Testing

@testable import RitualsDaemon

/// Each server's Do Not Disturb is read from what that server answers: mako's from the modes it
/// lists (the one its manual names), dunst's and Plasma's from a boolean; mako's changes are
/// overheard (its mode calls), the others' come as signals.
struct DoNotDisturbSourceTests {
    @Test func makosModeIsOnWhileListed() throws {
        let mako = try #require(DoNotDisturb.of(server: "mako"))
        #expect(mako.value(answer: BusReply(arguments: [.strings(["default", "do-not-disturb"])])) == true)
        #expect(mako.value(answer: BusReply(arguments: [.strings(["default"])])) == false)
        #expect(mako.value(answer: BusReply(arguments: [.strings([])])) == false)
        #expect(mako.value(answer: BusReply(arguments: [.strings(["do-not-disturb-later"])])) == false)
        // An answer that is not a list says nothing (an older mako without modes).
        #expect(mako.value(answer: BusReply(arguments: [.bool(true)])) == nil)
        #expect(mako.value(answer: BusReply(arguments: [])) == nil)
        let asked = try #require(mako.query(owner: ":1.7"))
        #expect(asked.0 == ":1.7" && asked.1 == "/fr/emersion/Mako" && asked.3 == "ListModes")
    }

    @Test func makosModeCallsAreOverheardAndAskedAgain() throws {
        let mako = try #require(DoNotDisturb.of(server: "mako"))
        let rules = try #require(mako.overheard)
        #expect(rules.count == 2)
        #expect(rules.allSatisfy { $0.hasPrefix("type='method_call',") && $0.contains("interface='fr.emersion.Mako'") })
        #expect(
            rules.contains { $0.hasSuffix("member='SetModes'") } && rules.contains { $0.hasSuffix("member='SetMode'") })
        #expect(mako.invalidated(in: BusReply(arguments: [.strings(["do-not-disturb"])])))
    }

    @Test func theOthersAnswerABooleanAndSignalTheirChanges() throws {
        for server in ["dunst", "Plasma"] {
            let dnd = try #require(DoNotDisturb.of(server: server))
            #expect(dnd.overheard == nil)
            #expect(dnd.value(answer: BusReply(arguments: [.bool(true)])) == true)
            #expect(dnd.value(answer: BusReply(arguments: [.bool(false)])) == false)
        }
        #expect(DoNotDisturb.of(server: "notification-daemon") == nil)
    }
}
