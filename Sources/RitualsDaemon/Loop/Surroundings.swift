import Systemd

/// What rituald runs with besides its config and its state: the clock its rules run on, where
/// notifications and channel messages go, and where journal entries go. The daemon runs with the
/// system's; a test gives its own doubles and drives the daemon on a clock it moves by hand.
struct Surroundings: Sendable {
    var clock: any DaemonClock
    var notifier: any Notifier
    var sender: any ChannelSender
    var journal: JournalSink
    /// Whether the wall clock, the zone and the session's signals are watched (the real daemon),
    /// or only the clock given (a test).
    var watchesSystem: Bool

    /// Why journal entries go to standard error instead (no journald listening), or do not go
    /// out (a journald that does not read), when they do.
    var journalProblem: String? {
        guard watchesSystem else { return nil }
        guard Journal.isAvailable else {
            return "no journald listens on \(Journal.socketPath): entries go to standard error"
        }
        return JournalQueue.shared.problem
    }

    /// The system's: the wall clock, notify-send, the channels' programs and curl, the journal.
    static func system(desktop: DesktopNotifier, channels: ChildChannelSender) -> Surroundings {
        Surroundings(
            clock: SystemClock(), notifier: desktop, sender: channels, journal: Recorder.systemJournal,
            watchesSystem: true)
    }
}
