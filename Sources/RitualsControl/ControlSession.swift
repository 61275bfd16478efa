import FoundationEssentials

/// One client of the control socket as rituald sees it, without any I/O: what has come in, what
/// is still to go out, and whether the socket is to be read, written or closed. rituald's
/// connection only carries bytes between the socket and this value and does what it asks, so
/// every decision about one connection is taken here, in one place, one event at a time.
///
/// One request is answered at a time; while its answer has not gone out nothing more is read
/// (the client's own backpressure). A client that half-closes has everything it sent answered,
/// then the connection ends. Once ``isClosed`` is true, nothing changes any more.
public struct ControlSession: Sendable {
    private var inbox = Data()
    /// The answer not yet taken by the socket.
    public private(set) var outbox = Data()
    /// Set when the client half-closed: nothing more will come in.
    private var finished = false
    /// Set between a request taken and its reply.
    private var answering = false
    /// Set when the session ended: the socket is closed once ``farewell`` was tried.
    public private(set) var isClosed = false
    /// A last answer to try once, without waiting, before closing (a refusal).
    public private(set) var farewell: Data?

    public init() {}

    /// Whether the socket is to be read now: not while a request or an answer waits, so that
    /// what is held for a client stays within one request and one read.
    public var wantsToRead: Bool { !isClosed && !finished && !answering && outbox.isEmpty && !hasRequest }
    /// Whether an answer waits for the socket to take it.
    public var wantsToWrite: Bool { !isClosed && !outbox.isEmpty }
    /// Whether part of a request has come in or an answer waits to go out.
    public var isBusy: Bool { !inbox.isEmpty || !outbox.isEmpty || answering }
    /// Whether a request was taken and its answer is still being made.
    public var isAnswering: Bool { answering }
    /// Whether a request can be taken now (see ``nextRequest()``).
    public var hasRequest: Bool {
        !isClosed && !answering && outbox.isEmpty && (inbox.contains(0x0A) || (finished && !inbox.isEmpty))
    }

    /// Bytes read from the socket.
    public mutating func received(_ chunk: Data) {
        guard !isClosed, !finished else { return }
        inbox.append(chunk)
        let firstLine = inbox.firstIndex(of: 0x0A).map { $0 - inbox.startIndex } ?? inbox.count
        if firstLine >= ControlWire.maxRequest {
            close(saying: .refused("request longer than \(ControlWire.maxRequest) bytes"))
        }
    }

    /// The client stopped sending: what it sent without a final newline is a request too.
    public mutating func peerFinished() {
        guard !isClosed else { return }
        finished = true
        closeIfDone()
    }

    /// The next request, when no answer is pending and one has come in whole. Blank lines are
    /// passed over; a line that is not a request is answered here with a refusal (and nil is
    /// returned, the refusal waiting in ``outbox``).
    public mutating func nextRequest() -> ControlRequest? {
        while hasRequest {
            var line = inbox
            if let complete = ControlWire.takeLine(&inbox) { line = complete } else { inbox = Data() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                let request = try ControlWire.decode(ControlRequest.self, from: line)
                answering = true
                return request
            } catch let invalid as ControlRequestError {
                reply(.refused(invalid.description))
            } catch {
                reply(.refused("malformed request: expected one JSON object such as {\"command\":\"status\"}"))
            }
            return nil
        }
        closeIfDone()
        return nil
    }

    /// The answer to the request last taken, to go out before anything more is read.
    public mutating func reply(_ response: ControlResponse) { reply(encoded: ControlWire.encode(response)) }

    /// The answer to the request last taken, already one line of JSON (a large answer is encoded
    /// where it was made, off rituald's queue).
    public mutating func reply(encoded line: Data) {
        guard !isClosed else { return }
        answering = false
        outbox.append(line)
    }

    /// The socket took `count` bytes of the answer.
    public mutating func sent(_ count: Int) {
        guard !isClosed else { return }
        outbox.removeFirst(min(count, outbox.count))
        if outbox.isEmpty { outbox = Data() }
        closeIfDone()
    }

    /// The socket failed (reset, broken pipe, an error): the session ends without a word.
    public mutating func failed() {
        close(saying: nil)
    }

    /// The client's time ran out: a half-sent request gets a refusal, then the session ends.
    public mutating func timedOut() {
        let halfSent = !inbox.isEmpty && outbox.isEmpty
        close(
            saying: halfSent
                ? .refused("no complete request within \(ControlWire.readTimeout.components.seconds) s") : nil)
    }

    /// Ends the session from rituald's side (stopping, or making room for other clients).
    public mutating func close() { close(saying: nil) }

    private mutating func close(saying response: ControlResponse?) {
        guard !isClosed else { return }
        isClosed = true
        farewell = response.map { ControlWire.encode($0) }
        inbox = Data()
        outbox = Data()
        answering = false
    }

    /// A half-closed client with nothing left to answer or send is done.
    private mutating func closeIfDone() {
        if finished && !answering && outbox.isEmpty && !hasRequest { close(saying: nil) }
    }
}
