"""용어집과 장들의 용어가 어긋나지 않게 지킨다.

- 장에서 용어를 ``한국어(English)`` 꼴로 처음 소개하면, 그 영어에 해당하는 용어가 용어집에 있어야 하고
  괄호 바로 앞의 한국어 낱말이 그 용어(의 끝부분)와 같아야 한다. ``**용어**(English)`` 처럼 굵게 쓰면 용어 그대로 있어야 한다.
- 용어집이 버린 표기(변화도·그래디언트, 에폭, 계층)는 장에도, 노트북이 보여 주는 dlcourse 소스에도 쓰지 않는다.
"""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "book" / "glossary.md"
CHAPTERS = sorted(p for p in (ROOT / "book").glob("*.md") if p != GLOSSARY)
REJECTED = {"변화도": "기울기", "그래디언트": "기울기", "그라디언트": "기울기", "에폭": "에포크", "계층": "층",
            "과대적합": "과적합", "마디": "노드", "부류": "클래스"}
# 괄호 속 영어가 용어가 아니라 사람 이름인 경우
PROPER_NAMES = {"Frank Rosenblatt", "Glorot"}

INTRO_RE = re.compile(r"(?:\*\*(?P<bold>[^*\n]+)\*\*|(?P<word>[가-힣][가-힣\-]*))\((?P<en>[A-Za-z][^)\n]*)\)")


def glossary_entries():
    """{한국어 용어: {영어 표기들}} — 용어집의 ``{glossary}`` 블록에서 읽는다."""
    text = GLOSSARY.read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(.*?)```", text, re.S).group(1)
    entries = {}
    for term, english in re.findall(r"^(\S[^\n]*)\n  \*([^*]+)\*", block, re.M):
        entries[term.strip()] = {e.strip().lower() for e in english.split(",")}
    return entries


ENTRIES = glossary_entries()


def prose(path):
    """코드 셀과 수식을 뺀 본문."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.S)
    return re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", "", text, flags=re.S)


def test_glossary_is_well_formed():
    assert len(ENTRIES) >= 80, len(ENTRIES)
    text = GLOSSARY.read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(.*?)```", text, re.S).group(1)
    defs = re.findall(r"^  \*[^*]+\* — (.+)$", block, re.M)
    assert len(defs) == len(ENTRIES)
    for d in defs:
        assert re.search(r"\(\[[^\]]+\]\(\w+\.md\)\)$", d), f"처음 나오는 장의 링크가 없습니다: {d}"
    terms = list(ENTRIES)
    assert terms == sorted(terms), "용어는 가나다순이어야 합니다"


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_introduced_terms_are_in_glossary(path):
    problems = []
    for m in INTRO_RE.finditer(prose(path)):
        english = m.group("en").split(",")[0].strip()
        if english in PROPER_NAMES:
            continue
        if m.group("bold"):
            term = m.group("bold").strip()
            if term not in ENTRIES:
                problems.append(f"굵게 소개한 용어 {term!r}({english})가 용어집에 없습니다")
            continue
        word = m.group("word")
        matches = [t for t, ens in ENTRIES.items() if english.lower() in ens]
        if not matches:
            problems.append(f"{word}({english}): 영어 {english!r}인 용어가 용어집에 없습니다")
        elif not any(t.replace(" ", "").endswith(word) or t.endswith(word) for t in matches):
            problems.append(f"{word}({english}): 용어집의 표기는 {matches}입니다")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CHAPTERS + sorted((ROOT / "dlcourse").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_rejected_variants(path):
    text = path.read_text(encoding="utf-8")
    found = {bad: good for bad, good in REJECTED.items() if bad in text}
    assert not found, f"{path.name}: 용어집이 버린 표기 " + ", ".join(f"{b} → {g}" for b, g in found.items())


def test_checker_catches_violations(tmp_path):
    """검사 자체가 실제로 잡아내는지: 없는 용어, 다른 표기, 굵은 미등록 용어."""
    bad = tmp_path / "bad.md"
    bad.write_text("새 개념 플럭스(flux)와 기울기값(gradient), **변환층**(transform layer).", encoding="utf-8")
    with pytest.raises(AssertionError) as err:
        test_introduced_terms_are_in_glossary(bad)
    message = str(err.value)
    assert "flux" in message and "기울기값" in message and "변환층" in message
