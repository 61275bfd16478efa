import RitualsControl
import RitualsCore
import Systemd

/// The desktop's own idle monitor on the session bus (GNOME Shell's Mutter): a watch that fires
/// once the computer has gone unused for a minute, and then one that fires at the first input.
/// Each tells since when no one has used it (nil: in use again). Nothing polls: the monitor
/// sends one signal per change. Used on the bus's queue only.
final class IdleMonitor {
    static let name = "org.gnome.Mutter.IdleMonitor"
    static let path = "/org/gnome/Mutter/IdleMonitor/Core"
    /// Idle this long is told (the shortest `away_after`; away is decided by the daemon).
    static let idleAfter = Duration.minutes(1)

    private let bus: Bus
    private let tell: (Instant?) -> Void
    private var idleWatch: UInt64?
    private var activeWatch: UInt64?

    /// Follows the monitor; `tell` gets since when the computer is unused, or nil.
    init(bus: Bus, tell: @escaping (Instant?) -> Void) {
        self.bus = bus
        self.tell = tell
    }

    /// Starts following; false when there is no idle monitor to follow.
    func start() throws(BusError) {
        try bus.match(
            "type='signal',sender='\(IdleMonitor.name)',path='\(IdleMonitor.path)',interface='\(IdleMonitor.name)',"
                + "member='WatchFired'"
        ) { [weak self] signal in
            guard case .number(let id)? = signal.arguments.first else { return }
            self?.fired(id)
        }
        let minute = UInt64(IdleMonitor.idleAfter.components.seconds) * 1000
        call("AddIdleWatch", [.uint64(minute)]) { [weak self] id in self?.idleWatch = id }
        call("GetIdletime", []) { [weak self] idle in
            guard let idle else { return }
            if idle >= minute { self?.idle(for: idle) } else { self?.tell(nil) }
        }
    }

    private func fired(_ id: UInt64) {
        if id == idleWatch {
            idle(for: UInt64(IdleMonitor.idleAfter.components.seconds) * 1000)
        } else if id == activeWatch {
            activeWatch = nil
            tell(nil)
        }
    }

    /// Unused for `milliseconds`: told, and the first input awaited.
    private func idle(for milliseconds: UInt64) {
        let ago = milliseconds.multipliedReportingOverflow(by: 1000)
        tell(SessionStatus.idleSince(microsecondsAgo: ago.overflow ? .max : ago.partialValue, now: SystemClock().now()))
        guard activeWatch == nil else { return }
        call("AddUserActiveWatch", []) { [weak self] id in self?.activeWatch = id }
    }

    private func call(_ member: String, _ arguments: [Bus.Argument], _ replied: @escaping (UInt64?) -> Void) {
        bus.call(IdleMonitor.name, IdleMonitor.path, IdleMonitor.name, member, with: arguments) { reply in
            guard case .number(let n)? = (try? reply.get())?.arguments.first else { return replied(nil) }
            replied(n)
        }
    }
}
