/// Configs for the rules' tests: in UTC, with quiet hours out of the way unless a test wants them.
extension Rig {
    /// `[settings]` in UTC with `quiet` hours and `settings` lines, then `rituals`.
    static func config(quiet: String = "03:00-03:01", settings: String = "", _ rituals: String...) -> String {
        "[settings]\ntimezone = \"UTC\"\nquiet_hours = \"\(quiet)\"\n\(settings)\n" + rituals.joined()
    }

    /// One `[[ritual]]` titled as its id is (capitalized), with `extra` lines.
    static func ritual(_ id: String, _ when: String, _ extra: String = "") -> String {
        "[[ritual]]\nid = \"\(id)\"\ntitle = \"\(id.prefix(1).uppercased() + id.dropFirst())\"\nwhen = \"\(when)\"\n\(extra)\n"
    }
}
