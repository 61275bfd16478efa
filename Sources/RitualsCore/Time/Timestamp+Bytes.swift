/// Timestamps written straight into a byte buffer: a preview of a hundred thousand elapses
/// formats each in well under a microsecond. The String forms are built on these.
extension Timestamp {
    static let weekdayBytes: [[UInt8]] = weekdayNames.map { Array($0.utf8) }

    /// `v` in decimal, zero-padded to `width` digits.
    @inline(__always)
    static func appendDigits(_ v: Int, _ width: Int, to out: inout [UInt8]) {
        if v < 0 {
            out.append(UInt8(ascii: "-"))
            appendDigits(-v, width, to: &out)
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) = (
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
            )
        var n = 0
        var rest = v
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[n] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                n += 1
            } while rest > 0
            for _ in n..<max(n, width) { out.append(UInt8(ascii: "0")) }
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    /// `2026-12-04 19:00:00` (date, a separator, time of day).
    @inline(__always)
    static func appendDateTime(_ t: LocalTime, separator: UInt8, to out: inout [UInt8]) {
        appendDigits(t.year, 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(t.month, 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(t.day, 2, to: &out)
        out.append(separator)
        appendDigits(t.hour, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(t.minute, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(t.second, 2, to: &out)
    }

    /// Appends the ISO 8601 form of ``iso8601(_:in:)``.
    public static func appendISO8601(_ usec: Int, in zone: Zone, to out: inout [UInt8]) {
        let seconds = Civil.floorDiv(usec, Microseconds.second)
        var fraction = usec - seconds * Microseconds.second
        let t = zone.localTime(seconds)
        appendDateTime(t, separator: UInt8(ascii: "T"), to: &out)
        if fraction > 0 {
            out.append(UInt8(ascii: "."))
            var width = 6
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            appendDigits(fraction, width, to: &out)
        }
        let off = abs(t.utcOffset)
        out.append(t.utcOffset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        appendDigits(off / 3600, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(off / 60 % 60, 2, to: &out)
        if off % 60 != 0 {
            out.append(UInt8(ascii: ":"))
            appendDigits(off % 60, 2, to: &out)
        }
    }

    /// Appends the systemd form of ``systemd(_:in:)``.
    public static func appendSystemd(_ usec: Int, in zone: Zone, to out: inout [UInt8]) {
        let seconds = Civil.floorDiv(usec, Microseconds.second)
        let kind = zone.kind(at: seconds)
        let t = LocalTime(epochSeconds: seconds, offset: kind.offset, isDST: kind.isDST)
        out.append(contentsOf: weekdayBytes[t.weekday])
        out.append(UInt8(ascii: " "))
        appendDateTime(t, separator: UInt8(ascii: " "), to: &out)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: kind.abbreviation.utf8)
    }
}
