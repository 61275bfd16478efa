import FoundationEssentials
import LinuxSystem

/// Whether the room is end-to-end encrypted, and whether the session that reads it can decrypt.
/// A homeserver keeps encrypted events as it gets them: only a client holding the room's keys
/// reads them, and rituald holds none. Through pantalaimon (matrix-org's end-to-end encryption
/// proxy), the room is read by pantalaimon's own session, which holds keys and decrypts.
extension MatrixClient {
    /// Whether the room has the `m.room.encryption` state event (once set, never unset).
    public func isEncrypted(curl: Curl) -> Result<Bool, ChannelError> {
        let url =
            room.homeserver + "/_matrix/client/v3/rooms/" + Percent.encoded(room.room) + "/state/m.room.encryption/"
        return call("GET", url, body: nil, curl: curl, notFound: true).map { $0 != nil }
    }

    /// Whether the session that reads the room holds end-to-end keys (a sync asking for no
    /// event says): through pantalaimon it is pantalaimon's, which does; a plain login's does not.
    public func sessionHasKeys(curl: Curl) -> Result<Bool, ChannelError> {
        sync(since: nil, wait: .zero, filter: MatrixSync.nothing, curl: curl).map(\.sessionHasKeys)
    }
}
