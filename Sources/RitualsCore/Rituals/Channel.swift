/// A `[channels.NAME]` table other than the desktop: what every channel has. What its kind
/// reads besides (an Apprise URLs file, a program, a Matrix room, an ntfy topic) is its
/// `settings`, which only that kind looks into (the kinds are in RitualsChannels).
public struct Channel: Sendable, Equatable {
    public var name: String
    /// Its kind's name: `kind = "matrix"`.
    public var kind: String
    public var settings: any ChannelSettings
    /// What it is sent: by default the firings.
    public var events: [EventKind] = [.fired]
    /// Escalation: deliver a firing, heads-up or reminder only when the occurrence is still
    /// unanswered this long after it; answers go at once.
    public var after: Duration?
    public var timeout = Channel.defaultTimeout
    /// Whether answers come back through it (`answers = true`), and whom it reaches (`person`, a
    /// name of `people`; for an answering channel by default the partner): who gives its answers,
    /// and who is not escalated to once they answered.
    public var answers = false
    public var person: String?
    /// `when = "away"`: it is given a ritual's events only while its person is away from the
    /// computer (the screen locked, or no input for `away_after`).
    public var onlyWhenAway = false

    /// The events a channel may be given: those of an occurrence.
    public static let deliverable: [EventKind] = [
        .fired, .headsUp, .sessionEnd, .remindedAgain, .done, .snoozed, .skipped, .missed, .heldByPause,
    ]
    /// A delivery waits this long by default before it counts as failed.
    public static let defaultTimeout = Duration.seconds(30)

    public init(name: String, kind: String, settings: any ChannelSettings) {
        self.name = name
        self.kind = kind
        self.settings = settings
    }

    public static func == (a: Channel, b: Channel) -> Bool {
        a.name == b.name && a.kind == b.kind && a.settings.isEqual(to: b.settings) && a.events == b.events
            && a.after == b.after && a.timeout == b.timeout && a.answers == b.answers && a.person == b.person
            && a.onlyWhenAway == b.onlyWhenAway
    }

    /// Its settings, as the kind that reads them knows them.
    public func settings<S: ChannelSettings>(as type: S.Type) -> S? { settings as? S }
}

/// What one kind of channel reads from its table, beside what every channel has.
public protocol ChannelSettings: Sendable {
    /// Whether `other` says the same (a reload keeps a channel that did not change).
    func isEqual(to other: any ChannelSettings) -> Bool
}

extension ChannelSettings where Self: Equatable {
    public func isEqual(to other: any ChannelSettings) -> Bool { (other as? Self) == self }
}
