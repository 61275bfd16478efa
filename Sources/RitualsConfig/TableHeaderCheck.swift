/// Finds table headers whose first key starts with a character no key may start with, such as
/// `[# notes]` or `[[=]]`. The TOML parser stops the whole process on those (an assertion in
/// toml++) instead of reporting them, so they are caught before it sees the text. Walks the text
/// as TOML does: strings, comments and values spanning lines are skipped, and only a `[` that
/// begins a line outside any value opens a header.
enum TableHeaderCheck {
    /// Line and column (1-based, in characters) of the first bad header, if any.
    static func firstBadHeader(in text: String) -> (line: Int, column: Int)? {
        let chars = Array(text.unicodeScalars)
        var i = 0
        var line = 1
        var lineStart = 0
        var depth = 0
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
            case "[" where depth == 0 && onlySpaceSoFar:
                var k = i + (at(i + 1) == "[" ? 2 : 1)
                while at(k) == " " || at(k) == "\t" { k += 1 }
                if !(at(k).map(isKeyStart) ?? false) {
                    return (line, k - lineStart + 1)
                }
                // Skip to the header's end: the rest of the line is a key, then a comment.
                while let n = at(i + 1), n != "\n", n != "#", n != "\"", n != "'" { i += 1 }
                onlySpaceSoFar = false
            case "[", "{":
                depth += 1
                onlySpaceSoFar = false
            case "]", "}":
                depth = max(0, depth - 1)
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
