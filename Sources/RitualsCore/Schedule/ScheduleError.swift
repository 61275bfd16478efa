/// Why a schedule expression was refused, with the column (1-based) where the problem is.
public struct ScheduleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which language the expression was read as.
    public enum Language: String, Sendable {
        case calendar = "calendar expression"
        case recurrence = "recurrence rule"
        case plain = "schedule"
    }

    public var language: Language
    /// True when the expression is valid but its next elapse could not be found within the limits.
    public var searchGaveUp = false
    public var expression: String
    public var reason: String
    /// 1-based column of the problem, or nil when it concerns the whole expression.
    public var column: Int?

    public init(_ language: Language, _ expression: String, _ reason: String, column: Int? = nil) {
        self.language = language
        self.expression = expression
        self.reason = reason
        self.column = column
    }

    /// Longest piece of the expression repeated in a message.
    static let quotedLimit = 80

    /// `invalid calendar expression "Mon...Fri 10:00": unexpected "." at column 6`
    public var description: String {
        var shown = ScheduleError.quote(expression)
        if shown.count > ScheduleError.quotedLimit { shown = String(shown.prefix(ScheduleError.quotedLimit)) + "…" }
        let at = column.map { " at column \($0)" } ?? ""
        if searchGaveUp { return "cannot compute the next elapse of \"\(shown)\": \(reason)" }
        return "invalid \(language.rawValue) \"\(shown)\": \(reason)\(at)"
    }

    /// The text with control characters and quotes escaped so it prints on one line.
    static func quote(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value):
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// How a single character is named in a message.
    static func describe(_ bytes: [UInt8], at offset: Int) -> String {
        guard offset < bytes.count else { return "end of expression" }
        let rest = bytes[offset...]
        // Decode one whole character even where the text is not valid UTF-8.
        var iterator = rest.makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&iterator) {
            return "\"" + quote(String(Character(s))) + "\""
        }
        return "byte 0x" + String(rest[rest.startIndex], radix: 16)
    }

    /// The 1-based character column of a byte offset.
    static func column(_ bytes: [UInt8], _ offset: Int) -> Int {
        var n = 1
        var i = 0
        while i < min(offset, bytes.count) {
            if bytes[i] & 0xC0 != 0x80 { n += 1 }
            i += 1
        }
        return n
    }
}
