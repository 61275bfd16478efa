// timespec's members, as Dispatch's own C module declares them.
import CDispatch
import Dispatch
import RitualsCore

extension DispatchWallTime {
    /// The wall-clock moment `instant` (CLOCK_REALTIME, absolute).
    init(_ instant: Instant) {
        let usec = instant.microseconds
        let second = Microseconds.second
        self.init(
            timespec: timespec(
                tv_sec: Civil.floorDiv(usec, second), tv_nsec: (usec - Civil.floorDiv(usec, second) * second) * 1000))
    }
}
