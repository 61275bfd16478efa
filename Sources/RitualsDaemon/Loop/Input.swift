import RitualsChannels
import RitualsConfig
import RitualsControl
import RitualsCore

/// Everything that happens to rituald, as it reaches the daemon's queue: each is handed to
/// ``Daemon/handle(_:)``, the one place where the daemon's state changes.
enum Input: Sendable {
    // Time.
    /// The scheduler's timer went off: what is due is settled.
    case due
    /// The wall clock was stepped, or the computer woke (the clock watch saw it).
    case clockChanged
    /// /etc/localtime, or a mount over it, changed.
    case zoneMayHaveChanged

    // Answers.
    /// Answers from outside, checked before they count: replies from a phone.
    case answers([GivenAnswer])
    /// Notes written as replies in a channel that takes them (a partner's Matrix room).
    case channelNotes([GivenNote])
    /// What one look at the shared folder found: answers to check, lines refused, files that
    /// cannot be read.
    case folderRead(SharedFolder.Batch)
    /// Refusals held back by the once-a-minute rule may be journaled now.
    case refusalsDue

    // Deliveries.
    /// A notification ended: a button was pressed, it was dismissed, or it could not be shown.
    case noticeEnded(DaemonEvent, NoticeEnd)
    /// Notifications wait for a notification server: time to try again.
    case retryNotices
    /// The session bus told of the notification server: one took the name (who it is, what it
    /// can do), or none holds it.
    case notificationServer(DesktopStatus)
    /// logind told of the person's session (locked, idle) or why it cannot.
    case session(SessionStatus)
    /// An attempt to send a message through a channel ended: sent (with what the server or
    /// program said) or failed.
    case channelEnded(Outbox.Message, ChannelOutcome)
    /// A message whose attempt failed is to be tried again.
    case resend(Outbox.Message)
    /// An escalation's time came (a channel's `after`).
    case escalationDue(OccurrenceID, channel: String)

    /// Records the disk refused are to be written again.
    case retryHistory

    // People and systemd.
    /// A request of ritualctl, with the reply it is owed.
    case control(ControlRequest, ControlReply)
    /// SIGHUP (no reply) or `ritualctl reload`: the config is read anew, off this queue.
    case reload(ControlReply?)
    /// The config was read for a reload: in use when valid.
    case configRead(Result<LoadedConfig, ConfigError>)
    /// SIGTERM or SIGINT.
    case stop
}
