import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program run without a shell through `posix_spawn`, with its standard output and error on
/// pipes. Signal dispositions and the signal mask are reset in the child: the daemon ignores
/// SIGTERM, SIGINT and SIGHUP for its signal sources, and a child inheriting that could not be
/// stopped.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    /// Read ends of the child's standard output and error.
    public let output: FileHandle
    public let errors: FileHandle

    /// Starts `path` with `arguments` and this process's environment; throws the errno of a
    /// failed start.
    public init(_ path: String, _ arguments: [String]) throws(SystemError) {
        var out: [Int32] = [0, 0]
        var err: [Int32] = [0, 0]
        guard ChildProcess.pipe(&out) else { throw SystemError("cannot run \(path)") }
        guard ChildProcess.pipe(&err) else {
            let code = errno
            close(out[0])
            close(out[1])
            throw SystemError("cannot run \(path)", code: code)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, path, &actions, &attributes, argv, environ)
        close(out[1])
        close(err[1])
        guard result == 0 else {
            close(out[0])
            close(err[0])
            throw SystemError("cannot run \(path)", code: result)
        }
        pid = child
        output = FileHandle(fileDescriptor: out[0], closeOnDealloc: true)
        errors = FileHandle(fileDescriptor: err[0], closeOnDealloc: true)
    }

    /// A pipe whose ends are not inherited by other children.
    private static func pipe(_ fds: inout [Int32]) -> Bool {
        guard Glibc.pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Asks the child to end (SIGTERM).
    public func terminate() { kill(pid, SIGTERM) }

    /// Waits for the child to end; its exit status, or 128 + the signal that ended it.
    public func wait() -> Int32 {
        var status: Int32 = 0
        guard Syscall.retrying({ waitpid(pid, &status, 0) }) != -1 else { return -1 }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
