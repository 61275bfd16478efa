/// Finds where each key and array element of a TOML document is written, so that errors found
/// after parsing can point at a line and column. TOMLKit keeps no positions for values.
///
/// Paths look like `settings.quiet_hours`, `ritual[2].when` and `ritual[2].prompts[4]`; lines and
/// columns are 1-based, columns counted in characters.
struct KeyLocator {
    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    private(set) var keys: [String: Position] = [:]
    /// Where each key's value starts.
    private(set) var values: [String: Position] = [:]

    init(_ text: String) {
        var scanner = Scanner(chars: Array(text))
        scanner.run()
        keys = scanner.keys
        values = scanner.values
    }

    /// The position of `path`, or of its nearest enclosing key or table that was written down.
    func position(of path: String) -> Position {
        var p = Substring(path)
        while !p.isEmpty {
            if let found = keys[String(p)] ?? values[String(p)] { return found }
            if let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) { p = p[..<cut] } else { break }
        }
        return Position(line: 1, column: 1)
    }

    private struct Scanner {
        let chars: [Character]
        var i = 0
        var line = 1
        var column = 1
        var table = ""
        var arrayTables: [String: Int] = [:]
        var keys: [String: Position] = [:]
        var values: [String: Position] = [:]

        var current: Character? { i < chars.count ? chars[i] : nil }

        mutating func advance() {
            if chars[i] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += 1
        }

        mutating func skipBlank() {
            while let c = current, c == " " || c == "\t" || c == "\r" { advance() }
        }

        mutating func skipToLineEnd() {
            while let c = current, c != "\n" { advance() }
        }

        mutating func run() {
            while i < chars.count {
                skipBlank()
                guard let c = current else { return }
                if c == "\n" {
                    advance()
                } else if c == "#" {
                    skipToLineEnd()
                } else if c == "[" {
                    header()
                } else {
                    keyValue()
                }
            }
        }

        mutating func header() {
            advance()
            let isArray = current == "["
            if isArray { advance() }
            let at = Position(line: line, column: column)
            let name = dottedKey().joined(separator: ".")
            if isArray {
                let n = arrayTables[name, default: -1] + 1
                arrayTables[name] = n
                table = "\(name)[\(n)]"
            } else {
                table = name
            }
            if keys[table] == nil { keys[table] = at }
            skipToLineEnd()
        }

        mutating func dottedKey() -> [String] {
            var parts: [String] = []
            while true {
                skipBlank()
                var part = ""
                if let q = current, q == "\"" || q == "'" {
                    advance()
                    while let c = current, c != q, c != "\n" {
                        if c == "\\" && q == "\"" { advance() }
                        if let c2 = current { part.append(c2) }
                        advance()
                    }
                    if current == q { advance() }
                } else {
                    while let c = current, c.isLetter || c.isNumber || c == "_" || c == "-" {
                        part.append(c)
                        advance()
                    }
                }
                parts.append(part)
                skipBlank()
                if current == "." { advance() } else { return parts }
            }
        }

        mutating func keyValue() {
            let at = Position(line: line, column: column)
            let key = dottedKey().joined(separator: ".")
            let path = table.isEmpty ? key : table + "." + key
            keys[path] = at
            skipBlank()
            guard current == "=" else {
                skipToLineEnd()
                return
            }
            advance()
            skipBlank()
            value(path)
            skipBlank()
            if current == "#" { skipToLineEnd() }
        }

        /// Skips one value, recording where it and (for arrays) each element starts.
        mutating func value(_ path: String) {
            values[path] = Position(line: line, column: column)
            guard let c = current else { return }
            if c == "\"" || c == "'" {
                string()
            } else if c == "[" {
                advance()
                var index = 0
                while let d = current, d != "]" {
                    if d == " " || d == "\t" || d == "\r" || d == "\n" || d == "," {
                        advance()
                    } else if d == "#" {
                        skipToLineEnd()
                    } else {
                        let start = i
                        value("\(path)[\(index)]")
                        index += 1
                        // A stray character no value starts with ("}" after a quote that a combining
                        // mark joined to it): step over it, or this loop would never end.
                        if i == start { advance() }
                    }
                }
                if current == "]" { advance() }
            } else if c == "{" {
                var depth = 0
                while let d = current {
                    if d == "\"" || d == "'" {
                        string()
                        continue
                    }
                    if d == "{" { depth += 1 }
                    if d == "}" { depth -= 1 }
                    advance()
                    if depth == 0 { break }
                }
            } else {
                while let d = current, d != ",", d != "]", d != "\n", d != "#", d != "}" { advance() }
            }
        }

        mutating func string() {
            guard let q = current else { return }
            let multi = i + 2 < chars.count && chars[i + 1] == q && chars[i + 2] == q
            advance()
            if multi {
                advance()
                advance()
                while i < chars.count {
                    if chars[i] == "\\" && q == "\"" {
                        advance()
                        if i < chars.count { advance() }
                        continue
                    }
                    if chars[i] == q && i + 2 < chars.count && chars[i + 1] == q && chars[i + 2] == q {
                        advance()
                        advance()
                        advance()
                        while current == q { advance() }
                        return
                    }
                    advance()
                }
                return
            }
            while let c = current, c != q, c != "\n" {
                if c == "\\" && q == "\"" { advance() }
                if current != nil { advance() }
            }
            if current == q { advance() }
        }
    }
}
