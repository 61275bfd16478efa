import FoundationEssentials
import LinuxSystem

/// What ritualctl writes for a person to read. Much of it comes from outside (a server's error,
/// a partner's file, a program's output): control characters in it are shown as `\xNN`, never
/// written raw, so that nothing can set the terminal's title, clear its screen or hide a line.
enum Terminal {
    /// `text` with every control character but line breaks and tabs written as `\xNN` (C1
    /// controls as `\u{NN}`).
    static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                out.append(scalar)
                continue
            }
            let digits = Array("0123456789ABCDEF".unicodeScalars)
            let v = Int(scalar.value)
            let escaped: [Unicode.Scalar] =
                v < 0x80
                ? ["\\", "x", digits[v >> 4], digits[v & 15]]
                : ["\\", "u", "{", digits[v >> 4], digits[v & 15], "}"]
            out.append(contentsOf: escaped)
        }
        return String(out)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\n" && s != "\t") || (s.value >= 0x7F && s.value < 0xA0)
    }

    /// Writes `data` (text) to standard error, made safe.
    static func error(_ data: Data) {
        StandardStream.error.write(Data(safe(String(decoding: data, as: UTF8.self)).utf8))
    }
}

/// Every line ritualctl prints goes through ``Terminal/safe(_:)``.
func print(_ text: String, terminator: String = "\n") {
    Swift.print(Terminal.safe(text), terminator: terminator)
}
