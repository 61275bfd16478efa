/// The few text helpers the programs need, written once (Foundation's versions would pull in its
/// internationalisation, and ICU with it).
extension StringProtocol {
    /// Without the spaces at either end.
    public var trimmingSpaces: String { trimmed { $0 == " " } }

    /// Without blanks (spaces, tabs, line breaks) at either end.
    public var trimmingBlanks: String { trimmed { $0.isWhitespace } }

    private func trimmed(_ blank: (Character) -> Bool) -> String {
        var s = self[...]
        while let c = s.first, blank(c) { s = s.dropFirst() }
        while let c = s.last, blank(c) { s = s.dropLast() }
        return String(s)
    }

    /// Padded with spaces at the end to `width` characters (never cut).
    public func padded(to width: Int) -> String {
        count >= width ? String(self) : String(self) + String(repeating: " ", count: width - count)
    }
}

extension StringProtocol {
    /// Where `needle` first stands, compared character by character; nil when it does not.
    public func range(of needle: some StringProtocol) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var start = startIndex
        while start != endIndex {
            var i = start
            var j = needle.startIndex
            while i != endIndex, j != needle.endIndex, self[i] == needle[j] {
                formIndex(after: &i)
                needle.formIndex(after: &j)
            }
            if j == needle.endIndex { return start..<i }
            formIndex(after: &start)
        }
        return nil
    }

    /// With every `needle` replaced by `replacement`.
    public func replacingEvery(_ needle: some StringProtocol, with replacement: String) -> String {
        var out = ""
        var rest = self[...]
        while let found = rest.range(of: needle) {
            out += rest[..<found.lowerBound] + replacement
            rest = rest[found.upperBound...]
        }
        return out + rest
    }
}
