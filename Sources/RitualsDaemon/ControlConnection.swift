import Foundation
import RitualsControl
import Systemd

/// One client of the control socket, served on the daemon's queue without ever blocking it:
/// the socket is non-blocking, one request is answered at a time, and while an answer has not
/// gone out nothing more is read (the client's own backpressure). A client that sends no complete
/// request, or reads no answer, within ``ControlWire/readTimeout`` is dropped.
final class ControlConnection: @unchecked Sendable {
    let fd: Int32
    /// When it connected (monotonic), to pick the longest-idle one when all places are taken.
    let since = DispatchTime.now()
    private let queue: DispatchQueue
    private let handle: (ControlRequest) -> ControlResponse
    private let ended: (ControlConnection) -> Void
    private var inbox = Data()
    private var outbox = Data()
    private var reader: DispatchSourceRead?
    private var writer: DispatchSourceWrite?
    private var deadline: DispatchSourceTimer?
    private var readingPaused = false
    private var closed = false
    /// Whether it has sent part of a request or waits for its answer.
    var isBusy: Bool { !inbox.isEmpty || !outbox.isEmpty }

    init(
        fd: Int32, queue: DispatchQueue, handle: @escaping (ControlRequest) -> ControlResponse,
        ended: @escaping (ControlConnection) -> Void
    ) {
        self.fd = fd
        self.queue = queue
        self.handle = handle
        self.ended = ended
        UnixSocket.setNonBlocking(fd)
        let reader = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        reader.setEventHandler { [weak self] in self?.readable() }
        reader.resume()
        self.reader = reader
        restartDeadline()
    }

    /// Stops serving and closes the socket; `ended` is not called.
    func close() {
        guard !closed else { return }
        closed = true
        deadline?.cancel()
        writer?.cancel()
        if readingPaused { reader?.resume() }
        let fd = self.fd
        reader?.setCancelHandler { UnixSocket.close(fd) }
        reader?.cancel()
    }

    private func end() {
        close()
        ended(self)
    }

    /// The client gets `readTimeout` for each complete request and for taking each answer.
    private func restartDeadline() {
        deadline?.cancel()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + ControlWire.readTimeout)
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            if !inbox.isEmpty && outbox.isEmpty {
                send(.refused("no complete request within \(Int(ControlWire.readTimeout)) s"))
            }
            end()
        }
        timer.resume()
        deadline = timer
    }

    private func readable() {
        switch UnixSocket.receive(fd) {
        case .nothingYet: return
        case .failed: return end()
        case .end:
            // Half-closed: what came without a newline is still a request.
            if !inbox.isEmpty && outbox.isEmpty { answer(inbox) }
            inbox = Data()
            if outbox.isEmpty { end() } else { pauseReading() }
        case .data(let chunk):
            inbox.append(chunk)
            if inbox.count >= ControlWire.maxRequest && inbox.firstIndex(of: 0x0A) == nil {
                send(.refused("request longer than \(ControlWire.maxRequest) bytes"))
                return end()
            }
            takeNext()
        }
    }

    /// Answers the next complete request; with more waiting, comes back after whatever else is
    /// queued (a due timer first), so a burst of requests never delays a firing for long.
    private func takeNext() {
        guard !closed, outbox.isEmpty, let newline = inbox.firstIndex(of: 0x0A) else { return }
        let line = inbox.subdata(in: inbox.startIndex..<newline)
        inbox = inbox.subdata(in: (newline + 1)..<inbox.endIndex)
        answer(line)
        restartDeadline()
        if inbox.firstIndex(of: 0x0A) != nil { queue.async { [weak self] in self?.takeNext() } }
    }

    private func answer(_ line: Data) {
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { return }
        let response: ControlResponse
        do {
            response = handle(try ControlWire.decode(ControlRequest.self, from: line))
        } catch {
            response = .refused("malformed request: expected one JSON object such as {\"command\":\"status\"}")
        }
        send(response)
    }

    /// Sends what the socket takes now; the rest waits for it to drain, reading paused.
    func send(_ response: ControlResponse) {
        outbox.append(ControlWire.encode(response))
        flush()
    }

    private func flush() {
        guard !closed else { return }
        while !outbox.isEmpty {
            guard let n = UnixSocket.sendSome(fd, outbox) else { return end() }
            if n == 0 { break }
            outbox = outbox.subdata(in: (outbox.startIndex + n)..<outbox.endIndex)
            if !outbox.isEmpty { restartDeadline() }  // a slow reader that reads is not dropped
        }
        if outbox.isEmpty {
            writer?.cancel()
            writer = nil
            resumeReading()
            if inbox.firstIndex(of: 0x0A) != nil { queue.async { [weak self] in self?.takeNext() } }
            return
        }
        pauseReading()
        guard writer == nil else { return }
        let writer = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
        writer.setEventHandler { [weak self] in self?.flush() }
        writer.resume()
        self.writer = writer
    }

    private func pauseReading() {
        guard !readingPaused else { return }
        readingPaused = true
        reader?.suspend()
    }

    private func resumeReading() {
        guard readingPaused else { return }
        readingPaused = false
        reader?.resume()
    }
}
