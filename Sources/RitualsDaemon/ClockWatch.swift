import CSystemd
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Notices when the wall clock is stepped (a CLOCK_REALTIME timerfd with TFD_TIMER_CANCEL_ON_SET;
/// libdispatch's wall timers do not) and when /etc/localtime changes (inotify). Costs no wake-ups
/// while nothing happens.
final class ClockWatch: @unchecked Sendable {
    /// timerfd flags, not exported to Swift.
    static let timerAbsolute: Int32 = 1
    static let cancelOnSet: Int32 = 2

    private var sources: [DispatchSourceRead] = []

    init(queue: DispatchQueue, changed: @escaping @Sendable () -> Void) {
        let tfd = timerfd_create(CLOCK_REALTIME, Int32(O_NONBLOCK | O_CLOEXEC))
        if tfd >= 0 {
            ClockWatch.armFarAway(tfd)
            let source = DispatchSource.makeReadSource(fileDescriptor: tfd, queue: queue)
            source.setEventHandler {
                var expirations: UInt64 = 0
                let n = read(tfd, &expirations, 8)
                if n < 0 && errno == ECANCELED {
                    ClockWatch.armFarAway(tfd)
                    changed()
                }
            }
            source.setCancelHandler { close(tfd) }
            source.resume()
            sources.append(source)
        }
        let ifd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if ifd >= 0 {
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ATTRIB)
            _ = inotify_add_watch(ifd, "/etc", mask)
            let source = DispatchSource.makeReadSource(fileDescriptor: ifd, queue: queue)
            source.setEventHandler {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = read(ifd, &buffer, buffer.count)
                guard n > 0 else { return }
                if ClockWatch.names(in: buffer[0..<n]).contains("localtime") { changed() }
            }
            source.setCancelHandler { close(ifd) }
            source.resume()
            sources.append(source)
        }
    }

    deinit { for s in sources { s.cancel() } }

    /// Arms the timerfd for a moment that never comes, so that only a clock step wakes it.
    static func armFarAway(_ fd: Int32) {
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(Int32.max) * 4
        _ = timerfd_settime(fd, timerAbsolute | cancelOnSet, &spec, nil)
    }

    /// File names in a buffer of inotify events.
    static func names(in bytes: ArraySlice<UInt8>) -> [String] {
        var out: [String] = []
        var i = bytes.startIndex
        let header = MemoryLayout<inotify_event>.size
        while i + header <= bytes.endIndex {
            let length = bytes[(i + 12)..<(i + 16)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            let nameStart = i + header
            let nameEnd = min(nameStart + Int(length), bytes.endIndex)
            out.append(String(decoding: bytes[nameStart..<nameEnd].prefix { $0 != 0 }, as: UTF8.self))
            i = nameEnd
        }
        return out
    }
}
