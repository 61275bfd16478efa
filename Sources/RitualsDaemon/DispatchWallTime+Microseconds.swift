// timespec's members, as Dispatch's own C module declares them.
import CDispatch
import Dispatch
import RitualsCore

extension DispatchWallTime {
    /// The wall-clock moment `usec` microseconds after the epoch (CLOCK_REALTIME, absolute).
    init(microsecondsSinceEpoch usec: Int) {
        let second = Microseconds.second
        self.init(timespec: timespec(tv_sec: usec / second, tv_nsec: (usec % second) * 1000))
    }
}
