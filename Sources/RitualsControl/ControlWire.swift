import FoundationEssentials

/// The framing of the control socket: one JSON object per line each way, requests at most
/// `maxRequest` bytes, read within `readTimeout`.
public enum ControlWire {
    /// Longest request line accepted, newline included.
    public static let maxRequest = 64 * 1024
    /// Longest response line a client reads.
    public static let maxResponse = 64 * 1024 * 1024
    /// How long the daemon waits for a client's complete request.
    public static let readTimeout = Duration.seconds(2)

    /// `value` as one line of JSON.
    public static func encode<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(value)) ?? Data("{\"ok\":false,\"error\":\"cannot encode\"}".utf8)
        data.append(0x0A)
        return data
    }

    /// Decodes one line (without its newline).
    public static func decode<T: Decodable>(_ type: T.Type, from line: Data) throws -> T {
        try JSONDecoder().decode(type, from: line)
    }

    /// Splits the first complete line (without its newline) off the front of `buffer`; nil when
    /// no line is complete yet.
    public static func takeLine(_ buffer: inout Data) -> Data? {
        guard let newline = buffer.firstIndex(of: 0x0A) else { return nil }
        let line = buffer.subdata(in: buffer.startIndex..<newline)
        buffer = buffer.subdata(in: (newline + 1)..<buffer.endIndex)
        return line
    }

    /// Splits complete lines off the front of `buffer`.
    public static func takeLines(_ buffer: inout Data) -> [Data] {
        var lines: [Data] = []
        while let line = takeLine(&buffer) { lines.append(line) }
        return lines
    }
}
