import Dispatch
import Foundation
import RitualsConfig
import RitualsCore

@testable import RitualsDaemon

/// The desktop as a test sees it: what was shown, what is open, what was withdrawn; a test
/// presses a button on an open notification, or takes the notification server away.
final class RecordingNotifier: Notifier, @unchecked Sendable {
    struct Shown {
        let notice: Notice
        let ended: @Sendable (NoticeEnd) -> Void
    }

    private let lock = NSLock()
    private var open: [String: Shown] = [:]
    private var all: [Notice] = []
    private var taken: [OccurrenceID] = []
    private var _settings = RitualsConfiguration.Desktop()
    /// Ends on their way to the daemon's queue (a test settles once none is).
    private var travelling = 0
    private var _reopens = false
    var reopensOnClick: Bool {
        get { lock.withLock { _reopens } }
        set { lock.withLock { _reopens = newValue } }
    }
    /// While true, every notification fails as notify-send fails without a server.
    var serverMissing = false

    var settings: RitualsConfiguration.Desktop {
        get { lock.withLock { _settings } }
        set { lock.withLock { _settings = newValue } }
    }

    func show(_ notice: Notice, queue: DispatchQueue, ended: @escaping @Sendable (NoticeEnd) -> Void) {
        let answer: @Sendable (NoticeEnd) -> Void = { [self] end in
            lock.withLock { travelling += 1 }
            queue.async {
                ended(end)
                self.lock.withLock { self.travelling -= 1 }
            }
        }
        if lock.withLock({ serverMissing }) {
            return answer(.failed("no notification server answered on the session bus"))
        }
        // As on the desktop, one open notification per ritual, and a note read beside it.
        let key = (notice.answerable ? "" : "note ") + notice.occurrence.ritual
        let replaced = lock.withLock { () -> Shown? in
            all.append(notice)
            defer { open[key] = Shown(notice: notice, ended: answer) }
            return open[key]
        }
        // A newer notification replaces the ritual's open one: its end is no answer.
        replaced?.ended(.none)
    }

    @discardableResult
    func withdraw(_ occurrence: OccurrenceID) -> Bool {
        lock.withLock {
            guard open[occurrence.ritual]?.notice.occurrence == occurrence else { return false }
            open[occurrence.ritual] = nil
            taken.append(occurrence)
            return true
        }
    }

    func isShowing(_ occurrence: OccurrenceID) -> Bool {
        lock.withLock { open[occurrence.ritual]?.notice.occurrence == occurrence }
    }

    func stopAll() { lock.withLock { open.removeAll() } }

    /// Whether an end is still on its way to the daemon.
    var busy: Bool { lock.withLock { travelling > 0 } }

    /// Every notification shown, oldest first.
    var shown: [Notice] { lock.withLock { all } }
    /// The notification open for each ritual.
    var openNotices: [Notice] { lock.withLock { open.values.map(\.notice) } }
    /// The occurrences whose notification was withdrawn.
    var withdrawn: [OccurrenceID] { lock.withLock { taken } }

    /// Clicks the ritual's open notification itself (its default action); false when none is open.
    @discardableResult
    func click(on ritual: String) -> Bool {
        guard let shown = lock.withLock({ open.removeValue(forKey: ritual) }) else { return false }
        shown.ended(.reopen)
        return true
    }

    /// Presses `button` on the ritual's open notification (the daemon gets it as notify-send would
    /// tell it); false when none is open.
    @discardableResult
    func press(_ button: RitualsConfiguration.Desktop.Button, on ritual: String) -> Bool {
        guard let shown = lock.withLock({ open.removeValue(forKey: ritual) }) else { return false }
        shown.ended(.button(button))
        return true
    }
}
