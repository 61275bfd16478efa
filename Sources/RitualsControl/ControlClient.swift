import FoundationEssentials
import LinuxSystem

#if canImport(Glibc)
    import Glibc
#endif

/// `ritualctl`'s side of the socket: one request, one response.
public struct ControlClient: Sendable {
    public let path: String
    /// How long to wait for the answer.
    public var timeout = Duration.seconds(15)

    public init(path: String = ControlPaths.socket()) { self.path = path }

    /// Sends `request` and returns the daemon's response. A connection closed without an
    /// answer (a daemon making room for clients resets one) is tried once more.
    public func send(_ request: ControlRequest) throws(ControlClientError) -> ControlResponse {
        do {
            return try sendOnce(request)
        } catch {
            guard case .closed = error else { throw error }
            return try sendOnce(request)
        }
    }

    private func sendOnce(_ request: ControlRequest) throws(ControlClientError) -> ControlResponse {
        let fd: Int32
        do {
            fd = try UnixSocket.stream()
        } catch {
            throw .failed(error.description)
        }
        defer { UnixSocket.close(fd) }
        if let problem = ControlPaths.problem(with: FileIO.directory(of: path)) {
            throw .failed(problem)
        }
        do {
            try UnixSocket.connect(fd, to: path)
        } catch {
            if let blocker = ControlPaths.notADirectory(on: path) {
                throw .failed(
                    "\(blocker) is not a directory, so no socket can be at \(path); if XDG_RUNTIME_DIR names it, "
                        + "set it to your runtime directory (/run/user/\(ThisProcess.uid)), or give --socket")
            }
            if [ENOENT, ECONNREFUSED, ENOTDIR].contains(error.code) { throw .notRunning(path) }
            throw .failed(error.description)
        }
        UnixSocket.setTimeouts(fd, timeout)
        // A refusal may already wait to be read when writing fails: read either way.
        _ = UnixSocket.writeAll(fd, ControlWire.encode(request))
        var buffer = Data()
        while true {
            if let line = ControlWire.takeLines(&buffer).first {
                do {
                    return try ControlWire.decode(ControlResponse.self, from: line)
                } catch {
                    throw .failed("rituald answered something unreadable: \(error)")
                }
            }
            guard buffer.count < ControlWire.maxResponse else { throw .failed("rituald's answer is too long") }
            switch UnixSocket.receive(fd) {
            case .data(let chunk): buffer.append(chunk)
            case .nothingYet: throw .noAnswer(path, seconds: Int(timeout.components.seconds))
            case .end: throw .closed(path)
            case .failed(let error):
                if [ECONNRESET, EPIPE].contains(error.code) { throw .closed(path) }
                throw .failed(error.description)
            }
        }
    }
}

/// Why no answer came.
public enum ControlClientError: Error, CustomStringConvertible {
    /// Nothing listens at the path: rituald is not running (or uses another socket).
    case notRunning(String)
    /// rituald took the connection and did not answer in time (stopped, stuck, or busy).
    case noAnswer(String, seconds: Int)
    /// rituald closed the connection without answering, twice.
    case closed(String)
    case failed(String)

    public var description: String {
        switch self {
        case .notRunning:
            return
                "rituald is not running. Start it with `systemctl --user start rituald` (or `rituald` in a terminal)."
        case .noAnswer(let path, let seconds):
            return "rituald did not answer within \(seconds) s on \(path) (is it stopped or stuck? "
                + "`systemctl --user status rituald`)"
        case .closed(let path):
            return "rituald closed the connection on \(path) without answering (it may be stopping, "
                + "or busy with many clients); try again"
        case .failed(let why): return why
        }
    }
}
