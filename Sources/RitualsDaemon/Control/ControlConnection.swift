import Dispatch
import FoundationEssentials
import LinuxSystem
import RitualsControl

/// One client of the control socket, served on the daemon's queue without ever blocking it. It
/// owns the descriptor and every source on it; what to do is decided by its ``ControlSession``,
/// and after each event the sources are brought in line with what the session wants (reading
/// paused while an answer waits, a write source while the socket is full, everything cancelled
/// once it ends). The descriptor is closed only after every source on it has been cancelled, so
/// its number cannot be handed to a new client while an old source still watches it.
///
/// A client that sends no complete request, or reads no answer, within ``ControlWire/readTimeout``
/// is dropped.
final class ControlConnection: @unchecked Sendable {
    /// Answers a request through its reply, at once or later on the queue.
    typealias Handler = (ControlRequest, ControlReply) -> Void

    let fd: Int32
    /// When it last sent something, took part of an answer or was answered (monotonic): when all
    /// places are taken, the client that has done nothing the longest makes room.
    private(set) var lastProgress = DispatchTime.now()
    private let queue: DispatchQueue
    private let handle: Handler
    private let ended: (ControlConnection) -> Void
    private var session = ControlSession()
    private var reader: DispatchSourceRead?
    private var readerSuspended = false
    private var writer: DispatchSourceWrite?
    private var deadline: DispatchSourceTimer?
    /// The descriptor, closed once this connection is torn down and every source on it is gone.
    private let descriptor: WatchedDescriptor
    private var tornDown = false
    /// Whether a turn to answer the next pipelined request is queued.
    private var turnQueued = false
    /// The reply owed to the request being answered, abandoned if the client leaves first.
    private var owed: ControlReply?
    /// Set while the handler runs: an answer given then is taken at once.
    private var handling = false
    private var answeredAtOnce: Data?

    /// Whether rituald is making the answer to its request: it waits for rituald, not the other way.
    var isWaitingForAnswer: Bool { session.isAnswering }

    init(
        fd: Int32, queue: DispatchQueue, handle: @escaping Handler,
        ended: @escaping (ControlConnection) -> Void
    ) {
        self.fd = fd
        self.queue = queue
        self.handle = handle
        self.ended = ended
        descriptor = WatchedDescriptor(fd)
        UnixSocket.setNonBlocking(fd)
        let reader = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        reader.setEventHandler { [weak self] in self?.readable() }
        descriptor.watch(reader)
        reader.resume()
        self.reader = reader
        restartDeadline()
    }

    /// Stops serving and closes the socket (once its sources are cancelled); `ended` is not called.
    func close() {
        session.close()
        tearDown()
    }

    private func readable() {
        guard !tornDown else { return }
        switch UnixSocket.receive(fd) {
        case .nothingYet: break
        case .failed: session.failed()
        case .end: session.peerFinished()
        case .data(let chunk):
            lastProgress = .now()
            session.received(chunk)
        }
        advance()
    }

    /// Answers the next request when nothing is pending, sends what the socket takes, and brings
    /// the sources in line. With more requests waiting, the next is answered on a later turn of
    /// the queue, so a burst of requests never delays a due timer for long.
    private func advance() {
        guard !tornDown else { return }
        if let request = session.nextRequest() {
            // Answered at once, or later (a query answered off the queue): then nothing more is
            // read or answered meanwhile, and the client's time runs from the answer.
            deadline?.cancel()
            let reply = ControlReply { [weak self] line in self?.replied(line) }
            owed = reply
            handling = true
            handle(request, reply)
            handling = false
            guard let line = answeredAtOnce else { return follow() }
            answeredAtOnce = nil
            owed = nil
            session.reply(encoded: line)
            restartDeadline()
        }
        while session.wantsToWrite {
            guard let n = UnixSocket.sendSome(fd, session.outbox) else {
                session.failed()
                break
            }
            if n == 0 { break }
            session.sent(n)
            lastProgress = .now()
            restartDeadline()  // a slow reader that reads is not dropped
        }
        if session.hasRequest && !turnQueued {
            turnQueued = true
            queue.async { [weak self] in
                self?.turnQueued = false
                self?.advance()
            }
        }
        follow()
    }

    /// The answer to the request being answered: kept when given from inside the handler, taken
    /// when given later.
    private func replied(_ line: Data) {
        if handling { return answeredAtOnce = line }
        guard !tornDown else { return }
        owed = nil
        lastProgress = .now()
        session.reply(encoded: line)
        restartDeadline()
        advance()
    }

    /// Makes the sources match what the session wants.
    private func follow() {
        if session.isClosed {
            if let farewell = session.farewell { _ = UnixSocket.sendSome(fd, farewell) }
            tearDown()
            ended(self)
            return
        }
        setReading(session.wantsToRead)
        if session.wantsToWrite && writer == nil {
            let writer = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
            writer.setEventHandler { [weak self] in self?.advance() }
            descriptor.watch(writer)
            writer.resume()
            self.writer = writer
        } else if !session.wantsToWrite, let writer {
            writer.cancel()
            self.writer = nil
        }
    }

    private func setReading(_ on: Bool) {
        guard let reader, readerSuspended == on else { return }
        readerSuspended = !on
        if on { reader.resume() } else { reader.suspend() }
    }

    /// Cancels every source once; the descriptor is closed when the last cancellation is done.
    private func tearDown() {
        guard !tornDown else { return }
        tornDown = true
        owed?.abandon()
        owed = nil
        deadline?.cancel()
        deadline = nil
        writer?.cancel()
        writer = nil
        // A suspended source is never cancelled or released: resumed first.
        if readerSuspended, let reader { reader.resume() }
        readerSuspended = false
        reader?.cancel()
        reader = nil
        descriptor.release()
    }

    /// The client gets `readTimeout` for each complete request and for taking each answer.
    private func restartDeadline() {
        guard !tornDown else { return }
        deadline?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + DispatchTimeInterval(ControlWire.readTimeout))
        timer.setEventHandler { [weak self] in
            guard let self, !tornDown else { return }
            session.timedOut()
            follow()
        }
        timer.resume()
        deadline = timer
    }
}
