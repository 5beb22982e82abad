"""book/*.md (편집하는 파일)에서 짝 book/*.ipynb (기준 출력)를 다시 만든다.

    python tools/execute_notebooks.py            # 모든 장
    python tools/execute_notebooks.py book/perceptron.md

셀마다 실행 시각 같은 시끄러운 메타데이터는 남기지 않아, 출력의 diff만 보인다.
nbval은 이렇게 만든 .ipynb의 출력을 다시 실행한 결과와 비교한다.

커널은 이 스크립트를 돌리는 파이썬(sys.executable)으로 띄운다. 검사(pytest --nbval-current-env)와 같은
인터프리터이고, 어디엔가 등록된 "python3" 커널 사양(다른 가상 환경일 수 있다)은 쓰지 않는다.
"""
import argparse
import sys
import time
from pathlib import Path

import ipykernel.kernelspec
import jupytext
import nbformat
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
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


class CurrentPythonKernelSpecManager(KernelSpecManager):
    """어떤 커널 이름을 물어도 지금 이 파이썬의 ipykernel 사양을 돌려준다
    (argv: [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"])."""

    def get_kernel_spec(self, kernel_name):
        return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                      **ipykernel.kernelspec.get_kernel_dict())


def kernel_manager() -> KernelManager:
    km = KernelManager(kernel_name="python3", kernel_spec_manager=CurrentPythonKernelSpecManager())
    argv = km.kernel_spec.argv
    if argv[0] != sys.executable:  # 조용히 다른 인터프리터로 실행하지 않는다
        raise RuntimeError(f"커널이 {argv[0]}로 뜹니다. {sys.executable}이어야 합니다.")
    return km


def execute(md_path: Path) -> Path:
    nb = jupytext.read(md_path)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    client = NotebookClient(
        nb, km=kernel_manager(), timeout=600, record_timing=False,
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
        start = time.perf_counter()
        out = execute(md.resolve())
        print(f"{md} → {out.relative_to(ROOT)}  ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    sys.exit(main())
