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
/// the callback): the strings and object paths, booleans, unsigned numbers, variants holding one
/// of those, arrays of strings, structures of those and property dictionaries (`a{sv}`) it
/// carries, in order, up to the first argument of another type.
public struct BusReply: Sendable, Equatable {
    /// Each argument: its string, its boolean, its array of strings, or its properties by name
    /// (those of the types read; a variant stands for what it holds).
    public enum Argument: Sendable, Equatable {
        case string(String)
        case bool(Bool)
        case strings([String])
        case properties([String: Argument])
        /// An unsigned number (`t`, `u`).
        case number(UInt64)
        /// A structure's fields (logind's `(so)`: a session's name and its object).
        case fields([Argument])
    }

    public var arguments: [Argument] = []

    /// The strings among the arguments, in order (an array's as one joined by commas, a boolean
    /// as `true` or `false`, properties as an empty string).
    public var strings: [String] {
        arguments.map {
            switch $0 {
            case .string(let s): return s
            case .bool(let b): return b ? "true" : "false"
            case .strings(let a): return a.joined(separator: ",")
            case .properties, .fields: return ""
            case .number(let n): return String(n)
            }
        }
    }

    /// The first boolean argument, if any.
    public var bool: Bool? {
        arguments.lazy.compactMap { if case .bool(let b) = $0 { b } else { nil } }.first
    }

    /// The first object path among the arguments, or in a structure of them (logind's `(so)`).
    public var objectPath: String? {
        for argument in arguments {
            switch argument {
            case .string(let s) where s.hasPrefix("/"): return s
            case .fields(let inner): if let path = BusReply(arguments: inner).objectPath { return path }
            default: continue
            }
        }
        return nil
    }

    public init(arguments: [Argument]) { self.arguments = arguments }

    /// The first property dictionary (`PropertiesChanged`), if any.
    public var properties: [String: Argument]? {
        arguments.lazy.compactMap { if case .properties(let p) = $0 { p } else { nil } }.first
    }

    init(message: OpaquePointer?) {
        guard let message else { return }
        while let argument = BusReply.read(message) { arguments.append(argument) }
    }

    /// The next argument, entering a variant, an array of strings or a dictionary of variants;
    /// nil at the end or at a type not read (which ends the reading).
    private static func read(_ message: OpaquePointer) -> Argument? {
        var type: CChar = 0
        var contents: UnsafePointer<CChar>?
        guard sd_bus_message_peek_type(message, &type, &contents) > 0 else { return nil }
        let inner = contents.map { String(cString: $0) }
        switch UInt8(bitPattern: type) {
        case UInt8(ascii: "s"), UInt8(ascii: "o"): return readString(message, type).map { .string($0) }
        case UInt8(ascii: "t"):
            var value: UInt64 = 0
            guard sd_bus_message_read_basic(message, type, &value) > 0 else { return nil }
            return .number(value)
        case UInt8(ascii: "u"):
            var value: UInt32 = 0
            guard sd_bus_message_read_basic(message, type, &value) > 0 else { return nil }
            return .number(UInt64(value))
        case UInt8(ascii: "r"):
            guard let inner, sd_bus_message_enter_container(message, type, inner) > 0 else { return nil }
            defer { sd_bus_message_exit_container(message) }
            var fields: [Argument] = []
            while let field = read(message) { fields.append(field) }
            return .fields(fields)
        case UInt8(ascii: "b"):
            var value: Int32 = 0
            guard sd_bus_message_read_basic(message, type, &value) > 0 else { return nil }
            return .bool(value != 0)
        case UInt8(ascii: "v"):
            guard let inner, sd_bus_message_enter_container(message, type, inner) > 0 else { return nil }
            defer { sd_bus_message_exit_container(message) }
            return read(message)
        case UInt8(ascii: "a") where inner == "s":
            guard sd_bus_message_enter_container(message, type, inner) > 0 else { return nil }
            var all: [String] = []
            while let s = readString(message) { all.append(s) }
            sd_bus_message_exit_container(message)
            return .strings(all)
        case UInt8(ascii: "a") where inner == "{sv}":
            return readProperties(message)
        default: return nil
        }
    }

    /// An `a{sv}`: each entry whose value is of a type read; the others are skipped.
    private static func readProperties(_ message: OpaquePointer) -> Argument? {
        guard sd_bus_message_enter_container(message, CChar(UInt8(ascii: "a")), "{sv}") > 0 else { return nil }
        var all: [String: Argument] = [:]
        while sd_bus_message_enter_container(message, CChar(UInt8(ascii: "e")), "sv") > 0 {
            if let name = readString(message) {
                var type: CChar = 0
                var contents: UnsafePointer<CChar>?
                let peeked = sd_bus_message_peek_type(message, &type, &contents) > 0
                let simple = contents.map { BusReply.simple.contains(String(cString: $0)) } ?? false
                if peeked && simple, let value = read(message) {
                    all[name] = value
                } else {
                    sd_bus_message_skip(message, "v")
                }
            }
            sd_bus_message_exit_container(message)
        }
        sd_bus_message_exit_container(message)
        return .properties(all)
    }

    /// The types of a property's value that are read (the others are skipped).
    private static let simple: Set<String> = ["s", "o", "b", "t", "u", "as", "(so)", "(uo)"]

    private static func readString(_ message: OpaquePointer, _ type: CChar = CChar(UInt8(ascii: "s"))) -> String? {
        var value: UnsafePointer<CChar>?
        guard sd_bus_message_read_basic(message, type, &value) > 0, let value else { return nil }
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
