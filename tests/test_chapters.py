"""장의 짜임새: 모든 장이 같은 순서의 절을 갖고, 연습 문제마다 접힌 풀이가 있으며, 코드 풀이는 assert로 스스로를 검사한다."""
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ANATOMY = ["학습 목표", "개념과 수식", "NumPy 구현", "PyTorch 구현", "두 구현 비교", "연습 문제", "정리"]
COURSE_MAP = "book/intro"  # 강좌 안내는 장이 아니라 지도: 학습 목표, 연습 문제, 정리만 요구한다


def notebook_docs():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [d for d in docs if (ROOT / f"{d}.md").read_text(encoding="utf-8").startswith("---\njupytext:")]


DOCS = notebook_docs()


def headings(text):
    return re.findall(r"^## (.+)$", re.sub(r"```.*?```", "", text, flags=re.S), re.M)


@pytest.mark.parametrize("doc", DOCS)
def test_anatomy_in_order(doc):
    text = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    required = ["학습 목표", "연습 문제", "정리"] if doc == COURSE_MAP else ANATOMY
    found = [h for h in headings(text) if h in required]
    assert found == required, f"{doc}: 절 순서 {found} (필요: {required})"
    assert headings(text)[-1] == "정리", f"{doc}: 마지막 절은 정리여야 합니다"


@pytest.mark.parametrize("doc", DOCS)
def test_exercises_have_hidden_checked_solutions(doc):
    text = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    labels = re.findall(r"```\{exercise\}[^\n]*\n:label: (\S+)", text)
    assert 2 <= len(labels) <= 4, f"{doc}: 연습 문제 {len(labels)}개 (2~4개여야 합니다)"
    for label in labels:
        m = re.search(rf"```\{{solution-start\}} {re.escape(label)}\n:class: dropdown\n```(.*?)```\{{solution-end\}}", text, re.S)
        assert m, f"{doc}: {label}의 접힌 풀이(solution-start … solution-end)가 없습니다"
        assert text.index(m.group(0)) > text.index(f":label: {label}"), f"{doc}: {label}의 풀이가 문제보다 앞에 있습니다"
        for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", m.group(1), re.S):
            assert "assert " in cell, f"{doc}: {label}의 코드 풀이에 assert가 없습니다"


LITERALINCLUDE = re.compile(r"```\{literalinclude\} /(\S+)\n:pyobject: (\S+)\n")


def _defines(path, dotted):
    """``path`` 의 파이썬 소스에 ``Class.method`` 같은 이름이 정의되어 있는가 (ast로 찾는다)."""
    import ast

    body = ast.parse((ROOT / path).read_text(encoding="utf-8")).body
    for part in dotted.split("."):
        found = [n for n in body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == part]
        if not found:
            return False
        body = found[0].body
    return True


@pytest.mark.parametrize("doc", DOCS)
def test_shown_source_is_the_package_source(doc):
    """장에 보이는 코드는 책을 만들 때 패키지 소스에서 literalinclude로 가져온다 (손으로 옮긴 사본 없음).
    가리키는 파일과 이름이 실제로 있어야 한다 (엄격한 빌드도 실패하지만, 여기서 빠르게 알린다)."""
    text = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    assert "show_source" not in text, f"{doc}: 소스는 노트북 출력이 아니라 literalinclude로 보여 줍니다"
    for path, obj in LITERALINCLUDE.findall(text):
        assert path.startswith("dlcourse/") and (ROOT / path).is_file(), f"{doc}: {path}가 없습니다"
        assert _defines(path, obj), f"{doc}: {path}에 {obj}가 없습니다"
