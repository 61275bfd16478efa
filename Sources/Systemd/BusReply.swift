import CSystemd

#if canImport(Glibc)
    import Glibc
#endif

/// What went wrong with a bus: said so that the user knows what it was.
public struct BusError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    /// The D-Bus error's name, for an error reply (`org.freedesktop.DBus.Error.NameHasNoOwner`).
    public var name: String?

    public init(_ description: String, name: String? = nil) {
        self.description = description
        self.name = name
    }

    /// The text of a negative errno sd-bus returned.
    static func reason(_ r: Int32) -> String { String(cString: strerror(-r)) }
}

/// A reply or a signal, its arguments read when it arrives (sd-bus owns the message only during
/// the callback): the strings and arrays of strings it carries, in order, up to the first
/// argument of another type.
public struct BusReply: Sendable, Equatable {
    /// Each argument: its string, or its array of strings.
    public enum Argument: Sendable, Equatable {
        case string(String)
        case strings([String])
    }

    public var arguments: [Argument] = []

    /// The strings among the arguments, in order (an array's as one joined by commas).
    public var strings: [String] {
        arguments.map {
            switch $0 {
            case .string(let s): return s
            case .strings(let a): return a.joined(separator: ",")
            }
        }
    }

    init(message: OpaquePointer?) {
        guard let message else { return }
        var type: CChar = 0
        var contents: UnsafePointer<CChar>?
        while sd_bus_message_peek_type(message, &type, &contents) > 0 {
            if type == CChar(UInt8(ascii: "s")), let s = BusReply.readString(message) {
                arguments.append(.string(s))
            } else if type == CChar(UInt8(ascii: "a")), let inner = contents, String(cString: inner) == "s",
                sd_bus_message_enter_container(message, type, inner) > 0
            {
                var all: [String] = []
                while let s = BusReply.readString(message) { all.append(s) }
                sd_bus_message_exit_container(message)
                arguments.append(.strings(all))
            } else {
                break
            }
        }
    }

    private static func readString(_ message: OpaquePointer) -> String? {
        var value: UnsafePointer<CChar>?
        guard sd_bus_message_read_basic(message, CChar(UInt8(ascii: "s")), &value) > 0, let value else { return nil }
        return String(cString: value)
    }

    /// A method call's reply, or its error.
    static func result(of message: OpaquePointer?) -> Result<BusReply, BusError> {
        guard let message else { return .failure(BusError("no reply")) }
        if sd_bus_message_is_method_error(message, nil) > 0, let error = sd_bus_message_get_error(message) {
            let name = error.pointee.name.map { String(cString: $0) }
            let text = error.pointee.message.map { String(cString: $0) } ?? name ?? "an error"
            return .failure(BusError(text, name: name))
        }
        return .success(BusReply(message: message))
    }
}
