"""tools/execute_notebooks.py: 검사와 같은 인터프리터로 실행하고, 시끄러운 메타데이터 없이 .ipynb를 쓰는지.

책의 장이 아니라 임시 폴더의 작은 MyST 노트북(.md)을 실행한다. "python3"이라는 이름으로 등록된 커널 사양은
일부러 가짜(/bin/false)로 가려 둔다: 도구가 그 사양을 쓰면 커널이 뜨지 않아 실패한다.
"""
import importlib.util
import json
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent

NOTEBOOK = """\
---
jupytext:
  formats: ipynb,md:myst
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

# 임시 노트북

```{code-cell} ipython3
import sys
print(sys.executable)
```

```{code-cell} ipython3
:tags: [remove-stderr]

print("하나", flush=True)
print("둘")
```
"""


def load_tool():
    spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_executes_with_this_interpreter_and_writes_clean_notebook(tmp_path, monkeypatch):
    # 가짜 "python3" 커널 사양: JUPYTER_PATH가 다른 모든 곳보다 먼저 읽힌다
    decoy = tmp_path / "jupyter" / "kernels" / "python3"
    decoy.mkdir(parents=True)
    (decoy / "kernel.json").write_text(json.dumps(
        {"argv": ["/bin/false", "{connection_file}"], "display_name": "가짜", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    from jupyter_client.kernelspec import KernelSpecManager

    assert KernelSpecManager().get_kernel_spec("python3").argv[0] == "/bin/false", "가짜 사양이 보여야 검사가 뜻이 있다"

    md = tmp_path / "scratch.md"
    md.write_text(NOTEBOOK, encoding="utf-8")
    out = load_tool().execute(md)

    assert out == md.with_suffix(".ipynb")
    raw = json.loads(out.read_text(encoding="utf-8"))
    nb = nbformat.reads(json.dumps(raw), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2]
    assert code[0].outputs[0].text.strip() == sys.executable
    # 이어진 stream 조각은 하나로 합친다
    assert [(o.output_type, o.name, o.text) for o in code[1].outputs] == [("stream", "stdout", "하나\n둘\n")]

    # 시끄러운 메타데이터가 없다: 셀은 tags만, 셀 id·실행 시각·language_info 없음
    assert (raw["nbformat"], raw["nbformat_minor"]) == (4, 4)
    assert set(raw["metadata"]) <= {"jupytext", "kernelspec"}, raw["metadata"]
    assert raw["metadata"]["kernelspec"]["name"] == "python3"
    for cell in raw["cells"]:
        assert "id" not in cell
        assert set(cell["metadata"]) <= {"tags"}, cell["metadata"]
    assert code[1].metadata == {"tags": ["remove-stderr"]}
