"""book/*.md (편집하는 파일)에서 짝 book/*.ipynb (기준 출력)를 다시 만든다.

    python tools/execute_notebooks.py            # 모든 장
    python tools/execute_notebooks.py book/perceptron.md

셀마다 실행 시각 같은 시끄러운 메타데이터는 남기지 않아, 출력의 diff만 보인다.
nbval은 이렇게 만든 .ipynb의 출력을 다시 실행한 결과와 비교한다.
"""
import argparse
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
KEEP_CELL_METADATA = {"tags"}


def merge_streams(outputs):
    """이어진 같은 이름의 stream 출력을 하나로 합친다. 커널이 언제 버퍼를 비웠는지에 따라
    출력이 여러 조각으로 나뉘어 diff가 흔들리는 것을 막는다."""
    merged = []
    for out in outputs:
        if merged and out.output_type == "stream" and merged[-1].output_type == "stream" and merged[-1].name == out.name:
            merged[-1].text += out.text
        else:
            merged.append(out)
    return merged


def execute(md_path: Path) -> Path:
    nb = jupytext.read(md_path)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(md_path.parent)}},
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA}
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
        cell.pop("id", None)
    nb.metadata.pop("language_info", None)
    nb.nbformat, nb.nbformat_minor = 4, 4
    nbformat.validate(nb)
    out = md_path.with_suffix(".ipynb")
    jupytext.write(nb, out, fmt="ipynb")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="다시 실행할 book/*.md (없으면 전부)")
    args = parser.parse_args(argv)
    # jupytext 머리말이 있는 .md만 노트북이다 (용어집 같은 글 쪽은 실행하지 않는다)
    files = args.files or sorted(p for p in (ROOT / "book").glob("*.md")
                                 if p.read_text(encoding="utf-8").startswith("---\njupytext:"))
    for md in files:
        out = execute(md.resolve())
        print(f"{md} → {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
