/// Values: strings, numbers, booleans, dates and times, arrays and inline tables.
extension TOMLReader {
    mutating func value() throws(TOMLError) -> TOMLValue {
        guard let b = peek else { throw fail("expected a value after '='") }
        switch b {
        case 0x22: return .string(try basicString(multiline: peek(1) == 0x22 && peek(2) == 0x22))
        case 0x27: return .string(try literalString(multiline: peek(1) == 0x27 && peek(2) == 0x27))
        case 0x5B: return try array()
        case 0x7B: return try inlineTable()
        case 0x74, 0x66:
            if word("true") { return .bool(true) }
            if word("false") { return .bool(false) }
        case 0x69, 0x6E, 0x2B, 0x2D, 0x30...0x39: return try numberOrDate()
        default: break
        }
        if b == 0x7D { throw fail("'}' where a value was expected") }
        throw fail(
            "expected a value: a \"string\", a number, true or false, a date, [an, array] or {an = inline table}")
    }

    /// `text` here, not followed by a letter or digit: consumed.
    mutating func word(_ text: String) -> Bool {
        let w = Array(text.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { return false }
        if let next = peek(w.count), TOMLReader.isBare(next) { return false }
        i += w.count
        return true
    }

    mutating func array() throws(TOMLError) -> TOMLValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= TOMLReader.maxDepth else { throw fail(TOMLReader.tooDeep) }
        let list = TOMLArray(ofTables: false)
        let open = here
        i += 1
        while true {
            try skipBlankLines()
            if peek == nil { throw TOMLError(message: "the array is not closed with ']'", position: open) }
            if peek == 0x5D {
                i += 1
                return .array(list)
            }
            if peek == 0x7D { throw fail("'}' inside an array; an array ends with ']'") }
            let at = here
            list.append(try value(), at: at)
            try skipBlankLines()
            switch peek {
            case 0x2C: i += 1
            case 0x5D:
                i += 1
                return .array(list)
            case 0x7D: throw fail("'}' inside an array; an array ends with ']'")
            case nil: throw TOMLError(message: "the array is not closed with ']'", position: open)
            default: throw fail("expected ',' or ']' after a value of the array")
            }
        }
    }

    /// `{ key = value, ... }` on one line: complete as written.
    mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= TOMLReader.maxDepth else { throw fail(TOMLReader.tooDeep) }
        let table = TOMLTable(.dotted, at: here)
        i += 1
        skipBlank()
        if peek == 0x7D {
            i += 1
        } else {
            while true {
                try keyValue(into: table)
                skipBlank()
                if peek == 0x2C {
                    i += 1
                    skipBlank()
                    if peek == 0x7D { throw fail("a ',' before '}' (an inline table has no comma at its end)") }
                    continue
                }
                guard peek == 0x7D else {
                    throw fail("expected ',' or '}' (an inline table is written on one line)")
                }
                i += 1
                break
            }
        }
        TOMLReader.seal(table)
        return .table(table)
    }

    /// Marks an inline table and the tables its dotted keys made as complete.
    static func seal(_ table: TOMLTable) {
        table.origin = .inline
        for key in table.keys {
            if case .table(let sub)? = table[key], sub.origin == .dotted { seal(sub) }
        }
    }

    // MARK: - Strings

    /// `"..."` or `"""..."""`, escapes resolved.
    mutating func basicString(multiline: Bool) throws(TOMLError) -> String {
        try quoted(by: 0x22, multiline: multiline)
    }

    /// `'...'` or `'''...'''`, taken as written.
    mutating func literalString(multiline: Bool) throws(TOMLError) -> String {
        try quoted(by: 0x27, multiline: multiline)
    }

    /// A string between `quote`s (three of them when `multiline`); backslashes escape in a basic
    /// string (`"`) only.
    mutating func quoted(by quote: UInt8, multiline: Bool) throws(TOMLError) -> String {
        let open = here
        i += multiline ? 3 : 1
        if multiline { _ = newline() }
        var out: [UInt8] = []
        while true {
            guard let b = peek else { throw TOMLError(message: "the string is not closed", position: open) }
            switch b {
            case quote:
                if !multiline {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                var quotes = 0
                while peek(quotes) == quote { quotes += 1 }
                if quotes >= 3 {
                    guard quotes <= 5 else { throw fail("too many quotes at the end of a string") }
                    out += [UInt8](repeating: quote, count: quotes - 3)
                    i += quotes
                    return String(decoding: out, as: UTF8.self)
                }
                out += [UInt8](repeating: quote, count: quotes)
                i += quotes
            case 0x5C where quote == 0x22:
                if multiline, lineEndingBackslash() { continue }
                try escape(into: &out)
            case 0x0A, 0x0D:
                guard multiline else {
                    throw TOMLError(message: "the string is not closed before the end of the line", position: open)
                }
                let start = i
                guard newline() else { throw forbidden(b) }
                out += bytes[start..<i]
            default:
                if (b < 0x20 && b != 0x09) || b == 0x7F { throw forbidden(b) }
                out.append(b)
                i += 1
            }
        }
    }

    /// In a multi-line string, a backslash at the end of a line: it and the blanks and line
    /// breaks after it are left out. False (nothing consumed) when the backslash escapes instead.
    mutating func lineEndingBackslash() -> Bool {
        var k = i + 1
        while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
        guard k < bytes.count, bytes[k] == 0x0A || (bytes[k] == 0x0D && k + 1 < bytes.count && bytes[k + 1] == 0x0A)
        else { return false }
        i = k
        while true {
            skipBlank()
            guard newline() else { return true }
        }
    }

    mutating func escape(into out: inout [UInt8]) throws(TOMLError) {
        let at = i
        i += 1
        guard let e = peek else { throw fail("the string is not closed") }
        i += 1
        let simple: [UInt8: UInt8] = [
            0x62: 0x08, 0x74: 0x09, 0x6E: 0x0A, 0x66: 0x0C, 0x72: 0x0D, 0x22: 0x22, 0x5C: 0x5C,
        ]
        if let byte = simple[e] {
            out.append(byte)
            return
        }
        guard e == 0x75 || e == 0x55 else {
            throw fail("an unknown escape; write \\\\ for a backslash (or use a 'literal string')", at: at)
        }
        let count = e == 0x75 ? 4 : 8
        var scalar: UInt32 = 0
        for _ in 0..<count {
            guard let d = peek, let v = TOMLReader.hexValue(d) else {
                throw fail("\\\(e == 0x75 ? "u" : "U") takes \(count) hexadecimal digits", at: at)
            }
            scalar = scalar << 4 | UInt32(v)
            i += 1
        }
        guard let s = Unicode.Scalar(scalar) else { throw fail("the escape names no Unicode character", at: at) }
        out += Array(String(Character(s)).utf8)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
