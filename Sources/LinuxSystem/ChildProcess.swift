import Dispatch
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A program run without a shell through `posix_spawn`, with its standard output and error on
/// pipes, in a process group of its own (so that ending it ends what it started). Signal
/// dispositions and the signal mask are reset in the child: the daemon ignores SIGTERM, SIGINT
/// and SIGHUP for its signal sources, and a child inheriting that could not be stopped.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    /// Read ends of the child's standard output and error.
    private let outputFD: Int32
    private let errorsFD: Int32
    /// Written to by ``kill()``: a reader stops waiting for output that something the child
    /// started (and took out of its group) may hold open forever.
    private let wakeFDs: [Int32]
    private let state = Lock()
    private var exited = false

    /// Starts `path` with `arguments` and this process's environment with `environment` laid over
    /// it; with `mergeErrors` its standard error goes to `output` too. `input`, when given, is
    /// what the child reads on its standard input (a way to hand it secrets that must not appear
    /// in its arguments), else it reads /dev/null. Throws the errno of a failed start.
    public init(
        _ path: String, _ arguments: [String], environment: [String: String] = [:], mergeErrors: Bool = false,
        input: [UInt8]? = nil
    ) throws(SystemError) {
        var out: [Int32] = [0, 0]
        var err: [Int32] = [0, 0]
        guard ChildProcess.pipe(&out) else { throw SystemError("cannot run \(path)") }
        var wake: [Int32] = [0, 0]
        guard ChildProcess.pipe(&err) else {
            let code = errno
            close(out[0])
            close(out[1])
            throw SystemError("cannot run \(path)", code: code)
        }
        guard ChildProcess.pipe(&wake) else {
            let code = errno
            for fd in out + err { close(fd) }
            throw SystemError("cannot run \(path)", code: code)
        }
        var feed: [Int32] = [-1, -1]
        if input != nil, !ChildProcess.pipe(&feed) {
            let code = errno
            for fd in out + err + wake { close(fd) }
            throw SystemError("cannot run \(path)", code: code)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, feed[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, mergeErrors ? out[1] : err[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in envp { free(p) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        close(out[1])
        close(err[1])
        if let input {
            close(feed[0])
            if result == 0 { ChildProcess.write(input, to: feed[1]) }
            close(feed[1])
        }
        guard result == 0 else {
            for fd in [out[0], err[0]] + wake { close(fd) }
            throw SystemError("cannot run \(path)", code: result)
        }
        pid = child
        outputFD = out[0]
        errorsFD = err[0]
        wakeFDs = wake
    }

    deinit {
        for fd in [outputFD, errorsFD] + wakeFDs { close(fd) }
    }

    /// The next chunk of the child's standard output, waiting for it; empty at its end. A signal
    /// arriving meanwhile (SIGCHLD of another child, say) does not end it: EINTR is retried.
    /// After ``kill()``, waits at most a second more and then reports the end.
    public func readOutput() -> Data { read(outputFD) }

    /// The next chunk of the child's standard error, as ``readOutput()``.
    public func readErrors() -> Data { read(errorsFD) }

    /// What the child has written to its standard error so far and not yet read, without waiting.
    public func errorsWritten() -> Data {
        var fds = [pollfd(fd: errorsFD, events: Int16(POLLIN), revents: 0)]
        guard Syscall.retrying({ poll(&fds, 1, 0) }) > 0, fds[0].revents & Int16(POLLIN) != 0 else { return Data() }
        return read(errorsFD)
    }

    /// Everything `read` gives up to its end, of which the first `limit` bytes are kept.
    public static func drain(_ read: () -> Data, limit: Int = Int.max) -> Data {
        var kept = Data()
        while case let chunk = read(), !chunk.isEmpty {
            if kept.count < limit { kept.append(chunk.prefix(limit - kept.count)) }
        }
        return kept
    }

    private func read(_ fd: Int32) -> Data {
        var fds = [
            pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeFDs[0], events: Int16(POLLIN), revents: 0),
        ]
        guard Syscall.retrying({ poll(&fds, 2, -1) }) >= 0 else { return Data() }
        if fds[0].revents == 0 {
            // Killed: what is still to come comes within a second, or never.
            var one = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            guard Syscall.retrying({ poll(&one, 1, 1000) }) > 0 else { return Data() }
        }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = Syscall.retrying { Glibc.read(fd, &buffer, buffer.count) }
        return n > 0 ? Data(buffer[0..<n]) : Data()
    }

    /// Writes all of `bytes` to the child's standard input, or as much as it takes before it
    /// closes it (EPIPE; SIGPIPE is blocked or ignored in every thread of the programs).
    private static func write(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { raw in
                Syscall.retrying { Glibc.write(fd, raw.baseAddress, raw.count) }
            }
            guard n > 0 else { return }
            offset += n
        }
    }

    /// A pipe whose ends are not inherited by other children.
    private static func pipe(_ fds: inout [Int32]) -> Bool {
        guard Glibc.pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Whether the child has ended and been reaped.
    public var hasExited: Bool { state.withLock { exited } }

    /// Asks the child and what it started to end (SIGTERM to its process group).
    public func terminate() { if !hasExited { Glibc.kill(-pid, SIGTERM) } }

    /// Interrupts the child and what it started (SIGINT to its process group), as Ctrl-C would.
    public func interrupt() { if !hasExited { Glibc.kill(-pid, SIGINT) } }

    /// Ends the child and what it started at once (SIGKILL to its process group); readers stop
    /// waiting for output.
    public func kill() {
        state.withLock {
            if !exited { Glibc.kill(-pid, SIGKILL) }
        }
        var byte: UInt8 = 1
        _ = Glibc.write(wakeFDs[1], &byte, 1)
    }

    /// Asks the child to end, and ends it if it is still there after `grace` seconds.
    public func stop(grace: Duration) {
        terminate()
        DispatchQueue.global().asyncAfter(deadline: .now() + DispatchTimeInterval(grace)) { [weak self] in self?.kill()
        }
    }

    /// The program `name` as found on PATH, or `name` itself when it names a path.
    public static func find(
        _ name: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let paths = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Blocks until the child has ended, without reaping it (``wait()`` still tells how it ended).
    public func awaitEnd() {
        guard !hasExited else { return }
        var info = siginfo_t()
        _ = Syscall.retrying { waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) }
    }

    /// Waits for the child to end; its exit status, or 128 + the signal that ended it.
    public func wait() -> Int32 {
        var status: Int32 = 0
        // Reaped under the lock, so that a kill never reaches a pid that was reused since.
        while true {
            let reaped = state.withLock { () -> Bool in
                let r = Syscall.retrying { waitpid(pid, &status, WNOHANG) }
                if r != 0 { exited = true }
                return r != 0
            }
            if reaped { break }
            var info = siginfo_t()
            _ = Syscall.retrying { waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
