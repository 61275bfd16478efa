import RitualsChannels
import RitualsConfig
import RitualsCore
import Testing

/// Broken configs, each with the LINE:COLUMN, key path and message it must produce.
struct BrokenConfigTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let toml: String
        let expected: String
        var testDescription: String { expected }
    }

    /// A valid ritual to surround the broken line with.
    static func ritual(_ extra: String) -> String {
        "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"Sat 10:00\"\n" + extra + "\n"
    }

    static let cases: [Case] = [
        Case(toml: "x = [1,\n", expected: "1:5: not valid TOML: the array is not closed with ']'"),
        Case(
            toml: ritual("") + "\u{0}" + ritual("").replacingOccurrences(of: "walk", with: "talk"),
            expected: "6:1: a NUL byte, which a text file never holds"),
        Case(toml: "\u{0}\u{0}\u{0}", expected: "1:1: a NUL byte"),
        Case(toml: "[settings]\npartner = \"Sa\u{0}m\"\n", expected: "2:14: a NUL byte"),
        Case(
            toml: ritual("").replacingOccurrences(of: "Sat 10:00", with: "*:*:0/0.000001"),
            expected: "4:8: ritual[0].when: repeats every 1us; a ritual fires at most once a second"),
        Case(
            toml: ritual("").replacingOccurrences(of: "Sat 10:00", with: "*:*:0..58,58.5"),
            expected: "4:8: ritual[0].when: repeats every 500ms"),
        Case(
            toml: "[settings]\nquiet_hour = \"22:00-07:00\"\n",
            expected: "2:1: settings.quiet_hour: unknown key; did you mean \"quiet_hours\"?"),
        Case(toml: "[settings]\ntimezone = \"Mars/Olympus\"\n", expected: "2:12: settings.timezone: unknown time zone"),
        Case(
            toml: "[settings]\ntimezone = 5\n", expected: "2:12: settings.timezone: expected a string, found an integer"
        ),
        Case(toml: "[settings]\npartner = \"  \"\n", expected: "2:11: settings.partner: the name is empty"),
        Case(
            toml: "[settings]\nquiet_hours = \"22:30\"\n", expected: "2:15: settings.quiet_hours: expected HH:MM-HH:MM"),
        Case(
            toml: "[settings]\nquiet_hours = \"25:00-07:00\"\n",
            expected: "2:15: settings.quiet_hours: expected HH:MM-HH:MM"),
        Case(
            toml: "[settings]\nquiet_hours = \"07:00-07:00\"\n",
            expected: "2:15: settings.quiet_hours: expected HH:MM-HH:MM"),
        Case(
            toml: "[settings]\ncatch_up = \"-5m\"\n",
            expected: "2:12: settings.catch_up: a time span cannot be negative"),
        Case(
            toml: "[settings]\ncatch_up = \"99999999d\"\n",
            expected: "2:12: settings.catch_up: \"99999999d\" is out of range"),
        Case(
            toml: "[settings]\ncatch_up = \"soon\"\n", expected: "2:12: settings.catch_up: \"soon\" is not a time span"),
        Case(
            toml: "[settings]\nchannels = \"desktop\"\n",
            expected: "2:12: settings.channels: expected an array of strings"),
        Case(
            toml: "[settings]\nchannels = [\"phone\"]\n",
            expected: "2:13: settings.channels[0]: no channel named \"phone\""),
        Case(toml: "settings = 3\n", expected: "1:1: settings: expected a table"),
        Case(toml: "colour = \"red\"\n", expected: "1:1: colour: unknown key"),
        Case(
            toml: "[channels.desktop]\nurgency = \"loud\"\n",
            expected: "2:11: channels.desktop.urgency: expected \"low\", \"normal\" or \"critical\""),
        Case(
            toml: "[channels.desktop]\nexpire = \"0\"\n",
            expected: "2:10: channels.desktop.expire: \"0\" is out of range"),
        Case(
            toml: "[channels.desktop]\nbuttons = [\"done\", \"later\"]\n",
            expected: "2:20: channels.desktop.buttons[1]: expected \"done\", \"snooze\" or \"skip\""),
        Case(
            toml: "[channels.desktop]\nsnooze = \"5s\"\n",
            expected: "2:10: channels.desktop.snooze: \"5s\" is out of range"),
        Case(
            toml: "[channels.desktop]\nhold = [\"locked\", \"asleep\"]\n",
            expected: "2:19: channels.desktop.hold[1]: expected \"do-not-disturb\", \"locked\" or \"away\""),
        Case(
            toml: "[channels.desktop]\nhold = \"locked\"\n",
            expected: "2:8: channels.desktop.hold: expected an array of strings"),
        Case(
            toml: "[channels.desktop]\naway_after = \"10s\"\n",
            expected: "2:14: channels.desktop.away_after: \"10s\" is out of range"),
        Case(
            toml: "[channels.phone]\nkind = \"command\"\nargv = [\"/bin/true\"]\nwhen = \"asleep\"\n",
            expected: "4:8: channels.phone.when: expected \"always\" or \"away\", got \"asleep\""),
        Case(toml: "[channels.desktop]\nsound = \"bell\"\n", expected: "2:1: channels.desktop.sound: unknown key"),
        Case(
            toml: "[channels.phone]\nurl = \"x\"\n",
            expected: "1:2: channels.phone: a channel needs a kind: \"apprise\", \"command\", \"matrix\" or \"ntfy\""),
        Case(
            toml: "[channels.phone]\nkind = \"pigeon\"\n",
            expected: "2:8: channels.phone.kind: unknown kind \"pigeon\"; use one of desktop, apprise, command"),
        Case(
            toml: "[channels.phone]\nkind = \"apprise\"\n",
            expected: "1:2: channels.phone: an apprise channel needs urls_file"),
        Case(
            toml: "[channels.phone]\nkind = \"apprise\"\nurls_file = \"/nonexistent/phone.urls\"\n",
            expected: "3:13: channels.phone.urls_file: /nonexistent/phone.urls: no such file"),
        Case(
            toml: "[channels.sam]\nkind = \"matrix\"\n",
            expected: "1:2: channels.sam: a matrix channel needs homeserver = \"https://matrix.example.org\", room = "),
        Case(
            toml:
                "[channels.sam]\nkind = \"matrix\"\nhomeserver = \"http://matrix.example.org\"\nroom = \"!r:example.org\"\ntoken_file = \"/nonexistent/m.token\"\n",
            expected: "3:14: channels.sam.homeserver: expected https://HOST (http:// only for 127.0.0.1 or [::1])"),
        Case(
            toml:
                "[channels.sam]\nkind = \"matrix\"\nhomeserver = \"https://m.example.org/_matrix\"\nroom = \"!r:example.org\"\ntoken_file = \"/nonexistent/m.token\"\n",
            expected: "3:14: channels.sam.homeserver: give the server's address alone, without a path"),
        Case(
            toml:
                "[channels.sam]\nkind = \"matrix\"\nhomeserver = \"https://m.example.org\"\nroom = \"#us:example.org\"\ntoken_file = \"/nonexistent/m.token\"\n",
            expected: "4:8: channels.sam.room: expected the room's id, which begins with !"),
        Case(
            toml:
                "[channels.sam]\nkind = \"matrix\"\nhomeserver = \"https://m.example.org\"\nroom = \"!r:example.org\"\ntoken_file = \"/nonexistent/m.token\"\n",
            expected:
                "5:14: channels.sam.token_file: /nonexistent/m.token: no such file; write the bot's access token there"),
        Case(
            toml:
                "[channels.sam]\nkind = \"matrix\"\nhomeserver = \"https://m.example.org\"\nroom = \"!r:example.org\"\ntoken_file = \"/nonexistent/m.token\"\nanswers = true\n",
            expected: "1:2: channels.sam: answers = true needs answerer"),
        Case(
            toml:
                "[channels.sam]\nkind = \"matrix\"\nhomeserver = \"https://m.example.org\"\nroom = \"!r:example.org\"\ntoken_file = \"/nonexistent/m.token\"\nanswerer = \"sam\"\n",
            expected: "6:12: channels.sam.answerer: expected a Matrix user id such as \"@sam:example.org\""),
        Case(
            toml:
                "[settings]\npeople = [\"Alex\", \"Sam\"]\nme = \"Alex\"\n[channels.sam]\nkind = \"matrix\"\nhomeserver = \"https://m.example.org\"\nroom = \"!r:example.org\"\ntoken_file = \"/nonexistent/m.token\"\n"
                + "answers = true\nanswerer = \"@sam:x\"\nperson = \"Kim\"\n",
            expected: "11:10: channels.sam.person: \"Kim\" is not one of people (\"Sam\")"),
        Case(
            toml:
                "[channels.sam]\nkind = \"matrix\"\nhomeserver = \"https://m.example.org\"\nroom = \"!r:example.org\"\ntoken_file = \"/nonexistent/m.token\"\nanswers = \"yes\"\n",
            expected: "6:11: channels.sam.answers: expected true or false"),
        Case(
            toml: "[channels.sam]\nkind = \"ntfy\"\nanswers = true\n",
            expected:
                "1:2: channels.sam: an ntfy channel needs server = \"https://ntfy.sh\", topic_file = \"~/.config/rituals/ntfy.topic\""
        ),
        Case(
            toml:
                "[channels.sam]\nkind = \"ntfy\"\nserver = \"http://ntfy.example.org\"\ntopic_file = \"/nonexistent/t\"\n",
            expected: "3:10: channels.sam.server: expected https://HOST (http:// only for 127.0.0.1 or [::1])"),
        Case(
            toml:
                "[channels.sam]\nkind = \"ntfy\"\nserver = \"https://ntfy.sh/mytopic\"\ntopic_file = \"/nonexistent/t\"\n",
            expected: "3:10: channels.sam.server: give the server's address alone, without a path: \"https://ntfy.sh\""),
        Case(
            toml: "[channels.sam]\nkind = \"ntfy\"\nserver = \"https://ntfy.sh\"\ntopic_file = \"/nonexistent/t\"\n",
            expected: "4:14: channels.sam.topic_file: /nonexistent/t: no such file; write the ntfy topic's name there"),
        Case(
            toml: "[channels.sam]\nkind = \"ntfy\"\nserver = \"https://ntfy.sh\"\ntopic = \"secret\"\n",
            expected: "4:1: channels.sam.topic: unknown key"),
        Case(
            toml: "[channels.hook]\nkind = \"command\"\nargs = [\"x\"]\n",
            expected: "3:1: channels.hook.args: unknown key; did you mean \"argv\"?"),
        Case(
            toml: "[channels.hook]\nkind = \"command\"\nargv = []\n",
            expected: "3:8: channels.hook.argv: argv needs at least the program"),
        Case(
            toml: "[channels.hook]\nkind = \"command\"\nargv = [\"/bin/true\"]\nevents = [\"fired\", \"reloaded\"]\n",
            expected: "4:20: channels.hook.events[1]: unknown event \"reloaded\""),
        Case(
            toml: "[channels.hook]\nkind = \"command\"\nargv = [\"/bin/true\"]\ntimeout = \"1h\"\n",
            expected: "4:11: channels.hook.timeout: \"1h\" is out of range"),
        Case(toml: "[[ritual]]\ntitle = \"Walk\"\nwhen = \"Sat 10:00\"\n", expected: "1:3: ritual[0]: missing id"),
        Case(toml: "[[ritual]]\nid = \"walk\"\nwhen = \"Sat 10:00\"\n", expected: "1:3: ritual[0]: missing title"),
        Case(toml: "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\n", expected: "1:3: ritual[0]: missing when"),
        Case(
            toml: "[[ritual]]\nid = \"Walk Now\"\ntitle = \"Walk\"\nwhen = \"daily\"\n",
            expected: "2:6: ritual[0].id: \"Walk Now\" is not a valid id"),
        Case(
            toml: "[[ritual]]\nid = \"walk\"\ntitle = \"\"\nwhen = \"daily\"\n",
            expected: "3:9: ritual[0].title: the title is empty"),
        Case(
            toml: "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"Mon...Fri 10:00\"\n",
            expected:
                "4:14: ritual[0].when: invalid calendar expression \"Mon...Fri 10:00\": unexpected \".\" at column 6"),
        Case(
            toml: "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"every 0 days\"\n",
            expected: "4:8: ritual[0].when: invalid schedule"),
        Case(
            toml: "[[ritual]]\nid = \"walk\"\ntitle = \"Walk\"\nwhen = \"RRULE:FREQ=DAILY\"\n",
            expected: "4:8: ritual[0].when: invalid recurrence rule"),
        Case(
            toml: ritual("practice = \"walking\""), expected: "5:12: ritual[0].practice: unknown practice \"walking\""),
        // Once found by fuzzing (they stopped an earlier TOML parser): refused with a position.
        Case(toml: ritual("") + "\n[[# notes]]\n", expected: "7:3: not valid TOML: a table name starts with"),
        Case(toml: "[settings]\n[[ \n", expected: "2:4: not valid TOML: a table name starts with"),
        Case(toml: ritual("prompts = [\"a}\", \"b\",\n}"), expected: "6:1: not valid TOML: '}' inside an array"),
        Case(
            toml: "[settings]\npartner = \"\"\"\n[# inside a string]\n\"\"\" # [=]\n[ =]\n",
            expected: "5:3: not valid TOML: a table name"),
        Case(toml: ritual("prompts = [\"a\", \" \"]"), expected: "5:17: ritual[0].prompts[1]: the prompt is empty"),
        Case(
            toml: ritual("prompts = [\"a\", 3]"),
            expected: "5:17: ritual[0].prompts[1]: expected a string, found an integer"),
        Case(toml: ritual("prompts = \"a\""), expected: "5:11: ritual[0].prompts: expected an array of strings"),
        Case(toml: ritual("duration = \"0\""), expected: "5:12: ritual[0].duration: \"0\" is out of range"),
        Case(toml: ritual("duration = \"2d\""), expected: "5:12: ritual[0].duration: \"2d\" is out of range"),
        Case(
            toml: ritual("heads_up = \"8d\""),
            expected:
                "5:12: ritual[0].heads_up: the heads-up (1w 1d) is not shorter than the time between occurrences (1w)"),
        Case(toml: ritual("heads_up = \"10s\""), expected: "5:12: ritual[0].heads_up: \"10s\" is out of range"),
        Case(
            toml: ritual("window = \"21:00-18:00\""),
            expected: "5:10: ritual[0].window: the window 21:00-18:00 ends before it starts"),
        Case(toml: ritual("window = \"evening\""), expected: "5:10: ritual[0].window: expected HH:MM-HH:MM"),
        Case(
            toml: ritual("skip = [2026-12-24, \"tomorrow\"]"),
            expected: "5:21: ritual[0].skip[1]: expected a date such as 2026-12-24"),
        Case(toml: ritual("skip = \"2026-12-24\""), expected: "5:8: ritual[0].skip: expected an array of dates"),
        Case(
            toml: ritual("from = 2026-12-01\nuntil = 2026-11-01"),
            expected: "6:9: ritual[0].until: until is before from"),
        Case(
            toml: ritual("from = \"first of May\""), expected: "5:8: ritual[0].from: expected a date such as 2026-12-24"
        ),
        Case(toml: ritual("remind_again = \"30s\""), expected: "5:16: ritual[0].remind_again: \"30s\" is out of range"),
        Case(
            toml: ritual("remind_again_limit = 3"),
            expected: "5:22: ritual[0].remind_again_limit: has no effect without remind_again"),
        Case(
            toml: ritual("remind_again = \"10m\"\nremind_again_limit = 0"),
            expected: "6:22: ritual[0].remind_again_limit: expected a whole number from 1 to 20"),
        Case(
            toml: ritual("quiet_hours = \"later\""),
            expected: "5:15: ritual[0].quiet_hours: expected \"defer\", \"drop\" or \"ignore\""),
        Case(
            toml: ritual("channels = [\"pager\"]"), expected: "5:13: ritual[0].channels[0]: no channel named \"pager\""),
        Case(
            toml: ritual("urgency = \"urgent\""),
            expected: "5:11: ritual[0].urgency: expected \"low\", \"normal\" or \"critical\""),
        Case(
            toml: ritual("enabled = \"yes\""),
            expected: "5:11: ritual[0].enabled: expected true or false, found a string"),
        Case(toml: ritual("snooze = \"5m\""), expected: "5:1: ritual[0].snooze: unknown key"),
        Case(toml: ritual("") + ritual(""), expected: "7:6: ritual[1].id: duplicate id \"walk\" (also ritual[0])"),
        Case(toml: "ritual = 1\n", expected: "1:1: ritual: expected rituals as [[ritual]] tables"),
    ]

    @Test(arguments: BrokenConfigTests.cases)
    func reportsProblemWithPosition(_ c: Case) {
        do {
            _ = try ConfigLoader.parse(
                c.toml, file: "test.toml", kinds: ChannelKinds.all, zones: SystemZones.shared, local: .utc)
            Issue.record("accepted:\n\(c.toml)")
        } catch {
            let lines = error.issues.map(\.description)
            #expect(lines.contains { $0.hasPrefix("test.toml:" + c.expected) }, "got \(lines)")
        }
    }

    @Test func tableIsLargeEnough() {
        #expect(BrokenConfigTests.cases.count >= 40)
    }

    @Test func reportsEveryProblemInOneRun() {
        let toml = "[settings]\ncatch_up = \"-1s\"\n" + BrokenConfigTests.ritual("urgency = \"x\"\nwindow = \"y\"")
        do {
            _ = try ConfigLoader.parse(toml, file: "f", kinds: ChannelKinds.all, zones: SystemZones.shared, local: .utc)
            Issue.record("accepted")
        } catch {
            #expect(error.issues.map(\.line) == [2, 7, 8])
        }
    }
}
