import Foundation
import RitualsControl
import Systemd

/// The control socket: a directory of the user's own (0700), a socket only the user may use
/// (0600, peer uid checked), a lock that keeps a second rituald out, and clients served one line
/// at a time on the daemon's queue. A client that sends too much, too slowly or nonsense gets an
/// error or is dropped; the scheduler never waits for one.
final class ControlServer: @unchecked Sendable {
    /// Why the socket cannot be served.
    enum Failure: Error, CustomStringConvertible {
        case alreadyRunning(String, String)
        case cannot(String)

        var description: String {
            switch self {
            case .alreadyRunning(let path, let pid):
                return "rituald is already running for this user\(pid.isEmpty ? "" : " (pid \(pid))") on \(path); "
                    + "stop it first (`systemctl --user stop rituald`) or give this one another --socket"
            case .cannot(let why): return why
            }
        }
    }

    /// Connected clients at most; more are turned away.
    static let maxClients = 32

    let path: String
    let queue: DispatchQueue
    let handle: (ControlRequest) -> ControlResponse
    let refused: (UInt32, Int32) -> Void
    private var listener: Int32 = -1
    private var lock: LockFile?
    private var source: DispatchSourceRead?
    private var clients: [Int32: Client] = [:]

    /// One connected client.
    final class Client {
        let fd: Int32
        var buffer = Data()
        var reader: DispatchSourceRead?
        var deadline: DispatchSourceTimer?
        init(fd: Int32) { self.fd = fd }
    }

    init(
        path: String, queue: DispatchQueue, handle: @escaping (ControlRequest) -> ControlResponse,
        refused: @escaping (UInt32, Int32) -> Void
    ) {
        self.path = path
        self.queue = queue
        self.handle = handle
        self.refused = refused
    }

    /// Takes the lock, replaces a stale socket and starts listening.
    func start() throws(Failure) {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: (directory as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let owner: (uid: UInt32, sticky: Bool)
        do {
            try FileIO.makePrivateDirectory(directory)
            owner = try FileIO.owner(of: directory)
        } catch {
            throw .cannot(error.description)
        }
        // Another user's directory could swap the socket; a sticky one like /tmp cannot.
        guard owner.uid == ThisProcess.uid || owner.sticky else {
            throw .cannot("\(directory) belongs to another user; give rituald a --socket in a directory of your own")
        }
        do {
            lock = try LockFile(path + ".lock")
        } catch {
            switch error {
            case .held(let pid): throw .alreadyRunning(path, pid)
            case .failed(let why): throw .cannot(why.description)
            }
        }
        FileIO.remove(path)  // a socket left by a daemon that was killed
        do {
            listener = try UnixSocket.stream()
            try UnixSocket.listen(listener, at: path)
        } catch {
            throw .cannot(error.description)
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: listener, queue: queue)
        source.setEventHandler { [weak self] in self?.acceptAll() }
        source.resume()
        self.source = source
    }

    /// Stops listening and removes the socket.
    func stop() {
        source?.cancel()
        for fd in Array(clients.keys) { drop(fd) }
        if listener >= 0 {
            UnixSocket.close(listener)
            FileIO.remove(path)
        }
    }

    private func acceptAll() {
        while true {
            guard let fd = UnixSocket.accept(listener) else { return }
            guard let peer = UnixSocket.peer(fd), peer.uid == ThisProcess.uid else {
                let who = UnixSocket.peer(fd)
                refused(who?.uid ?? UInt32.max, who?.pid ?? 0)
                UnixSocket.setTimeouts(fd, seconds: 0.2)
                UnixSocket.writeAll(fd, ControlWire.encode(ControlResponse.refused("not your rituald")))
                UnixSocket.close(fd)
                continue
            }
            guard clients.count < ControlServer.maxClients else {
                UnixSocket.close(fd)
                continue
            }
            serve(fd)
        }
    }

    private func serve(_ fd: Int32) {
        // Writes block at most this long; reads happen only when data is there.
        UnixSocket.setTimeouts(fd, seconds: ControlWire.readTimeout)
        let client = Client(fd: fd)
        clients[fd] = client
        let reader = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        reader.setEventHandler { [weak self] in self?.readable(client) }
        reader.setCancelHandler { UnixSocket.close(fd) }
        reader.resume()
        client.reader = reader
        restartDeadline(client)
    }

    /// A client gets `readTimeout` for each complete request.
    private func restartDeadline(_ client: Client) {
        client.deadline?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + ControlWire.readTimeout)
        timer.setEventHandler { [weak self] in
            if !client.buffer.isEmpty {
                self?.reply(client, .refused("no complete request within \(Int(ControlWire.readTimeout)) s"))
            }
            self?.drop(client.fd)
        }
        timer.resume()
        client.deadline = timer
    }

    private func readable(_ client: Client) {
        guard let chunk = UnixSocket.read(client.fd) else { return drop(client.fd) }
        if chunk.isEmpty {
            // Half-closed: what came without a newline is still a request.
            if !client.buffer.isEmpty { answer(client, client.buffer) }
            return drop(client.fd)
        }
        client.buffer.append(chunk)
        for line in ControlWire.takeLines(&client.buffer) {
            answer(client, line)
            restartDeadline(client)
        }
        if client.buffer.count >= ControlWire.maxRequest {
            reply(client, .refused("request longer than \(ControlWire.maxRequest) bytes"))
            drop(client.fd)
        }
    }

    private func answer(_ client: Client, _ line: Data) {
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { return }
        let response: ControlResponse
        do {
            response = handle(try ControlWire.decode(ControlRequest.self, from: line))
        } catch {
            response = .refused("malformed request: expected one JSON object such as {\"command\":\"status\"}")
        }
        reply(client, response)
    }

    private func reply(_ client: Client, _ response: ControlResponse) {
        if !UnixSocket.writeAll(client.fd, ControlWire.encode(response)) { drop(client.fd) }
    }

    private func drop(_ fd: Int32) {
        guard let client = clients.removeValue(forKey: fd) else { return }
        client.deadline?.cancel()
        client.reader?.cancel()  // closes the descriptor once the source lets go of it
    }
}
