"""The safe YAML loader (ledcheck.yamlio): positions, merge keys, aliases, tags, encodings,
limits, and atomic writing."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import time

import pytest

from ledcheck import yamlio
from ledcheck.errors import InputError, LedcheckError, LoadError


def load_text(tmp_path, text: str | bytes, name: str = "doc.yaml", **kw) -> yamlio.Document:
    f = tmp_path / name
    f.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return yamlio.load(f, **kw)


def load_error(tmp_path, text: str | bytes, **kw) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_text(tmp_path, text, **kw)
    err = info.value
    assert err.line >= 1 and err.col >= 1
    assert not isinstance(err, InputError)   # a finding (exit 1), not a path problem
    return err


# --------------------------------------------------------------------------- positions

DOC = """\
ledcheck: 1
sections:
  - id: s
    title: Section
    indicators:
      - id: A
        text: "First"
      - {id: B, text: Second}
"""


def test_locate_values_keys_and_indexes(tmp_path):
    doc = load_text(tmp_path, DOC)
    assert doc.locate(()) == (1, 1)
    assert doc.locate(("ledcheck",)) == (1, 11)
    assert doc.locate(("sections",)) == (3, 3)
    assert doc.locate(("sections", 0)) == (3, 5)
    assert doc.locate(("sections", 0, "title")) == (4, 12)
    assert doc.locate(("sections", 0, "indicators", 0, "text")) == (7, 15)   # the opening quote
    assert doc.locate(("sections", 0, "indicators", 1)) == (8, 9)            # the flow mapping's {
    assert doc.locate(("sections", 0, "indicators", 1, "text")) == (8, 23)
    assert doc.locate_key(("sections", 0, "indicators", 1, "text")) == (8, 17)
    assert doc.locate_key(("sections", 0, "title")) == (4, 5)


def test_locate_falls_back_to_the_nearest_existing_parent(tmp_path):
    doc = load_text(tmp_path, DOC)
    assert doc.locate(("sections", 0, "weight")) == (3, 5)
    assert doc.locate(("sections", 7, "id")) == (3, 3)
    assert doc.locate(("nope", "deeper")) == (1, 1)
    assert doc.locate(("ledcheck", "below-a-scalar")) == (1, 11)


def test_locate_boolean_and_number_keys(tmp_path):
    doc = load_text(tmp_path, "answers:\n  yes: 1\n  3: x\n")
    assert doc.data == {"answers": {True: 1, 3: "x"}}
    assert doc.locate(("answers", True)) == (2, 8)
    assert doc.locate(("answers", 3)) == (3, 6)


def test_document_carries_data_and_sha256(tmp_path):
    doc = load_text(tmp_path, DOC)
    assert doc.data["sections"][0]["indicators"][1] == {"id": "B", "text": "Second"}
    assert doc.sha256 == hashlib.sha256(DOC.encode()).hexdigest()
    assert doc.path.endswith("doc.yaml")


# --------------------------------------------------------------------------- merge keys, aliases

def test_merge_keys_are_allowed_and_own_keys_override(tmp_path):
    doc = load_text(tmp_path, """\
base: &base {type: number, min: 0, max: 100, target: 80}
other: &other {unit: "%"}
a:
  <<: *base
  target: 90
b:
  <<: [*base, *other]
  min: 10
""")
    assert doc.data["a"] == {"type": "number", "min": 0, "max": 100, "target": 90}
    assert doc.data["b"] == {"type": "number", "min": 10, "max": 100, "target": 80, "unit": "%"}
    assert doc.locate(("a", "target")) == (5, 11)


def test_merge_of_an_anchor_that_itself_merges_and_overrides(tmp_path):
    # The anchored mapping is flattened (because it is merged) before it is constructed itself:
    # its own overriding key is not a duplicate.
    doc = load_text(tmp_path, "c: &c {x: 0, y: 0}\nm:\n  k: &b {<<: *c, x: 1}\n  <<: *b\n")
    assert doc.data["m"] == {"k": {"x": 1, "y": 0}, "x": 1, "y": 0}


def test_duplicate_keys_are_still_found_next_to_merge_keys(tmp_path):
    err = load_error(tmp_path, "base: &b {x: 1}\na:\n  <<: *b\n  y: 1\n  y: 2\n")
    assert (err.line, err.col) == (5, 3)
    assert "duplicate key 'y' (first defined on line 4)" in err.message


@pytest.mark.parametrize("text, line, col, first", [
    ("a: 1\nb: 2\na: 3\n", 3, 1, "on line 1"),
    ("m:\n  k: 1\n  k: 1\n", 3, 3, "on line 2"),
    ("yes: 1\ntrue: 2\n", 2, 1, "on line 1 as 'yes'"),      # one key for YAML 1.1
    ("1: a\n0x1: b\n", 2, 1, "on line 1 as '1'"),
    ("~: a\nnull: b\n", 2, 1, "on line 1 as '~'"),
    ("- {a: 1, a: 2}\n", 1, 10, "on line 1"),
])
def test_duplicate_keys_are_errors(tmp_path, text, line, col, first):
    err = load_error(tmp_path, text)
    assert (err.line, err.col) == (line, col)
    assert "duplicate key" in err.message and first in err.message
    assert "keep only the last" in err.message


def test_keys_that_only_look_alike_are_not_duplicates(tmp_path):
    doc = load_text(tmp_path, "'1': a\n1: b\nno: c\n'no': d\n")
    assert doc.data == {"1": "a", 1: "b", False: "c", "no": "d"}


def test_keys_equal_in_python_are_duplicates(tmp_path):
    # PyYAML would build {1: ...} from both keys and silently drop one.
    err = load_error(tmp_path, "1: a\nyes: b\n")
    assert (err.line, err.col) == (2, 1) and "as '1'" in err.message


def test_anchors_and_aliases_in_moderation(tmp_path):
    items = ", ".join(str(i) for i in range(100))
    refs = "\n".join(f"  r{i}: *list" for i in range(100))
    doc = load_text(tmp_path, f"list: &list [{items}]\nrefs:\n{refs}\n")
    assert doc.data["refs"]["r99"] == list(range(100))
    assert len(doc.data["refs"]) == 100


BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{x}: &{x} [" + ",".join(["*" + y] * 9) + "]" for x, y in zip("bcdefghi", "abcdefgh")]) + "\n"


def test_billion_laughs_is_refused_quickly(tmp_path):
    start = time.perf_counter()
    err = load_error(tmp_path, BOMB)
    assert time.perf_counter() - start < 2.0  # a guard rail against blow-ups (ms in practice)
    assert "billion laughs" in err.message


def test_quadratic_blowup_is_refused(tmp_path):
    big = ",".join(str(i) for i in range(5000))
    err = load_error(tmp_path, f"big: &big [{big}]\nrefs: [" + ",".join(["*big"] * 300) + "]\n")
    assert "expand" in err.message


def test_a_bomb_behind_many_plain_nodes_is_still_refused(tmp_path, monkeypatch):
    # Counting must not give up (and let the document through) when there are many nodes.
    monkeypatch.setattr(yamlio, "MAX_NODES", 2000)
    filler = "z: [" + ",".join(["1"] * 3000) + "]\n"
    with pytest.raises(LoadError):
        load_text(tmp_path, BOMB + "sections: *i\n" + filler)
    with pytest.raises(LoadError):
        load_text(tmp_path, filler + "y: *a\n" + BOMB.replace("a: &a", "q: &a"))


# --------------------------------------------------------------------------- scalars and tags

def test_timestamps_and_plain_scalars(tmp_path):
    doc = load_text(tmp_path, "d: 2026-03-01\nt: 2026-03-01T10:30:00Z\nn: ~\nb: off\nf: 1.5e+3\ng: 1.5e3\ns: '007'\n")
    assert doc.data["d"] == dt.date(2026, 3, 1)
    assert isinstance(doc.data["t"], dt.datetime) and doc.data["t"].hour == 10
    assert doc.data["n"] is None and doc.data["b"] is False
    assert doc.data["f"] == 1500.0 and doc.data["s"] == "007"
    assert doc.data["g"] == "1.5e3"  # YAML 1.1: no dot, no sign -> a string


def test_explicit_standard_tags_are_allowed(tmp_path):
    doc = load_text(tmp_path, "a: !!str 123\nb: !!int '5'\nc: !!float 2\nd: !!map {x: 1}\ne: !!seq [1]\n"
                              "f: !!bool yes\ng: !!null ''\nh: !!timestamp 2026-01-01\n")
    assert doc.data == {"a": "123", "b": 5, "c": 2.0, "d": {"x": 1}, "e": [1], "f": True, "g": None,
                        "h": dt.date(2026, 1, 1)}


@pytest.mark.parametrize("text, tag", [
    ("x: !!python/object/apply:os.system ['echo hi']\n", "!!python/object/apply:os.system"),
    ("x: !!python/name:os.system ''\n", "!!python/name:os.system"),
    ("x: !!python/tuple [1, 2]\n", "!!python/tuple"),
    ("x: !!binary aGVsbG8=\n", "!!binary"),
    ("x: !!set {a, b}\n", "!!set"),
    ("x: !!omap [{a: 1}]\n", "!!omap"),
    ("x: !!pairs [{a: 1}]\n", "!!pairs"),
    ("x: !include other.yaml\n", "!include"),
    ("x: !Ref {a: 1}\n", "!Ref"),
    ("x: !<tag:example.com,2000:app/foo> bar\n", "tag:example.com,2000:app/foo"),
])
def test_other_tags_are_refused(tmp_path, text, tag):
    err = load_error(tmp_path, text)
    assert (err.line, err.col) == (1, 4)
    assert f"tag '{tag}' is not allowed" in err.message


def test_a_refused_tag_is_never_constructed(tmp_path):
    marker = tmp_path / "pwned"
    load_error(tmp_path, f"x: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not marker.exists()


# --------------------------------------------------------------------------- bytes and text

def test_utf8_bom_is_accepted(tmp_path):
    doc = load_text(tmp_path, b"\xef\xbb\xbftitle: Caf\xc3\xa9\nx: 1\n")
    assert doc.data == {"title": "Café", "x": 1}
    assert doc.locate(("x",)) == (2, 4)


def test_crlf_line_endings(tmp_path):
    doc = load_text(tmp_path, b"a: 1\r\nb:\r\n  c: 2\r\n")
    assert doc.data == {"a": 1, "b": {"c": 2}}
    assert doc.locate(("b", "c")) == (3, 6)


@pytest.mark.parametrize("data, line, col", [
    (b"a: 1\nb: caf\xe9\n", 2, 7),
    (b"title: B\xe1\xbb\x99 \xff\n", 1, 11),         # columns count characters, not bytes
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, 1),
    (b"\xff\xfea\x00:\x00 \x001\x00", 1, 1),           # UTF-16
])
def test_not_utf8_is_refused_at_the_bad_byte(tmp_path, data, line, col):
    err = load_error(tmp_path, data)
    assert "not UTF-8" in err.message
    assert (err.line, err.col) == (line, col)


def test_nul_bytes_are_refused(tmp_path):
    err = load_error(tmp_path, b"a: 1\nb: x\x00y\n")
    assert "NUL" in err.message and "binary" in err.message
    assert (err.line, err.col) == (2, 5)


@pytest.mark.parametrize("text", ["", "\n\n", "   \n\t\n", "# just a comment\n", "---\n", "---\n...\n",
                                  "# a\n---\n# b\n"])
def test_empty_documents_are_refused(tmp_path, text):
    err = load_error(tmp_path, text)
    assert "empty file" in err.message
    assert (err.line, err.col) == (1, 1)


def test_explicit_null_document_is_not_empty_but_not_a_crash(tmp_path):
    doc = load_text(tmp_path, "null\n")
    assert doc.data is None


def test_several_documents_are_refused(tmp_path):
    err = load_error(tmp_path, "a: 1\n---\nb: 2\n")
    assert "YAML syntax error" in err.message and err.line == 2


@pytest.mark.parametrize("text, line", [
    ("a: [1, 2\nb: 3\n", 2),
    ("a: 1\n b: 2\n", 2),
    ("a: 'open\n", 2),
    ("a: *nowhere\n", 1),
    ("a:\n\t- 1\n", 2),
])
def test_syntax_errors_have_a_position(tmp_path, text, line):
    err = load_error(tmp_path, text)
    assert err.message.startswith("YAML syntax error")
    assert err.line == line


# --------------------------------------------------------------------------- limits

@pytest.mark.parametrize("text", [
    "x: " + "[" * 100_000,
    "x: " + "{a: " * 20_000,
    "- " * 5000 + "x\n",
    "".join(" " * i + f"k{i}:\n" for i in range(700)) + " " * 700 + "v\n",  # block nesting by indentation
    "".join(" " * i + "-\n" for i in range(700)) + " " * 700 + "v\n",
], ids=["flow-seq", "flow-map", "dash-run", "block-map", "block-seq"])
def test_deep_nesting_is_refused_quickly(tmp_path, text):
    start = time.perf_counter()
    err = load_error(tmp_path, text)
    assert time.perf_counter() - start < 2.0  # a guard rail against blow-ups (ms in practice)
    assert "nesting is too deep" in err.message


def test_moderate_nesting_is_fine(tmp_path):
    doc = load_text(tmp_path, "x: " + "[" * 100 + "]" * 100 + "\n")
    depth, v = 0, doc.data["x"]
    while v:
        v, depth = v[0], depth + 1
    assert depth == 99


def test_size_limit(tmp_path, monkeypatch):
    text = "a: " + "x" * 200 + "\n"
    err = load_error(tmp_path, text, max_bytes=100)
    assert "over the limit of 100 bytes" in err.message and (err.line, err.col) == (1, 1)
    assert load_text(tmp_path, text, max_bytes=1000).data == {"a": "x" * 200}
    monkeypatch.setenv("LEDCHECK_MAX_BYTES", "50")
    with pytest.raises(LoadError):
        load_text(tmp_path, text)


def test_missing_file_and_folder_are_input_errors(tmp_path):
    with pytest.raises(InputError) as info:
        yamlio.load(tmp_path / "missing.yaml")
    assert isinstance(info.value, InputError) and "no such file" in info.value.message
    with pytest.raises(InputError) as info:
        yamlio.load(tmp_path)
    assert isinstance(info.value, InputError)


def test_every_refusal_is_a_ledcheck_error(tmp_path):
    for text in (b"\x00", b"a: [", BOMB.encode(), b"x: !!binary aGk=", b"", b"\xff"):
        with pytest.raises(LedcheckError):
            load_text(tmp_path, text)


# --------------------------------------------------------------------------- atomic writing

def test_atomic_open_replaces_the_file(tmp_path):
    target = tmp_path / "out.yaml"
    target.write_text("old\n")
    with yamlio.atomic_open(target, "w") as fh:
        fh.write("new\n")
    assert target.read_text() == "new\n"
    assert sorted(os.listdir(tmp_path)) == ["out.yaml"]


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyboardInterrupt()])
def test_atomic_open_keeps_the_old_file_when_writing_fails(tmp_path, exc):
    target = tmp_path / "out.yaml"
    target.write_text("old contents\n")
    with pytest.raises(type(exc)):
        with yamlio.atomic_open(target, "w") as fh:
            fh.write("half of the new")
            fh.flush()
            # the partial data is in a temporary file in the same folder, not in the target
            assert target.read_text() == "old contents\n"
            assert len(os.listdir(tmp_path)) == 2
            raise exc
    assert target.read_text() == "old contents\n"
    assert os.listdir(tmp_path) == ["out.yaml"]


def test_atomic_open_failure_leaves_no_file_when_there_was_none(tmp_path):
    target = tmp_path / "new.yaml"
    with pytest.raises(ValueError):
        with yamlio.atomic_open(target) as fh:
            fh.write(b"partial")
            raise ValueError
    assert os.listdir(tmp_path) == []


def test_atomic_open_keeps_the_mode_of_the_old_file(tmp_path):
    target = tmp_path / "out.yaml"
    target.write_text("old")
    os.chmod(target, 0o640)
    yamlio.write_atomic(target, "new")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert target.read_text() == "new"


def test_write_atomic_new_file_bytes_and_text(tmp_path):
    yamlio.write_atomic(tmp_path / "a.bin", b"\x00\x01")
    yamlio.write_atomic(tmp_path / "b.txt", "Đà Nẵng\n")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "Đà Nẵng\n"
    assert sorted(os.listdir(tmp_path)) == ["a.bin", "b.txt"]
    mode = stat.S_IMODE(os.stat(tmp_path / "b.txt").st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_atomic_open_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    yamlio.write_atomic("here.yaml", "a: 1\n")
    assert (tmp_path / "here.yaml").read_text() == "a: 1\n"


# --------------------------------------------------------------------------- fast constructor

from hypothesis import given, settings, strategies as st  # noqa: E402

_scalars = st.one_of(
    st.integers(-10**12, 10**12), st.floats(allow_nan=False), st.booleans(), st.none(),
    st.text(max_size=12), st.dates(),
    st.sampled_from(["0x1F", "017", "0o17", "1_000", "1:30", "+5", "-0", "1e3", ".inf", "~", "Yes",
                     "off", "2026-03-01", "2026-03-01T10:00:00Z", "00", "007", "0", "-12"]),
)
_docs = st.recursive(_scalars, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                      st.dictionaries(st.text(max_size=6), kids, max_size=4)),
                     max_leaves=25)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _docs, min_size=1, max_size=5), st.booleans())
def test_fast_constructor_builds_what_pyyaml_builds(doc, flow):
    """Whatever the data, the fast path gives exactly what yaml.load(CSafeLoader) gives."""
    import yaml as _yaml
    text = _yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True)
    # also as unquoted plain scalars, to reach the implicit resolver with odd spellings
    plain = "\n".join(f"k{i}: {v}" for i, v in enumerate(["0x1F", "017", "1_000", "1:30", "+5", "Yes", "~",
                                                         "2026-03-01", "1e3", ".inf", "00", "-12"]))
    for t in (text, plain):
        expected = _yaml.load(t, Loader=getattr(_yaml, "CSafeLoader", _yaml.SafeLoader))
        assert yamlio.parse_text(t)[1] == expected


@pytest.mark.parametrize("text", [
    "a: 1\nb: x\x1by\n",                       # the reader refuses a control character
    "# deep\n" + "- " * 30 + "\x1b",          # ... also inside the nesting pre-check (atheris)
])
def test_control_characters_are_a_located_error(text):
    """Found by fuzz/fuzz_ledcheck.py: a ReaderError has no mark and escaped as a traceback."""
    with pytest.raises(LoadError) as info:
        yamlio.parse_text(text, "c.yaml")
    assert "#x001b is not allowed" in info.value.message
    assert info.value.line == text.count("\n", 0, text.index("\x1b")) + 1


# --------------------------------------------------------------------------- issue 9: right place, right words

def test_keys_read_as_null_float_or_hex_are_located_on_their_own_line(tmp_path):
    doc = load_text(tmp_path, "answers:\n  S1: 1\n  ~: 2\n  1.5: 3\n  0x1F: 4\n")
    assert doc.data["answers"] == {"S1": 1, None: 2, 1.5: 3, 31: 4}
    assert doc.locate(("answers", 1.5)) == (4, 8)
    assert doc.locate(("answers", 31)) == (5, 9)
    assert doc.locate(("answers", None)) == (3, 6)
    assert doc.locate_key(("answers", 31)) == (5, 3)
    assert doc.locate(("answers", True)) == (2, 3)      # no such key: its nearest parent


def test_an_aliased_value_is_located_at_the_alias_not_the_anchor(tmp_path):
    text = "base: &b {value: 3, note: x}\nanswers:\n  S1: *b\n  S2: [1, *b]\n"
    doc = load_text(tmp_path, text)
    assert doc.locate(("answers", "S1")) == (3, 7)
    assert doc.locate(("answers", "S2", 1)) == (4, 11)
    assert doc.locate(("answers", "S1", "value")) == (1, 18)   # inside it: where the text is
    assert doc.locate(("base",)) == (1, 7)


def test_the_located_tree_puts_aliased_values_at_the_alias(tmp_path):
    f = tmp_path / "doc.yaml"
    f.write_text("w: &w -1\nsections:\n  - {id: s, weight: *w}\n  - &t {id: t}\nmore: [*t, *w]\n", encoding="utf-8")
    doc = yamlio.load(f, build=yamlio.build_located)
    secs = doc.data["sections"]
    assert yamlio.value_pos(secs[0], "weight") == (3, 21)
    assert yamlio.value_pos(doc.data["more"], 1) == (5, 12)
    assert yamlio.value_pos(doc.data["more"], 0) == (5, 8)
    assert yamlio.value_pos(doc.data, "w") == (1, 4)


def test_the_checklist_reports_an_aliased_bad_weight_at_the_alias(tmp_path):
    from ledcheck.checklist import check_file
    f = tmp_path / "c.yaml"
    f.write_text("ledcheck: 1\nid: d\ntitle: T\nx: &neg -1\nsections:\n"
                 "  - {id: s, title: S, weight: *neg, indicators: [{id: A, text: a, type: yesno}]}\n",
                 encoding="utf-8")
    _, problems = check_file(f)
    weight = [p for p in problems if p.rule == "weight"]
    assert [(p.line, p.col) for p in weight] == [(6, 31)]   # at *neg, not at &neg on line 4


def test_a_self_referencing_alias_is_named_as_such(tmp_path):
    err = load_error(tmp_path, "a: &x [1, *x]\n")
    assert "refers to the collection that contains it" in err.message and "1,000,000" not in err.message
    assert err.rule == "alias-bomb" and (err.line, err.col) == (1, 4)
    err = load_error(tmp_path, "a: &x {b: {c: *x}}\n")
    assert "recursive alias" in err.message


def test_shared_but_not_recursive_aliases_are_fine(tmp_path):
    doc = load_text(tmp_path, "a: &x [1]\nb: [*x, *x, {c: *x}]\n")
    assert doc.data == {"a": [1], "b": [[1], [1], {"c": [1]}]}


@pytest.mark.parametrize("text,rule", [
    ("a: !!python/object:os.system x\n", "tag"),
    ("a: !custom x\n", "tag"),
    ("a: 1\na: 2\n", "duplicate-key"),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
     "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n", "alias-bomb"),
    ("a: [1\n", "yaml"),
])
def test_yaml_level_refusals_name_their_rule(tmp_path, text, rule):
    from ledcheck import rules
    err = load_error(tmp_path, text)
    assert err.rule == rule and rule in rules.RULES
    assert err.as_problem().rule == rule


def test_a_long_key_is_not_echoed_whole(tmp_path):
    err = load_error(tmp_path, "k" * 300 + ": 1\n" + "k" * 300 + ": 2\n")
    assert len(err.message) < 200 and "…" in err.message


# --------------------------------------------------------------------------- issue 9: no false "too deep"

def test_brackets_in_plain_texts_do_not_count_as_nesting(tmp_path):
    items = "".join(f"  - id: I{i}\n    text: Share in the range [0, 100) of firms {{see note\n" for i in range(600))
    doc = load_text(tmp_path, "items:\n" + items)
    assert len(doc.data["items"]) == 600


def test_brackets_in_block_texts_do_not_count_as_nesting(tmp_path):
    doc = load_text(tmp_path, "a: |\n" + "  [[[[[[[[[[ {{{{{{{{{{\n" * 60 + "b: [[1]]\n")
    assert doc.data["b"] == [[1]] and doc.data["a"].count("[") == 600


def test_real_flow_nesting_is_still_refused_at_its_position(tmp_path):
    err = load_error(tmp_path, "x: " + "[" * 700 + "]" * 700 + "\n")
    assert "nesting is too deep" in err.message and err.line == 1
    err = load_error(tmp_path, "x: " + "{a: " * 700 + "1" + "}" * 700 + "\n")
    assert "nesting is too deep" in err.message


# --------------------------------------------------------------------------- issue 9: YAML 1.1 number forms

def test_yaml_1_1_number_forms_are_located_warnings(tmp_path):
    doc = load_text(tmp_path, "answers:\n  S1: 010\n  S2: 0x1F\n  S3: 1:30\n  S4: 0b101\n  S5: '010'\n"
                              "  S6: 10\n  S7: 0.5\n  S8: 0\n  S9: -012\n  T: 10:30 is a text\n")
    assert doc.data["answers"]["S1"] == 8 and doc.data["answers"]["S3"] == 90
    found = [(w.line, w.col, w.path, w.severity, w.rule) for w in doc.warnings]
    assert found == [(2, 7, "answers.S1", "warning", "yaml-number"), (3, 7, "answers.S2", "warning", "yaml-number"),
                     (4, 7, "answers.S3", "warning", "yaml-number"), (5, 7, "answers.S4", "warning", "yaml-number"),
                     (10, 7, "answers.S9", "warning", "yaml-number")]
    assert doc.warnings[0].message == ("'010' is read as 8: YAML 1.1 takes it for an octal number; quote it "
                                       "(\"010\") or write it in decimal")
    assert "read as 90" in doc.warnings[2].message and "read as -10" in doc.warnings[4].message


def test_number_forms_in_keys_and_lists_are_warned_too(tmp_path):
    doc = load_text(tmp_path, "a: [1, 07, 2]\n0x10: b\n")
    assert [(w.line, w.col, w.path) for w in doc.warnings] == [(1, 8, "a[1]"), (2, 1, "")]


def test_documents_without_such_numbers_have_no_warnings(tmp_path):
    assert load_text(tmp_path, "a: 1\nb: [0, 10, 1.5, 2026-03-01]\nc: 'x: 0x1'\n").warnings == []


# --------------------------------------------------------------------------- issue 10: plain-language hints

@pytest.mark.parametrize("text,line,hint,context", [
    ("ledcheck: 1\nid:demo\ntitle: x\n", 3, "Put a space after the colon on line 2: write 'id: demo'.",
     "    2 | id:demo\n      |   ^"),
    ("ledcheck: 1\nsections:\n  - id:s\n    title: x\n", 4, "Put a space after the colon on line 3: write 'id: s'.",
     "    3 |   - id:s\n      |       ^"),
    ("ledcheck: 1\nsections:\n\t- id: s\n", 3, "YAML indents with spaces, not tabs: replace the tab on line 3 "
     "with spaces.", "    3 | →- id: s\n      | ^"),
    ('a: 1\nb: "unclosed\nc: 3\n', 4, "The quote opened on line 2 is never closed: add the closing \" at the end "
     "of the text.", '    2 | b: "unclosed\n      |    ^'),
    ("a: [1, 2\nb: 3\n", 2, "The '[' opened on line 1 is not closed: add ']' where it ends, or put the text in "
     "quotes if the brackets are part of it.", "    1 | a: [1, 2\n      |    ^"),
    ("items:\n  - a: 1\n  - b: 2\n   - c: 3\n", 4, "This line is not lined up with the lines before it: the items "
     "('- ') of one list, and the keys of one mapping, start in the same column (column 3 on line 2).",
     "    4 |    - c: 3\n      |    ^"),
    ("a:\n  b: 1\n   c: 2\n", 3, "Line 3 is indented further than line 2 above it: keys of one mapping start in "
     "the same column (column 3).", "    3 |    c: 2\n      |    ^"),
    ("title: Note: this is\n", 1, "A text that contains ': ' must be in quotes: write 'title: \"Note: this is\"'.",
     "    1 | title: Note: this is\n      |            ^"),
])
def test_common_mistakes_get_a_plain_hint_and_the_line_with_a_caret(tmp_path, text, line, hint, context):
    err = load_error(tmp_path, text)
    assert err.line == line
    assert err.hint == hint
    assert err.message.startswith("YAML syntax error: ") and err.message.endswith(hint)
    assert err.context == context


def test_other_syntax_errors_keep_the_parsers_words_and_get_a_context(tmp_path):
    err = load_error(tmp_path, "a: 1\n--- b\n")
    assert err.hint is None and err.context is not None and "^" in err.context


def test_context_of_a_long_line_is_cut_around_the_column():
    text = "x" * 500 + ": y: z\n"
    ctx = yamlio.context_lines(text, 1, 504)
    src, caret = ctx.split("\n")
    assert len(src) <= yamlio.CONTEXT_WIDTH + 2 + 8 and src[caret.index("^")] == ":"
    assert src.startswith("    1 | …") and caret.startswith("      | ")


def test_duplicate_keys_and_tags_come_with_their_line_too(tmp_path):
    err = load_error(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert err.context == "    3 | a: 3\n      | ^"
    err = load_error(tmp_path, "a: !!binary aGVsbG8=\n")
    assert err.context == "    1 | a: !!binary aGVsbG8=\n      |    ^"


def test_hints_in_vietnamese():
    import yaml as pyyaml
    with pytest.raises(pyyaml.MarkedYAMLError) as info:
        pyyaml.safe_load("a:\n\tb: 1\n")
    assert "dấu cách" in yamlio.syntax_hint(info.value, ["a:", "\tb: 1"], "vi")


def test_a_complex_key_is_refused_by_the_checklist_check_as_by_the_loader(tmp_path):
    """Found by hypothesis (``? a:``): the located tree must refuse an unhashable key exactly as
    PyYAML's constructor does, not turn it into the text "{'a': None}" and report 'required'."""
    from ledcheck.checklist import check_file
    path = tmp_path / "complex-key.yaml"
    path.write_text("? a:\n", encoding="utf-8")
    with pytest.raises(LoadError) as loaded:
        yamlio.load(path)
    try:
        checklist, problems = check_file(path)
    except LoadError as exc:
        problems = [exc.as_problem()]
        checklist = None
    assert checklist is None
    assert problems[0].rule == loaded.value.rule == "yaml"
    assert "unhashable key" in problems[0].message and (problems[0].line, problems[0].col) == (1, 3)
