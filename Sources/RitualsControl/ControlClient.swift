import Foundation
import Systemd

#if canImport(Glibc)
    import Glibc
#endif

/// `ritualctl`'s side of the socket: one request, one response.
public struct ControlClient: Sendable {
    /// Why no answer came.
    public enum Failure: Error, CustomStringConvertible {
        /// Nothing listens at the path: rituald is not running (or uses another socket).
        case notRunning(String)
        case failed(String)

        public var description: String {
            switch self {
            case .notRunning:
                return
                    "rituald is not running. Start it with `systemctl --user start rituald` (or `rituald` in a terminal)."
            case .failed(let why): return why
            }
        }
    }

    public let path: String
    /// How long to wait for the answer.
    public var timeout = 15.0

    public init(path: String = ControlPaths.socket()) { self.path = path }

    /// Sends `request` and returns the daemon's response.
    public func send(_ request: ControlRequest) throws(Failure) -> ControlResponse {
        let fd: Int32
        do {
            fd = try UnixSocket.stream()
        } catch {
            throw .failed(error.description)
        }
        defer { UnixSocket.close(fd) }
        do {
            try UnixSocket.connect(fd, to: path)
        } catch {
            if [ENOENT, ECONNREFUSED, ENOTDIR].contains(error.code) { throw .notRunning(path) }
            throw .failed(error.description)
        }
        UnixSocket.setTimeouts(fd, seconds: timeout)
        // A refusal may already wait to be read when writing fails: read either way.
        let written = UnixSocket.writeAll(fd, ControlWire.encode(request))
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
            guard let chunk = UnixSocket.read(fd) else {
                throw .failed(
                    written
                        ? "no answer from rituald within \(Int(timeout)) s at \(path)"
                        : "rituald closed the connection at \(path)")
            }
            guard !chunk.isEmpty else {
                throw .failed(
                    written
                        ? "rituald closed the connection without an answer"
                        : "rituald closed the connection at \(path)")
            }
            buffer.append(chunk)
        }
    }
}
