import Dispatch
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// Tells when a file system is mounted or unmounted in this process's mount namespace (a bind
/// mount over /etc/localtime, say), which inotify does not see. A thread of its own sleeps in
/// poll(2) on /proc/self/mountinfo, which the kernel marks with POLLPRI at each change: no
/// wake-ups while nothing changes.
public final class MountWatch: @unchecked Sendable {
    private let stopFDs: [Int32]

    /// Starts watching; `changed` runs on `queue` after each change.
    public init(queue: DispatchQueue, changed: @escaping @Sendable () -> Void) throws(SystemError) {
        let fd = Syscall.retrying { open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw SystemError("cannot watch /proc/self/mountinfo") }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            let failure = SystemError("cannot watch /proc/self/mountinfo")
            close(fd)
            throw failure
        }
        for p in pipeFDs { _ = fcntl(p, F_SETFD, FD_CLOEXEC) }
        stopFDs = pipeFDs
        let stop = pipeFDs[0]
        Threads.detach {
            while true {
                var fds = [
                    pollfd(fd: fd, events: Int16(POLLPRI), revents: 0),
                    pollfd(fd: stop, events: Int16(POLLIN), revents: 0),
                ]
                guard Syscall.retrying({ poll(&fds, 2, -1) }) >= 0, fds[1].revents == 0 else { break }
                if fds[0].revents & Int16(POLLPRI | POLLERR) != 0 { queue.async(execute: changed) }
            }
            close(fd)
            close(stop)
        }
    }

    /// Ends the thread (it closes the descriptors).
    deinit {
        var byte: UInt8 = 1
        _ = write(stopFDs[1], &byte, 1)
        close(stopFDs[1])
    }
}
