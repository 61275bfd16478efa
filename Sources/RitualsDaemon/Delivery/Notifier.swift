import Dispatch
import RitualsConfig
import RitualsCore

/// A notification of one occurrence, as the desktop shows it.
struct Notice: Sendable {
    var occurrence: OccurrenceID
    var title: String
    var body: String
    var urgency: Urgency?
    /// Whether it asks for an answer (Done, Snooze, Skip); a note shown is only read.
    var answerable = true
}

/// How a notification ended.
enum NoticeEnd: Sendable, Equatable {
    /// A button was pressed: the answer of the person at this computer.
    case button(RitualsConfiguration.Desktop.Button)
    /// Dismissed, expired, replaced or withdrawn: no answer.
    case none
    /// Clicked (its default action) where it has no buttons: it is to be shown again, with them.
    case reopen
    /// It could not be shown, and why.
    case failed(String)
}

/// Where notifications go: the desktop's notification server (``DesktopNotifier``), or a test's
/// record of them. One notification per ritual; a newer one replaces it.
protocol Notifier: AnyObject, Sendable {
    /// Settings for the next notification (a reload changes them; open ones stay answerable).
    var settings: RitualsConfiguration.Desktop { get set }

    /// Whether a notification gets a default action that shows it again: GNOME Shell's message
    /// list shows no buttons, and a click there then brings the banner back with them.
    var reopensOnClick: Bool { get set }

    /// Shows `notice`, replacing the ritual's open one; `ended` runs on `queue` with how it ended.
    func show(_ notice: Notice, queue: DispatchQueue, ended: @escaping @Sendable (NoticeEnd) -> Void)

    /// Closes the notification of `occurrence`, if one is open (someone answered it elsewhere);
    /// whether one was.
    @discardableResult
    func withdraw(_ occurrence: OccurrenceID) -> Bool

    /// Whether the notification of `occurrence` is open.
    func isShowing(_ occurrence: OccurrenceID) -> Bool

    /// Ends every notification (at stop).
    func stopAll()
}
