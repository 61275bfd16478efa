import RitualsConfig
import RitualsCore

/// The config in use and what is worked out from it once: its planner, its zone, its rituals by
/// id. A reload replaces it whole; every part reads the one in place (on the daemon's queue).
final class ConfigInUse: @unchecked Sendable {
    private(set) var loaded: LoadedConfig
    private(set) var planner: Planner
    private var byID: [String: Ritual] = [:]

    init(_ loaded: LoadedConfig) {
        self.loaded = loaded
        planner = Planner(config: loaded.config, zone: loaded.zone)
        index()
    }

    /// Puts `loaded` in place.
    func replace(with loaded: LoadedConfig) {
        self.loaded = loaded
        planner = Planner(config: loaded.config, zone: loaded.zone)
        index()
    }

    private func index() {
        byID = Dictionary(loaded.config.rituals.map { ($0.id, $0) }) { first, _ in first }
    }

    var config: RitualsConfiguration { loaded.config }
    var settings: RitualsConfiguration.Settings { loaded.config.settings }
    var rituals: [Ritual] { loaded.config.rituals }
    var zone: Zone { loaded.zone }
    /// The config file's path, or the built-in rituals' name.
    var name: String { loaded.name }

    /// The ritual called `id`, enabled or not.
    func ritual(_ id: String) -> Ritual? { byID[id] }

    /// The title shown for `ritual`.
    func title(of ritual: Ritual) -> String { planner.title(of: ritual) }

    /// The title of the ritual called `id` (the id itself for one this config does not have).
    func title(of id: String) -> String { ritual(id).map(title(of:)) ?? id }

    /// Who answers through `channel` (`answers = true`): its `person`, else the only other person
    /// of `people`, else the partner.
    func person(answeringThrough channel: Channel) -> Person {
        let name = channel.person ?? (settings.others.count == 1 ? settings.others[0] : settings.partner)
        return Person(name, me: settings.me)
    }

    /// "Sam is done — your turn" while others confirmed an occurrence this person has not.
    func turn(of ritual: Ritual, _ occurrence: Instant, state: PlannerState) -> String? {
        guard ritual.ack == .both else { return nil }
        let done = state.confirmed(OccurrenceID(ritual.id, occurrence))
        guard !done.isEmpty else { return nil }
        let names = RitualsConfiguration.Settings.spoken(done)
        return "\(names) \(done.count == 1 ? "is" : "are") done — your turn"
    }

    /// Whether an occurrence is still its ritual's latest and unanswered here (not done, skipped,
    /// snoozed or missed).
    func isOpen(_ key: OccurrenceID, state: PlannerState) -> Bool {
        let ack = ritual(key.ritual)?.ack ?? .either
        return state.lastHandled[key.ritual] == key.scheduled && !state.isClosed(key, ack: ack)
            && state.snoozeEnd(key, ack: ack) == nil
    }
}
