"""nbval이 헛돌지 않게 지키는 검사.

nbval은 저장된 출력이 없는 셀을 비교 없이 통과시킨다. 그래서 (1) _toc.yml의 모든 장에 .md와 실행된
.ipynb 짝이 있는지, (2) 두 파일의 셀 소스가 같은지, (3) 모든 코드 셀에 실행 번호가 있는지 확인한다.
다시 만들기: python tools/execute_notebooks.py
"""
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIX = "python tools/execute_notebooks.py 로 다시 만드세요"


def toc_documents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]
    stack = list(toc.get("parts", [])) + list(toc.get("chapters", []))
    while stack:
        entry = stack.pop(0)
        if "file" in entry:
            docs.append(entry["file"])
        stack.extend(entry.get("chapters", []) + entry.get("sections", []))
    return docs


DOCS = toc_documents()


def is_notebook(doc):
    """jupytext 머리말(kernelspec)이 있는 .md만 노트북이다. 용어집 같은 글 쪽은 짝이 없다."""
    text = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    return text.startswith("---\njupytext:")


NOTEBOOKS = [d for d in DOCS if is_notebook(d)]


def test_plain_pages_have_no_code_cells():
    for doc in set(DOCS) - set(NOTEBOOKS):
        assert "{code-cell}" not in (ROOT / f"{doc}.md").read_text(encoding="utf-8"), f"{doc}: 코드 셀이 있으면 노트북이어야 합니다"


def test_toc_lists_every_chapter_in_book():
    on_disk = {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "book").glob("*.md")}
    assert on_disk == set(DOCS), f"_toc.yml과 book/*.md가 다릅니다: {sorted(on_disk ^ set(DOCS))}"


@pytest.mark.parametrize("doc", NOTEBOOKS)
def test_pair_exists_and_agrees(doc):
    md, ipynb = ROOT / f"{doc}.md", ROOT / f"{doc}.ipynb"
    assert md.exists(), f"{md.name}이(가) 없습니다"
    assert ipynb.exists(), f"{ipynb.name}이(가) 없습니다: {FIX}"
    text = jupytext.read(md)
    executed = nbformat.read(ipynb, as_version=4)
    src_md = [(c.cell_type, c.source.strip()) for c in text.cells]
    src_nb = [(c.cell_type, c.source.strip()) for c in executed.cells]
    assert len(src_md) == len(src_nb), f"{doc}: 셀 수가 다릅니다 ({len(src_md)} vs {len(src_nb)}): {FIX}"
    for i, (a, b) in enumerate(zip(src_md, src_nb)):
        assert a == b, f"{doc}: {i}번째 셀이 .md와 .ipynb에서 다릅니다: {FIX}"


@pytest.mark.parametrize("doc", NOTEBOOKS)
def test_every_code_cell_was_executed(doc):
    executed = nbformat.read(ROOT / f"{doc}.ipynb", as_version=4)
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert code, f"{doc}: 코드 셀이 없습니다"
    missing = [i for i, c in enumerate(code) if c.get("execution_count") is None]
    assert not missing, f"{doc}: 실행 번호가 없는 코드 셀 {missing}: {FIX}"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{doc}: 위에서부터 한 번에 실행되지 않았습니다 {counts}: {FIX}"


@pytest.mark.parametrize("doc", NOTEBOOKS)
def test_no_noisy_metadata(doc):
    executed = nbformat.read(ROOT / f"{doc}.ipynb", as_version=4)
    for c in executed.cells:
        extra = set(c.metadata) - {"tags"}
        assert not extra, f"{doc}: 셀 메타데이터에 {sorted(extra)}이(가) 있습니다: {FIX}"
