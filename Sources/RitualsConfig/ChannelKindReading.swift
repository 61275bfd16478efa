import RitualsCore

/// How a kind of channel plugs into the config: its name (`kind = "…"`), its own keys, and how it
/// reads them from a `[channels.NAME]` table. The keys every channel has (`events`, `after`,
/// `timeout`, `person`, and `answers` for kinds answers come back through) are read for it. The
/// kinds are in RitualsChannels (``ChannelKinds``); the loader is given them.
public protocol ChannelKindReading {
    /// Its name in `kind`.
    static var name: String { get }
    /// Its own keys.
    static var keys: [String] { get }
    /// Whether answers can come back through it (`answers = true`).
    static var answers: Bool { get }
    /// Its settings from `table`, or nil once what is wrong was reported there.
    static func read(_ table: inout ChannelTable) -> (any ChannelSettings)?
    /// Checks a channel of its kind once every key of it was read (`answers = true` may need
    /// more, say).
    static func check(_ channel: Channel, _ table: inout ChannelTable)
}

extension ChannelKindReading {
    public static func check(_ channel: Channel, _ table: inout ChannelTable) {}
}
