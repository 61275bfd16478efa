/// A request on the wire: `command`, and `id`, `count`, `days`, `duration`, `until`,
/// `occurrence`, `text` and `since` where the command uses them. A request that lacks what its command needs is refused with the reason.
extension ControlRequest: Codable {
    enum CodingKeys: String, CodingKey {
        case command, id, count, days, duration, until, occurrence, text, since
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let command = try c.decode(Command.self, forKey: .command)
        let id = try c.decodeIfPresent(String.self, forKey: .id)
        let count = try c.decodeIfPresent(Int.self, forKey: .count)
        let duration = try c.decodeIfPresent(String.self, forKey: .duration)
        func ritual() throws -> String {
            guard let id else { throw ControlRequestError(description: "\(command.rawValue) needs a ritual id") }
            return id
        }
        switch command {
        case .status: self = .status
        case .list: self = .list
        case .next: self = .next(count: count, days: try c.decodeIfPresent(Int.self, forKey: .days))
        case .show: self = .show(try ritual())
        case .fire: self = .fire(try ritual())
        case .done: self = .done(try ritual())
        case .snooze: self = .snooze(try ritual(), duration: duration)
        case .skip: self = .skip(try ritual(), count: count ?? 1)
        case .pause: self = .pause(id, for: duration, until: try c.decodeIfPresent(String.self, forKey: .until))
        case .resume: self = .resume(id)
        case .reload: self = .reload
        case .note:
            guard let text = try c.decodeIfPresent(String.self, forKey: .text) else {
                throw ControlRequestError(description: "note needs its text")
            }
            self = .note(try ritual(), occurrence: try c.decodeIfPresent(String.self, forKey: .occurrence), text: text)
        case .notes: self = .notes(id, since: try c.decodeIfPresent(String.self, forKey: .since))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(command, forKey: .command)
        try c.encodeIfPresent(ritual, forKey: .id)
        switch self {
        case .next(let count, let days):
            try c.encodeIfPresent(count, forKey: .count)
            try c.encodeIfPresent(days, forKey: .days)
        case .snooze(_, let duration): try c.encodeIfPresent(duration, forKey: .duration)
        case .skip(_, let count): try c.encode(count, forKey: .count)
        case .pause(_, let span, let until):
            try c.encodeIfPresent(span, forKey: .duration)
            try c.encodeIfPresent(until, forKey: .until)
        case .note(_, let occurrence, let text):
            try c.encodeIfPresent(occurrence, forKey: .occurrence)
            try c.encode(text, forKey: .text)
        case .notes(_, let since): try c.encodeIfPresent(since, forKey: .since)
        case .status, .list, .show, .fire, .done, .resume, .reload: break
        }
    }
}

/// Why a line is not a request rituald can take.
public struct ControlRequestError: Error, CustomStringConvertible {
    public var description: String
}
