import CSystemd
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// One connection to a D-Bus bus through libsystemd's sd-bus (the user's session bus, or the
/// system bus), driven by a queue of its own: its socket's readiness and sd-bus's own deadlines
/// (method call timeouts) run `sd_bus_process`, and calls never block (their replies come back
/// to a closure). Nothing here waits on the bus; used on `queue` only.
public final class Bus: @unchecked Sendable {
    public enum Kind: Sendable {
        case session
        case system
        /// A bus at a D-Bus address (`unix:path=...`), as a client of it.
        case address(String)
    }

    public let queue: DispatchQueue
    private var bus: OpaquePointer?
    private var readable: DispatchSourceRead?
    private var deadline: DispatchSourceTimer?
    /// `sd_bus_process` is running (a reply's closure may call again: the running loop sends it).
    private var pumping = false
    /// Runs once when the connection is lost (the bus went away), with the reason.
    private let lost: @Sendable (String) -> Void

    /// How long a call waits for its reply at most.
    public static let callTimeout = Duration.seconds(5)

    /// Connects to the bus; `lost` runs on `queue` if the connection goes. Call on `queue`.
    public init(_ kind: Kind, queue: DispatchQueue, lost: @escaping @Sendable (String) -> Void) throws(BusError) {
        self.queue = queue
        self.lost = lost
        var opened: OpaquePointer?
        let r: Int32
        let which: String
        switch kind {
        case .session: (r, which) = (sd_bus_open_user(&opened), "session bus")
        case .system: (r, which) = (sd_bus_open_system(&opened), "system bus")
        case .address(let address): (r, which) = (Bus.open(address, &opened), "bus at \(address)")
        }
        guard r >= 0, let opened else { throw BusError("no \(which): \(BusError.reason(r))") }
        bus = opened
        let fd = sd_bus_get_fd(opened)
        guard fd >= 0 else {
            close()
            throw BusError("the bus gave no socket: \(BusError.reason(fd))")
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [weak self] in self?.pump() }
        source.resume()
        readable = source
        pump()
    }

    deinit { close() }

    private static func open(_ address: String, _ bus: inout OpaquePointer?) -> Int32 {
        var r = sd_bus_new(&bus)
        guard r >= 0 else { return r }
        r = sd_bus_set_address(bus, address)
        if r >= 0 { r = sd_bus_set_bus_client(bus, 1) }
        if r >= 0 { r = sd_bus_start(bus) }
        if r < 0 {
            sd_bus_unref(bus)
            bus = nil
        }
        return r
    }

    /// An argument of a call: a string or an unsigned 32- or 64-bit number.
    public enum Argument: Sendable {
        case string(String)
        case uint32(UInt32)
        case uint64(UInt64)
    }

    /// Calls `member` of `interface` on `destination`'s object `path` with string arguments;
    /// `replied` runs on `queue` with the reply or why there is none.
    public func call(
        _ destination: String, _ path: String, _ interface: String, _ member: String, arguments: [String] = [],
        replied: @escaping (Result<BusReply, BusError>) -> Void
    ) {
        call(destination, path, interface, member, with: arguments.map { .string($0) }, replied: replied)
    }

    /// Calls `member` with `arguments` of their own types, as ``call(_:_:_:_:arguments:replied:)``.
    public func call(
        _ destination: String, _ path: String, _ interface: String, _ member: String, with arguments: [Argument],
        replied: @escaping (Result<BusReply, BusError>) -> Void
    ) {
        guard let bus else { return replied(.failure(BusError("the bus is closed"))) }
        var message: OpaquePointer?
        var r = sd_bus_message_new_method_call(bus, &message, destination, path, interface, member)
        defer { sd_bus_message_unref(message) }
        for argument in arguments where r >= 0 {
            switch argument {
            case .string(let s):
                r = s.withCString { sd_bus_message_append_basic(message, CChar(UInt8(ascii: "s")), $0) }
            case .uint32(var n):
                r = sd_bus_message_append_basic(message, CChar(UInt8(ascii: "u")), &n)
            case .uint64(var n):
                r = sd_bus_message_append_basic(message, CChar(UInt8(ascii: "t")), &n)
            }
        }
        guard r >= 0 else {
            return replied(.failure(BusError("cannot make the call \(member): \(BusError.reason(r))")))
        }
        let handler = Handler { replied(BusReply.result(of: $0)) }
        var slot: OpaquePointer?
        r = sd_bus_call_async(
            bus, &slot, message, Bus.dispatch, handler.retained(),
            UInt64(Bus.callTimeout.components.seconds) * 1_000_000)
        guard r >= 0, let slot else {
            return replied(.failure(BusError("cannot call \(member): \(BusError.reason(r))")))
        }
        Bus.own(slot, handler)
        pump()
    }

    /// Runs `signalled` on `queue` for each message that matches `rule` (a D-Bus match rule),
    /// while the connection lasts.
    public func match(_ rule: String, signalled: @escaping (BusReply) -> Void) throws(BusError) {
        guard let bus else { throw BusError("the bus is closed") }
        let handler = Handler { signalled(BusReply(message: $0)) }
        var slot: OpaquePointer?
        let r = sd_bus_add_match(bus, &slot, rule, Bus.dispatch, handler.retained())
        guard r >= 0, let slot else { throw BusError("cannot watch \(rule): \(BusError.reason(r))") }
        Bus.own(slot, handler)
        pump()
    }

    /// Runs `overheard` on `queue` for each method call to another program that matches `rule`
    /// (a match rule of `type='method_call'`): the bus is asked to pass such calls on too
    /// (`eavesdrop='true'`, which sd-bus's own rules cannot say), and each is taken as handled,
    /// so that nothing here ever answers a call meant for someone else. A bus that does not pass
    /// them on (dbus-broker) simply tells nothing.
    public func overhear(_ rule: String, overheard: @escaping () -> Void) throws(BusError) {
        guard let bus else { throw BusError("the bus is closed") }
        let handler = Handler(handles: true) { _ in overheard() }
        var slot: OpaquePointer?
        let r = sd_bus_add_match(bus, &slot, rule, Bus.dispatch, handler.retained())
        guard r >= 0, let slot else { throw BusError("cannot watch \(rule): \(BusError.reason(r))") }
        Bus.own(slot, handler)
        call(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "AddMatch",
            arguments: [rule + ",eavesdrop='true'"]
        ) { _ in }
    }

    /// Closes the connection; nothing more is called back.
    public func close() {
        readable?.cancel()
        readable = nil
        deadline?.cancel()
        deadline = nil
        if let bus { sd_bus_flush_close_unref(bus) }
        bus = nil
    }

    /// Processes what the socket holds and what is due, then waits for sd-bus's next deadline.
    /// Not again from within: what a callback asks is sent by the loop already running.
    private func pump() {
        guard let bus, !pumping else { return }
        pumping = true
        defer { pumping = false }
        while true {
            let r = sd_bus_process(bus, nil)
            if r < 0 {
                pumping = false
                close()
                return lost(BusError.reason(r))
            }
            if r == 0 { break }
        }
        var usec: UInt64 = 0
        deadline?.cancel()
        deadline = nil
        guard sd_bus_get_timeout(bus, &usec) >= 0, usec != UInt64.max else { return }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let nowUsec = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        let wait = usec > nowUsec ? Int(min(usec - nowUsec, 3_600_000_000)) : 0
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .microseconds(wait), leeway: .milliseconds(10))
        timer.setEventHandler { [weak self] in self?.pump() }
        timer.resume()
        deadline = timer
    }

    /// A Swift closure that sd-bus calls back through `dispatch`.
    final class Handler {
        let body: (OpaquePointer?) -> Void
        /// Whether the message is taken as handled: sd-bus then looks no further (and never
        /// answers a method call on its own).
        let handles: Bool
        init(handles: Bool = false, _ body: @escaping (OpaquePointer?) -> Void) {
            self.handles = handles
            self.body = body
        }
        func retained() -> UnsafeMutableRawPointer { Unmanaged.passRetained(self).toOpaque() }
    }

    private static let dispatch: sd_bus_message_handler_t = { message, userdata, _ in
        guard let userdata else { return 0 }
        let handler = Unmanaged<Handler>.fromOpaque(userdata).takeUnretainedValue()
        handler.body(message)
        return handler.handles ? 1 : 0
    }

    /// The slot lives as long as the bus needs it (floating); its handler is released with it.
    private static func own(_ slot: OpaquePointer, _ handler: Handler) {
        sd_bus_slot_set_destroy_callback(slot) { userdata in
            if let userdata { Unmanaged<Handler>.fromOpaque(userdata).release() }
        }
        sd_bus_slot_set_floating(slot, 1)
        // Floating, the bus holds the slot: the reference handed back is let go.
        sd_bus_slot_unref(slot)
        withExtendedLifetime(handler) {}
    }
}
