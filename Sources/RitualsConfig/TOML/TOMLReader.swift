/// Reads a TOML 1.0 document (https://toml.io/en/v1.0.0) into ``TOMLTable``s, keeping where
/// every key and value is written. The whole text is checked: every problem is an error with its
/// line and column, never a crash; nothing outlives the document.
struct TOMLReader {
    let bytes: [UInt8]
    var i = 0
    var line = 1
    var lineStart = 0
    let root: TOMLTable
    /// The table that key/value lines go to: the last header's.
    var current: TOMLTable

    /// Nesting at most, counting a header's parts, a key's dotted parts, arrays and inline
    /// tables, so that a hostile file cannot exhaust the stack or build paths without end.
    static let maxDepth = 100
    var depth = 0
    /// How deep the current header's table lies (its name's parts).
    var headerDepth = 0
    static let tooDeep = "tables, dotted keys and arrays nested more than 100 deep"
    /// The last column found on the current line, so that finding the next one goes on from
    /// there: positions are asked in reading order, and a long line costs its length once.
    let columns = ColumnMemo()

    static let badTableName =
        "a table name starts with a letter, digit, '_', '-' or a quote, as in [[ritual]] or [channels.phone]"

    /// The document's root table.
    static func read(_ text: String) throws(TOMLError) -> TOMLTable {
        try reading(text).root
    }

    /// The root table, and how many bytes were stepped over to find columns (the text's length
    /// at most, however long its lines).
    static func reading(_ text: String) throws(TOMLError) -> (root: TOMLTable, columnSteps: Int) {
        var reader = TOMLReader(bytes: Array(text.utf8))
        do {
            try reader.document()
        } catch {
            throw TOMLError(message: error.message, position: error.position, columnSteps: reader.columns.steps)
        }
        return (reader.root, reader.columns.steps)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        root = TOMLTable(.header, at: TOMLPosition(line: 1, column: 1))
        current = root
    }

    // MARK: - Position and errors

    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    func peek(_ offset: Int) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }

    /// The position of byte `index` (on the current line).
    func position(_ index: Int) -> TOMLPosition {
        var column = 1
        var k = lineStart
        if columns.lineStart == lineStart, columns.index <= index, columns.index >= lineStart {
            (k, column) = (columns.index, columns.column)
        }
        columns.steps += index - k
        while k < index {
            if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        (columns.lineStart, columns.index, columns.column) = (lineStart, index, column)
        return TOMLPosition(line: line, column: column)
    }

    var here: TOMLPosition { position(i) }

    func fail(_ message: String, at index: Int? = nil) -> TOMLError {
        TOMLError(message: message, position: position(index ?? i))
    }

    /// A byte no TOML text may hold here (a control character), named.
    func forbidden(_ b: UInt8) -> TOMLError {
        fail(b == 0x0D ? "a carriage return not followed by a line feed" : "a control character (\(hex(b)))")
    }

    func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
    }

    // MARK: - Lines

    /// Spaces and tabs.
    mutating func skipBlank() {
        while let b = peek, b == 0x20 || b == 0x09 { i += 1 }
    }

    /// A line break (LF or CRLF) here, consumed; false when there is none.
    mutating func newline() -> Bool {
        if peek == 0x0A {
            i += 1
        } else if peek == 0x0D && peek(1) == 0x0A {
            i += 2
        } else {
            return false
        }
        line += 1
        lineStart = i
        return true
    }

    /// A comment here, to the end of its line (not the line break).
    mutating func skipComment() throws(TOMLError) {
        guard peek == 0x23 else { return }
        while let b = peek, b != 0x0A {
            if b == 0x0D && peek(1) == 0x0A { break }
            if (b < 0x20 && b != 0x09) || b == 0x7F { throw forbidden(b) }
            i += 1
        }
    }

    /// What may end a line: blanks, a comment, a line break or the end of the text.
    mutating func endOfLine() throws(TOMLError) {
        skipBlank()
        try skipComment()
        guard peek == nil || newline() else {
            throw fail("expected the end of the line after a value or header (write each on a line of its own)")
        }
    }

    /// Blanks, comments and line breaks, as between the values of an array.
    mutating func skipBlankLines() throws(TOMLError) {
        while true {
            skipBlank()
            try skipComment()
            guard newline() else { return }
        }
    }

    // MARK: - The document

    mutating func document() throws(TOMLError) {
        while true {
            skipBlank()
            try skipComment()
            guard let b = peek else { return }
            if newline() { continue }
            if b == 0x5B {
                try header()
            } else {
                depth = headerDepth
                try keyValue(into: current)
                depth = 0
            }
            try endOfLine()
        }
    }

    /// `[a.b]` or `[[a.b]]`. The table's position is that of its name.
    mutating func header() throws(TOMLError) {
        i += 1
        let array = peek == 0x5B
        if array { i += 1 }
        let keys = try key(inHeader: true)
        let start = keys.first?.1 ?? here
        guard keys.count <= TOMLReader.maxDepth else { throw TOMLError(message: TOMLReader.tooDeep, position: start) }
        guard peek == 0x5D, !array || peek(1) == 0x5D else {
            throw fail(array ? "expected ']]' to end the header" : "expected ']' to end the header")
        }
        i += array ? 2 : 1
        var table = root
        for (name, at) in keys.dropLast() {
            if let entry = table.entry(name) {
                switch entry.value {
                case .table(let sub) where sub.origin != .inline: table = sub
                case .array(let list) where list.ofTables:
                    guard case .table(let last) = list.items.last?.value else { throw fail("\(name) is not a table") }
                    table = last
                default: throw TOMLError(message: "\(name) is not a table", position: at)
                }
            } else {
                let sub = TOMLTable(.implicit, at: at)
                _ = table.insert(name, .table(sub), key: at, at: at)
                table = sub
            }
        }
        guard let (name, at) = keys.last else { throw fail(TOMLReader.badTableName) }
        let path = keys.map(\.0).joined(separator: ".")
        if array {
            let element = TOMLTable(.header, at: start)
            if let entry = table.entry(name) {
                guard case .array(let list) = entry.value, list.ofTables else {
                    throw TOMLError(message: "\(path) is not an array of tables ([[\(path)]])", position: at)
                }
                list.append(.table(element), at: start)
            } else {
                let list = TOMLArray(ofTables: true)
                list.append(.table(element), at: start)
                _ = table.insert(name, .array(list), key: start, at: start)
            }
            current = element
        } else if let entry = table.entry(name) {
            guard case .table(let sub) = entry.value, sub.origin == .implicit else {
                throw TOMLError(message: "[\(path)] is defined twice, or is already a value", position: at)
            }
            sub.origin = .header
            current = sub
        } else {
            let sub = TOMLTable(.header, at: start)
            _ = table.insert(name, .table(sub), key: start, at: start)
            current = sub
        }
        headerDepth = keys.count
    }

    /// A key, dotted or not: its parts and where each is written.
    mutating func key(inHeader: Bool) throws(TOMLError) -> [(String, TOMLPosition)] {
        var parts: [(String, TOMLPosition)] = []
        while true {
            skipBlank()
            let at = here
            let part: String
            switch peek {
            case 0x22: part = try basicString(multiline: false)
            case 0x27: part = try literalString(multiline: false)
            case let b? where TOMLReader.isBare(b):
                let start = i
                while let c = peek, TOMLReader.isBare(c) { i += 1 }
                part = String(decoding: bytes[start..<i], as: UTF8.self)
            default:
                throw fail(
                    inHeader ? TOMLReader.badTableName : "expected a key (letters, digits, '_', '-' or a quoted name)")
            }
            parts.append((part, at))
            guard parts.count <= TOMLReader.maxDepth + 1 else { throw fail(TOMLReader.tooDeep, at: i) }
            skipBlank()
            guard peek == 0x2E else { return parts }
            i += 1
        }
    }

    static func isBare(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
    }

    /// `key = value` into `table`; dotted keys make (or add to) tables on the way.
    mutating func keyValue(into table: TOMLTable) throws(TOMLError) {
        let keys = try key(inHeader: false)
        let dotted = keys.count - 1
        depth += dotted
        defer { depth -= dotted }
        guard depth <= TOMLReader.maxDepth else { throw TOMLError(message: TOMLReader.tooDeep, position: keys[0].1) }
        guard peek == 0x3D else { throw fail("expected '=' after the key") }
        i += 1
        skipBlank()
        let at = here
        let value = try value()
        var target = table
        for (name, keyAt) in keys.dropLast() {
            if let entry = target.entry(name) {
                // A table only named on the way to another may be given keys here; from then on it
                // counts as made by dotted keys (no header may define it any more).
                guard case .table(let sub) = entry.value, sub.origin == .dotted || sub.origin == .implicit else {
                    throw TOMLError(
                        message: "\(name) is already defined; a dotted key cannot add to it", position: keyAt)
                }
                sub.origin = .dotted
                target = sub
            } else {
                let sub = TOMLTable(.dotted, at: keyAt)
                _ = target.insert(name, .table(sub), key: keyAt, at: keyAt)
                target = sub
            }
        }
        guard let (name, keyAt) = keys.last, target.insert(name, value, key: keyAt, at: at) else {
            let name = keys.last?.0 ?? ""
            throw TOMLError(message: "\(name) is defined twice", position: keys.last?.1 ?? at)
        }
    }
}

/// Where the last column was found: a line's start, a byte on it and that byte's column.
final class ColumnMemo {
    var lineStart = -1
    var index = 0
    var column = 1
    var steps = 0
}

/// Why a document is not TOML, and where.
struct TOMLError: Error, Equatable {
    var message: String
    var position: TOMLPosition
    /// The reader's column steps when it stopped (see ``TOMLReader/reading(_:)``).
    var columnSteps = 0

    static func == (a: TOMLError, b: TOMLError) -> Bool { a.message == b.message && a.position == b.position }
}
