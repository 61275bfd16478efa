/// Integers, floats, dates and times.
extension TOMLReader {
    mutating func numberOrDate() throws(TOMLError) -> TOMLValue {
        if isDigits(at: i, 4), peek(4) == 0x2D { return try dateOrDateTime() }
        if isDigits(at: i, 2), peek(2) == 0x3A { return .time(try time()) }
        let start = i
        while let b = peek, TOMLReader.isBare(b) || b == 0x2B || b == 0x2E { i += 1 }
        let token = Array(bytes[start..<i])
        guard let value = TOMLReader.number(token) else {
            throw fail("\(String(decoding: token, as: UTF8.self)) is not a number TOML reads", at: start)
        }
        return value
    }

    func isDigits(at index: Int, _ count: Int) -> Bool {
        guard index + count <= bytes.count else { return false }
        return bytes[index..<(index + count)].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// An integer (decimal, 0x, 0o, 0b) or a float (with a fraction or an exponent, inf, nan).
    static func number(_ token: [UInt8]) -> TOMLValue? {
        var body = token[...]
        var negative = false
        if let s = body.first, s == 0x2B || s == 0x2D {
            negative = s == 0x2D
            body = body.dropFirst()
        }
        let text = String(decoding: body, as: UTF8.self)
        if text == "inf" { return .float(negative ? -.infinity : .infinity) }
        if text == "nan" { return .float(.nan) }
        if body.count > 2, body.first == 0x30, let radix = [0x78: 16, 0x6F: 8, 0x62: 2][body[body.startIndex + 1]] {
            guard token.first != 0x2B && token.first != 0x2D, let digits = underscored(body.dropFirst(2)),
                let n = Int(digits, radix: radix)
            else { return nil }
            return .integer(n)
        }
        if body.contains(where: { $0 == 0x2E || $0 == 0x65 || $0 == 0x45 }) { return float(body, negative) }
        guard let digits = underscored(body), digits.count == 1 || digits.first != "0",
            let n = Int((negative ? "-" : "") + digits)
        else { return nil }
        return .integer(n)
    }

    /// `1_000` → "1000": underscores only between digits; nil otherwise (or when empty).
    static func underscored(_ bytes: ArraySlice<UInt8>) -> String? {
        guard let first = bytes.first, let last = bytes.last, first != 0x5F, last != 0x5F else { return nil }
        var previous: UInt8 = 0
        var out = ""
        for b in bytes {
            if b == 0x5F {
                guard previous != 0x5F else { return nil }
            } else {
                guard TOMLReader.hexValue(b) != nil else { return nil }
                out.unicodeScalars.append(Unicode.Scalar(b))
            }
            previous = b
        }
        return out
    }

    /// `1.5`, `3e-2`, `6.02_2e23`: a whole part without leading zeros, a fraction, an exponent.
    static func float(_ body: ArraySlice<UInt8>, _ negative: Bool) -> TOMLValue? {
        let text = String(decoding: body, as: UTF8.self)
        let lowered = text.lowercased()
        let (mantissa, exponent) =
            lowered.firstIndex(of: "e").map { (String(lowered[..<$0]), String(lowered[lowered.index(after: $0)...])) }
            ?? (lowered, nil)
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, let w = underscored(ArraySlice(whole.utf8)),
            w.allSatisfy(\.isNumber), w.count == 1 || w.first != "0"
        else { return nil }
        var plain = w
        if parts.count == 2 {
            guard let f = underscored(ArraySlice(parts[1].utf8)), f.allSatisfy(\.isNumber) else { return nil }
            plain += "." + f
        }
        if let exponent {
            var e = Substring(exponent)
            var sign = ""
            if let s = e.first, s == "+" || s == "-" {
                sign = String(s)
                e = e.dropFirst()
            }
            guard let digits = underscored(ArraySlice(e.utf8)), digits.allSatisfy(\.isNumber) else { return nil }
            plain += "e" + sign + digits
        }
        guard let value = Double(plain), value.isFinite else { return nil }
        return .float(negative ? -value : value)
    }

    /// `1979-05-27`, and a time after `T`, `t` or a space, and an offset.
    mutating func dateOrDateTime() throws(TOMLError) -> TOMLValue {
        let start = i
        let year = digits(4)
        i += 1
        guard isDigits(at: i, 2) else { throw fail("a date is written YYYY-MM-DD", at: start) }
        let month = digits(2)
        guard peek == 0x2D, isDigits(at: i + 1, 2) else { throw fail("a date is written YYYY-MM-DD", at: start) }
        i += 1
        let day = digits(2)
        guard (1...12).contains(month), day >= 1, day <= TOMLReader.daysIn(month, year) else {
            throw fail("no such date", at: start)
        }
        let date = TOMLDate(year: year, month: month, day: day)
        let separated = peek == 0x54 || peek == 0x74 || (peek == 0x20 && isDigits(at: i + 1, 2) && peek(3) == 0x3A)
        guard separated else { return .date(date) }
        i += 1
        let t = try time()
        var offset: Int?
        if peek == 0x5A || peek == 0x7A {
            i += 1
            offset = 0
        } else if let s = peek, s == 0x2B || s == 0x2D {
            guard isDigits(at: i + 1, 2), peek(3) == 0x3A, isDigits(at: i + 4, 2) else {
                throw fail("an offset is written +HH:MM, -HH:MM or Z")
            }
            i += 1
            let h = digits(2)
            i += 1
            let m = digits(2)
            guard h <= 23, m <= 59 else { throw fail("no such offset") }
            offset = (s == 0x2D ? -1 : 1) * (h * 60 + m)
        }
        return .dateTime(date, t, offset: offset)
    }

    /// `07:32:00`, with a fraction of a second.
    mutating func time() throws(TOMLError) -> TOMLDate.Time {
        let start = i
        guard isDigits(at: i, 2), peek(2) == 0x3A, isDigits(at: i + 3, 2), peek(5) == 0x3A, isDigits(at: i + 6, 2)
        else { throw fail("a time is written HH:MM:SS", at: start) }
        let hour = digits(2)
        i += 1
        let minute = digits(2)
        i += 1
        let second = digits(2)
        var nanosecond = 0
        if peek == 0x2E {
            i += 1
            guard isDigits(at: i, 1) else { throw fail("a fraction of a second needs digits") }
            var scale = 100_000_000
            while let d = peek, d >= 0x30 && d <= 0x39 {
                nanosecond += Int(d - 0x30) * scale
                scale /= 10
                i += 1
            }
        }
        guard hour <= 23, minute <= 59, second <= 60 else { throw fail("no such time", at: start) }
        return TOMLDate.Time(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }

    /// `count` digits here, as a number (their presence checked by the caller).
    mutating func digits(_ count: Int) -> Int {
        var n = 0
        for _ in 0..<count {
            n = n * 10 + Int(bytes[i] - 0x30)
            i += 1
        }
        return n
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }
}
