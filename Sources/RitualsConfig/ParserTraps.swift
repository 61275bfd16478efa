/// Finds the malformed TOML on which the TOML parser stops the whole process (an assertion in
/// toml++) instead of reporting it, so that it is refused before the parser sees the text: a
/// table header whose first key starts with a character no key may start with (`[# notes]`,
/// `[[=]]`, `[` at the end of a line) and an array closed by `}`. Walks the text as TOML does:
/// strings and comments are skipped, values may span lines, and only a `[` that begins a line
/// outside any value opens a header.
enum ParserTraps {
    static let badHeader =
        "not valid TOML: a table name starts with a letter, digit, '_', '-' or a quote, as in [[ritual]] or [channels.phone]"
    static let braceClosesArray = "not valid TOML: '}' inside an array; an array ends with ']'"

    /// Line and column (1-based, in characters) and message of the first such fault, if any.
    static func firstFault(in text: String) -> (line: Int, column: Int, message: String)? {
        let chars = Array(text.unicodeScalars)
        var i = 0
        var line = 1
        var lineStart = 0
        // The brackets open in the value being read: `[` arrays, `{` inline tables.
        var open: [Unicode.Scalar] = []
        var onlySpaceSoFar = true
        func at(_ k: Int) -> Unicode.Scalar? { k < chars.count ? chars[k] : nil }
        func newline() {
            line += 1
            lineStart = i + 1
            onlySpaceSoFar = true
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\n":
                newline()
            case " ", "\t", "\r":
                break
            case "#":
                while i + 1 < chars.count && chars[i + 1] != "\n" { i += 1 }
            case "\"", "'":
                onlySpaceSoFar = false
                let triple = at(i + 1) == c && at(i + 2) == c
                i += triple ? 3 : 1
                while i < chars.count {
                    if c == "\"" && chars[i] == "\\" {
                        if at(i + 1) == "\n" {
                            i += 1
                            newline()
                        }
                        i += 2
                        continue
                    }
                    if chars[i] == c && (!triple || (at(i + 1) == c && at(i + 2) == c)) {
                        i += triple ? 2 : 0
                        // Up to two more quotes may close a multi-line string.
                        while triple && at(i + 1) == c { i += 1 }
                        break
                    }
                    if chars[i] == "\n" {
                        if !triple { break }
                        newline()
                    }
                    i += 1
                }
            case "[" where open.isEmpty && onlySpaceSoFar:
                var k = i + (at(i + 1) == "[" ? 2 : 1)
                while at(k) == " " || at(k) == "\t" { k += 1 }
                if !(at(k).map(isKeyStart) ?? false) {
                    return (line, k - lineStart + 1, badHeader)
                }
                // Skip to the header's end: the rest of the line is a key, then a comment.
                while let n = at(i + 1), n != "\n", n != "#", n != "\"", n != "'" { i += 1 }
                onlySpaceSoFar = false
            case "[", "{":
                open.append(c)
                onlySpaceSoFar = false
            case "}" where open.last == "[":
                return (line, i - lineStart + 1, braceClosesArray)
            case "]", "}":
                if !open.isEmpty { open.removeLast() }
                onlySpaceSoFar = false
            default:
                onlySpaceSoFar = false
            }
            i += 1
        }
        return nil
    }

    static func isKeyStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
            || c == "\"" || c == "'" || c == "]"
    }
}
