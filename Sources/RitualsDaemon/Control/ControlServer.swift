import Dispatch
import FoundationEssentials
import LinuxSystem
import RitualsControl

/// The control socket: a directory of the user's own (0700), a socket only the user may use
/// (0600, peer uid checked), a lock that keeps a second rituald out, and clients served one line
/// at a time on the daemon's queue. A client that sends too much, too slowly or nonsense gets an
/// error or is dropped; the scheduler never waits for one.
final class ControlServer: @unchecked Sendable {
    /// Connected clients at most. When all places are taken, the client that has done nothing the
    /// longest (sent nothing, read nothing of its answer, for at least `idleBeforeEviction`) makes
    /// room, unless rituald is still making its answer; when none can, new ones wait in the listen
    /// backlog. A crowd that asks and never reads so cannot keep a plain `status` out.
    static let maxClients = 64
    static let idleBeforeEviction = Duration.milliseconds(250)
    /// Refused connections from other users are journaled once in this many seconds.
    static let refusalLogInterval = Duration.seconds(10)

    let path: String
    let queue: DispatchQueue
    /// Answers a request: at once, or later on `queue`.
    let handle: ControlConnection.Handler
    /// Told of refused connections from other users: the last one's uid and pid and how many
    /// were refused since the last time it was told.
    let refused: (UInt32, Int32, Int) -> Void
    private var listener: Int32 = -1
    private var lock: LockFile?
    private var source: DispatchSourceRead?
    private var accepting = true
    private var recheck: DispatchSourceTimer?
    private var clients: [Int32: ControlConnection] = [:]
    private var refusals = 0
    private var lastRefusal: (uid: UInt32, pid: Int32) = (0, 0)
    private var lastRefusalLog: DispatchTime?
    private var refusalFlush: DispatchSourceTimer?

    init(
        path: String, queue: DispatchQueue, handle: @escaping ControlConnection.Handler,
        refused: @escaping (UInt32, Int32, Int) -> Void
    ) {
        self.path = path
        self.queue = queue
        self.handle = handle
        self.refused = refused
    }

    /// Takes the lock, replaces a stale socket and starts listening.
    func start() throws(ControlServerError) {
        let directory = FileIO.directory(of: path)
        try? FileManager.default.createDirectory(
            atPath: FileIO.directory(of: directory), withIntermediateDirectories: true)
        do {
            try FileIO.makePrivateDirectory(directory)
        } catch {
            throw .cannot(error.description)
        }
        if let problem = ControlPaths.problem(with: directory) { throw .unsafe(problem) }
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

    /// Writes what a client that finds rituald unresponsive may use (the config in use) next to
    /// the pid in the lock file.
    func describe(_ note: String) { lock?.note(note) }

    /// Stops listening and removes the socket.
    func stop() {
        recheck?.cancel()
        refusalFlush?.cancel()
        if !accepting { source?.resume() }
        source?.cancel()
        for client in clients.values { client.close() }
        clients.removeAll()
        if listener >= 0 {
            UnixSocket.close(listener)
            FileIO.remove(path)
        }
    }

    private func acceptAll() {
        while true {
            if clients.count >= ControlServer.maxClients && !evictIdle() { return pauseAccepting() }
            guard let fd = UnixSocket.accept(listener) else { return }
            guard let peer = UnixSocket.peer(fd), peer.uid == ThisProcess.uid else {
                refuse(fd)
                continue
            }
            clients[fd] = ControlConnection(fd: fd, queue: queue, handle: handle) { [weak self] in
                self?.ended($0)
            }
        }
    }

    /// Closes the client that has done nothing the longest, if long enough.
    private func evictIdle() -> Bool {
        let limit = (DispatchTime.now() - DispatchTimeInterval(ControlServer.idleBeforeEviction)).uptimeNanoseconds
        guard
            let idle = clients.values.filter({
                !$0.isWaitingForAnswer && $0.lastProgress.uptimeNanoseconds <= limit
            })
            .min(by: { $0.lastProgress < $1.lastProgress })
        else { return false }
        idle.close()
        clients[idle.fd] = nil
        return true
    }

    /// All places are taken by busy or new clients: new ones wait until one ends, or until one
    /// has been idle long enough to make room.
    private func pauseAccepting() {
        guard accepting else { return }
        accepting = false
        source?.suspend()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + DispatchTimeInterval(ControlServer.idleBeforeEviction))
        timer.setEventHandler { [weak self] in self?.resumeAccepting() }
        timer.resume()
        recheck = timer
    }

    private func resumeAccepting() {
        recheck?.cancel()
        recheck = nil
        guard !accepting else { return }
        accepting = true
        source?.resume()
    }

    private func ended(_ client: ControlConnection) {
        clients[client.fd] = nil
        resumeAccepting()
    }

    /// Another user's connection: one refusal sent without waiting, and the journal told at most
    /// once per `refusalLogInterval` (the rest counted into the next entry).
    private func refuse(_ fd: Int32) {
        let who = UnixSocket.peer(fd)
        _ = UnixSocket.sendSome(fd, ControlWire.encode(ControlResponse.refused("not your rituald")))
        UnixSocket.close(fd)
        refusals += 1
        lastRefusal = (who?.uid ?? UInt32.max, who?.pid ?? 0)
        let now = DispatchTime.now()
        guard let last = lastRefusalLog else { return tellRefusals(now) }
        let wait = ControlServer.refusalLogInterval - .nanoseconds(now.uptimeNanoseconds - last.uptimeNanoseconds)
        if wait <= .zero { return tellRefusals(now) }
        guard refusalFlush == nil else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: now + DispatchTimeInterval(wait))
        timer.setEventHandler { [weak self] in self?.tellRefusals(.now()) }
        timer.resume()
        refusalFlush = timer
    }

    private func tellRefusals(_ now: DispatchTime) {
        refusalFlush?.cancel()
        refusalFlush = nil
        guard refusals > 0 else { return }
        lastRefusalLog = now
        refused(lastRefusal.uid, lastRefusal.pid, refusals)
        refusals = 0
    }
}

/// Why the socket cannot be served.
enum ControlServerError: Error, CustomStringConvertible {
    case alreadyRunning(String, String)
    /// The socket's directory could let another user answer in rituald's place.
    case unsafe(String)
    case cannot(String)

    var description: String {
        switch self {
        case .alreadyRunning(let path, let pid):
            return "rituald is already running for this user\(pid.isEmpty ? "" : " (pid \(pid))") on \(path); "
                + "stop it first (`systemctl --user stop rituald`) or give this one another --socket"
        case .unsafe(let why), .cannot(let why): return why
        }
    }
}
