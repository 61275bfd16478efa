/// A value of a TOML document (TOML 1.0), as ``TOMLReader`` reads it. Tables and arrays are
/// reference types while the document is built (a later header adds to a table read earlier);
/// once read, nothing changes them.
enum TOMLValue {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case date(TOMLDate)
    /// A local time of day, seconds since midnight (fractions in `nanosecond`).
    case time(TOMLDate.Time)
    /// A date and a time, with its offset from UTC in minutes when it has one.
    case dateTime(TOMLDate, TOMLDate.Time, offset: Int?)
    case array(TOMLArray)
    case table(TOMLTable)

    /// What kind of value it is, in words for messages: "a string", "an integer".
    var kind: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .bool: return "true or false"
        case .date: return "a date"
        case .time: return "a time"
        case .dateTime: return "a date-time"
        case .array: return "an array"
        case .table: return "a table"
        }
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var int: Int? { if case .integer(let n) = self { n } else { nil } }
    var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    var date: TOMLDate? { if case .date(let d) = self { d } else { nil } }
    var table: TOMLTable? { if case .table(let t) = self { t } else { nil } }
    var array: [TOMLValue]? { if case .array(let a) = self { a.items.map(\.value) } else { nil } }
}

/// A local date of a TOML document.
struct TOMLDate: Equatable {
    var year: Int
    var month: Int
    var day: Int

    /// A time of day.
    struct Time: Equatable {
        var hour: Int
        var minute: Int
        var second: Int
        var nanosecond: Int
    }
}

/// Where something is written: 1-based line and column, columns counted in Unicode scalars.
struct TOMLPosition: Equatable {
    var line: Int
    var column: Int
}

/// A TOML array: its values in order, each with where it is written.
final class TOMLArray {
    /// Made by `[[name]]` headers (tables are appended to it), not written as `[...]`.
    let ofTables: Bool
    private(set) var items: [(value: TOMLValue, position: TOMLPosition)] = []

    init(ofTables: Bool) { self.ofTables = ofTables }

    func append(_ value: TOMLValue, at position: TOMLPosition) { items.append((value, position)) }
}

/// A TOML table: keys in the order written, each with its value and where key and value are.
final class TOMLTable {
    /// How a table came to be, which decides what may still be added to it.
    enum Origin {
        /// Named on the way to another table (`[a.b]` makes `a`): a header may still define it.
        case implicit
        /// Defined by its own header (`[a]`, or an element of `[[a]]`).
        case header
        /// Made by a dotted key (`a.b = 1` makes `a`): further dotted keys may add to it.
        case dotted
        /// Written inline (`{ ... }`): complete as written.
        case inline
    }

    struct Entry {
        var value: TOMLValue
        var key: TOMLPosition
        var at: TOMLPosition
    }

    var origin: Origin
    private(set) var keys: [String] = []
    private var entries: [String: Entry] = [:]
    /// Where the table's header (or the key naming it) is written.
    let position: TOMLPosition

    init(_ origin: Origin, at position: TOMLPosition) {
        self.origin = origin
        self.position = position
    }

    subscript(key: String) -> TOMLValue? { entries[key]?.value }

    func entry(_ key: String) -> Entry? { entries[key] }

    /// Adds `key`; false when it is there already.
    func insert(_ key: String, _ value: TOMLValue, key keyPosition: TOMLPosition, at position: TOMLPosition) -> Bool {
        guard entries[key] == nil else { return false }
        keys.append(key)
        entries[key] = Entry(value: value, key: keyPosition, at: position)
        return true
    }
}
