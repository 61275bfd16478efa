#!/usr/bin/env python3
"""Generates Tests/RitualsConfigTests/Fixtures/toml.jsonl: TOML documents and what Python's
tomllib (a TOML 1.0 reader) makes of them, one JSON object a line: {"doc": ..., "value": ...} for a
document it reads (values tagged as toml-test does: {"type": "integer", "value": "1"}), or
{"doc": ..., "error": true} for one it refuses. The documents are the cases below (one for each
rule of the specification) and seeded mutations of them. The test suite needs only the file.
Usage: scripts/make/gen-toml-fixtures.py OUT_FILE [--mutations N]"""
import datetime, json, random, sys, tomllib

CASES = [
    # keys
    'a = 1', 'bare_key-1 = 2', '"quoted key" = 3', "'literal key' = 4", '"" = 5', 'a.b.c = 6', 'a . b = 7',
    'site."google.com" = true', '3.14159 = "pi"', 'a = 1\na = 2', 'a = 1\nA = 2', '= 1', 'a b = 1', 'a = ', 'a',
    'a.b = 1\na.c = 2', 'a.b = 1\na = 2', 'a = 1\na.b = 2', 'a.b.c = 1\n[a.b]\nd = 2', 'a.b.c = 1\n[a]\nd = 2',
    # strings
    's = "tab\\there"', 's = "\\u00e9\\U0001F600"', 's = "\\x41"', 's = "a\\qb"', 's = "unterminated',
    's = """\nfirst\nsecond"""', 's = """one \\\n    two"""', 's = """a""""', 's = """a"""""', 's = """a""""""',
    "s = 'C:\\\\path'", "s = '''\nraw\\n text'''", "s = ''''a''''", 's = "line\nbreak"', "s = 'a\tb'",
    's = "\\uD800"', 's = "\\u12"', 's = """\r\nx"""', 's = "a"b', 's = "é"', 's = """ \\ \n x"""',
    # integers
    'i = 0', 'i = +99', 'i = -17', 'i = 1_000', 'i = 1__000', 'i = _1', 'i = 1_', 'i = 012', 'i = 0xDEAD_beef',
    'i = 0o755', 'i = 0b1101', 'i = 0x', 'i = +0x1', 'i = 9223372036854775807', 'i = 9223372036854775808',
    'i = -9223372036854775808', 'i = 0_0', 'i = 1e', 'i = 0o8',
    # floats
    'f = 1.0', 'f = +3.1415', 'f = -0.01', 'f = 5e+22', 'f = 1e06', 'f = -2E-2', 'f = 6.626e-34', 'f = 224_617.445_991',
    'f = 1.', 'f = .5', 'f = 1.e5', 'f = inf', 'f = +inf', 'f = -inf', 'f = nan', 'f = 01.5', 'f = 1_.0', 'f = 1e1_0',
    'f = 1e1__0', 'f = infinity',
    # booleans
    'b = true', 'b = false', 'b = True', 'b = truex',
    # dates and times
    'd = 1979-05-27T07:32:00Z', 'd = 1979-05-27T00:32:00-07:00', 'd = 1979-05-27T00:32:00.999999-07:00',
    'd = 1979-05-27 07:32:00Z', 'd = 1979-05-27T07:32:00', 'd = 1979-05-27', 'd = 07:32:00', 'd = 00:32:00.999999',
    'd = 1979-13-27', 'd = 1979-02-30', 'd = 2000-02-29', 'd = 1900-02-29', 'd = 1979-05-27T25:00:00',
    'd = 1979-05-27t07:32:00z', 'd = 1979-5-27', 'd = 07:32', 'd = 1979-05-27T07:32:00+24:00',
    'd = 1979-05-27 ', 'd = 1979-05-27T07:32:00.Z',
    # arrays
    'a = [ 1, 2, 3 ]', 'a = [ "red", "yellow", ]', 'a = [ [ 1, 2 ], ["a", "b"] ]', 'a = [\n  1,\n  2, # two\n]',
    'a = [ 0.1, "x", 1979-05-27, {k = 1} ]', 'a = []', 'a = [,]', 'a = [1,,2]', 'a = [1 2]', 'a = [1, 2',
    'a = [\n# c\n]', 'a = [1}',
    # tables
    '[table]', '[table-1]\nkey1 = "some string"', '[dog."tater.man"]\ntype.name = "pug"', '[ a . b ]',
    '[a]\n[a]', '[a.b]\n[a]', '[a]\nb = 1\n[a.b]', '[fruit]\napple.color = "red"\n[fruit.apple]',
    '[fruit]\napple.color = "red"\n[fruit.apple.texture]\nsmooth = true', '[]', '[a', '[a]]', '[a] b = 1',
    '[a]\n[b]\n[a.c]', 'a = 1\n[a]', '[[a]]\n[a]', '[a]\n[[a]]', 'a = []\n[[a]]', '[x.y.z.w]\n[x]',
    '[a.b.c]\nz = 1\n[a]\nb.d = 2', '[a.b.c]\nz = 1\n[a]\nb.c.t = 2', '[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 8',
    # inline tables
    'n = { first = "Tom", last = "Preston-Werner" }', 'p = { x = 1, y = 2 }', 'a = { type.name = "pug" }',
    'a = {}', 'a = { x = 1, }', 'a = { x = 1\n}', 'a = { x = 1, x = 2 }', '[p]\nt = { n = "Nail" }\nt.e = false',
    'a = { b = { c = 1 } }\n[a.b]', 'a = {x=1}\n[a.y]',
    # arrays of tables
    '[[products]]\nname = "Hammer"\n[[products]]\n[[products]]\nname = "Nail"',
    '[[fruits]]\nname = "apple"\n[fruits.physical]\ncolor = "red"\n[[fruits.varieties]]\nname = "red"',
    '[fruit.physical]\ncolor = "red"\n[[fruit]]', '[[fruits]]\n[fruits.varieties]\n[[fruits.varieties]]',
    # comments, whitespace, line ends
    '# comment\na = 1 # trailing', 'a = 1\r\nb = 2', 'a = 1\rb = 2', 'a = 1 # c\x01', '\ta\t=\t1\t',
    'a = "x" # "not closed', '# only a comment', '', '\n\n\n', 'a = 1\n\n\n[b]\n\nc = 2',
]

TOKENS = ["[", "]", "[[", "]]", "{", "}", "=", ".", ",", "\"", "'", "\"\"\"", "'''", "\\", "\n", " ", "#", "0x",
          "_", "+", "-", "e", "1979-05-27", "T", "07:32:00", "Z", "inf", "nan", "true", "a", "b.c", "\\u00e9", "é"]


def tag(value):
    if isinstance(value, bool):
        return {"type": "bool", "value": "true" if value else "false"}
    if isinstance(value, int):
        return {"type": "integer", "value": str(value)}
    if isinstance(value, float):
        if value != value:
            return {"type": "float", "value": "nan"}
        if value in (float("inf"), float("-inf")):
            return {"type": "float", "value": "inf" if value > 0 else "-inf"}
        return {"type": "float", "value": repr(value)}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return {"type": "datetime-local", "value": value.strftime("%Y-%m-%dT%H:%M:%S.%f")}
        offset = int(value.utcoffset().total_seconds()) // 60
        return {"type": "datetime", "value": value.strftime("%Y-%m-%dT%H:%M:%S.%f") + f"{offset:+d}"}
    if isinstance(value, datetime.date):
        return {"type": "date-local", "value": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"type": "time-local", "value": value.strftime("%H:%M:%S.%f")}
    if isinstance(value, list):
        return [tag(v) for v in value]
    return {k: tag(v) for k, v in value.items()}


def fits(value):
    """TOML 1.0: an integer beyond 64 bits is an error (tomllib reads any)."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -2**63 <= value < 2**63
    if isinstance(value, list):
        return all(fits(v) for v in value)
    if isinstance(value, dict):
        return all(fits(v) for v in value.values())
    return True


def verdict(doc):
    try:
        value = tomllib.loads(doc)
        return {"doc": doc, "value": tag(value)} if fits(value) else {"doc": doc, "error": True}
    except tomllib.TOMLDecodeError:
        return {"doc": doc, "error": True}
    except ValueError:
        return None  # tomllib's own limits (numbers beyond its parsing): not a case


def mutate(rng, doc):
    s = list(doc)
    for _ in range(rng.randint(1, 3)):
        choice = rng.random()
        if choice < 0.35 and s:
            del s[rng.randrange(len(s))]
        elif choice < 0.7:
            s.insert(rng.randint(0, len(s)), rng.choice(TOKENS))
        else:
            other = rng.choice(CASES)
            s.insert(rng.randint(0, len(s)), other[: rng.randint(0, len(other))])
    return "".join(s)


def main():
    out = sys.argv[1]
    mutations = int(sys.argv[sys.argv.index("--mutations") + 1]) if "--mutations" in sys.argv else 1500
    rng = random.Random(20261205)
    docs = list(dict.fromkeys(CASES + [mutate(rng, rng.choice(CASES)) for _ in range(mutations)]))
    with open(out, "w") as f:
        for doc in docs:
            line = verdict(doc)
            if line is not None:
                f.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")


main()
