/// Reading the TZif format of tzfile(5).
extension Zone {
    /// Why a TZif file could not be read.
    public enum TZifError: Error, Equatable {
        case notTZif
        case truncated
    }

    /// Parses the bytes of a TZif file (versions 1 to 4).
    public convenience init(name: String, tzif bytes: [UInt8]) throws(TZifError) {
        var reader = Reader(bytes: bytes)
        let header1 = try reader.header()
        var width = 4
        var header = header1
        if header1.version >= 2 {
            try reader.skip(header1.dataLength(timeWidth: 4))
            header = try reader.header()
            width = 8
        }
        var transitions: [Int] = []
        transitions.reserveCapacity(header.timeCount)
        for _ in 0..<header.timeCount { transitions.append(try reader.signed(width)) }
        var kindIndex: [Int] = []
        for _ in 0..<header.timeCount {
            let i = Int(try reader.byte())
            guard i < header.typeCount else { throw .notTZif }
            kindIndex.append(i)
        }
        var raw: [(Int, Bool, Int)] = []
        for _ in 0..<header.typeCount {
            let off = try reader.signed(4)
            let dst = try reader.byte() != 0
            let idx = Int(try reader.byte())
            raw.append((off, dst, idx))
        }
        let chars = Array(try reader.take(header.charCount))
        let kinds = raw.map { (off, dst, idx) -> Kind in
            let tail = idx < chars.count ? chars[idx...] : []
            let abbr = String(decoding: tail.prefix { $0 != 0 }, as: UTF8.self)
            return Kind(offset: off, isDST: dst, abbreviation: abbr)
        }
        try reader.skip(header.leapCount * (width + 4) + header.stdCount + header.utCount)
        var rule: PosixTZ?
        if header1.version >= 2, let footer = reader.footer() {
            rule = PosixTZ(footer)
        }
        self.init(name: name, transitions: transitions, kindIndex: kindIndex, kinds: kinds, rule: rule)
    }

    private struct Header {
        var version: Int
        var utCount, stdCount, leapCount, timeCount, typeCount, charCount: Int

        func dataLength(timeWidth w: Int) -> Int {
            timeCount * w + timeCount + typeCount * 6 + charCount + leapCount * (w + 4) + stdCount + utCount
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        mutating func take(_ n: Int) throws(TZifError) -> ArraySlice<UInt8> {
            guard n >= 0, at + n <= bytes.count else { throw .truncated }
            defer { at += n }
            return bytes[at..<at + n]
        }

        mutating func skip(_ n: Int) throws(TZifError) { _ = try take(n) }

        mutating func byte() throws(TZifError) -> UInt8 { try take(1).first ?? 0 }

        mutating func signed(_ width: Int) throws(TZifError) -> Int {
            var v: UInt64 = 0
            for b in try take(width) { v = v << 8 | UInt64(b) }
            return width == 4 ? Int(Int32(bitPattern: UInt32(truncatingIfNeeded: v))) : Int(Int64(bitPattern: v))
        }

        mutating func header() throws(TZifError) -> Header {
            guard Array(try take(4)) == Array("TZif".utf8) else { throw .notTZif }
            let v = try byte()
            try skip(15)
            var counts: [Int] = []
            for _ in 0..<6 {
                let c = try signed(4)
                guard c >= 0 else { throw .notTZif }
                counts.append(c)
            }
            return Header(
                version: v == 0 ? 1 : Int(v) - 0x30, utCount: counts[0], stdCount: counts[1], leapCount: counts[2],
                timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
        }

        func footer() -> String? {
            let rest = bytes[at...]
            guard rest.first == 0x0A, let end = rest.dropFirst().firstIndex(of: 0x0A) else { return nil }
            let text = String(decoding: rest[(at + 1)..<end], as: UTF8.self)
            return text.isEmpty ? nil : text
        }
    }
}
