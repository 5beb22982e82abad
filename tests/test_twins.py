"""scratch의 공개 이름마다 torch_impl에 같은 시그니처의 쌍둥이가 있어야 한다 (그 반대도).

쌍둥이는 서로 기대지 않는다: torch_impl은 scratch를, scratch는 torch_impl도 torch도 import하지 않는다.
백엔드와 무관한 것(반복문, 조기 종료, 초기화 계산 …)은 둘 중 어디에도 아닌 중립 모듈(dlcourse._*.py)에 한 번만 있고,
두 백엔드가 같은 객체를 다시 내보낸다. 그런 이름은 SHARED에 적고, 나머지는 진짜 쌍둥이(서로 다른 객체)여야 한다.
"""
import ast
import inspect
import types
from pathlib import Path

import pytest
import torch

import dlcourse.scratch as S
import dlcourse.torch_impl as T


def public_pairs(s_mod=S, t_mod=T, prefix=""):
    """(이름, scratch 객체, torch 객체) — 하위 모듈(init 등)은 그 안의 __all__까지 내려간다."""
    for name in s_mod.__all__:
        s, t = getattr(s_mod, name), getattr(t_mod, name, None)
        if name in SELF_TWINNED:
            yield prefix + name, s, t
        elif isinstance(s, types.ModuleType) and isinstance(t, types.ModuleType):
            yield from public_pairs(s, t, f"{prefix}{name}.")
        else:
            yield prefix + name, s, t


# 직접 만든 자동 미분 엔진(scratch.autograd)의 쌍둥이는 따로 쓰지 않는다: torch.autograd 그 자체다.
# 엔진의 각 연산은 tests/test_autograd.py에서 torch.autograd와 비교한다.
SELF_TWINNED = {"autograd"}

PAIRS = [p for p in public_pairs() if p[0] not in SELF_TWINNED]

# 백엔드와 무관해 한 번만 쓰고 두 백엔드가 함께 내보내는 이름 (중립 모듈 dlcourse._* 에 정의된다)
SHARED = {"train_perceptron", "EarlyStopping", "init.calculate_gain",
          # 학습률 스케줄러는 모듈째 함께 쓴다 (S.lr_scheduler is T.lr_scheduler): 그 안의 이름마다 같은 객체
          "lr_scheduler.LRScheduler", "lr_scheduler.StepLR", "lr_scheduler.CosineAnnealingLR"}
TWINS = [p for p in PAIRS if p[0] not in SHARED]
ROOT = Path(S.__file__).resolve().parent.parent.parent  # dlcourse가 들어 있는 폴더


def _defined_in(obj):
    return getattr(obj, "__module__", "")


@pytest.mark.parametrize("name,s,t", [p for p in PAIRS if p[0] in SHARED], ids=[p[0] for p in PAIRS if p[0] in SHARED])
def test_shared_names_live_once_in_a_neutral_module(name, s, t):
    assert s is t, f"{name}: 함께 쓰는 이름은 두 백엔드에서 같은 객체여야 합니다"
    module = _defined_in(s)
    assert module.startswith("dlcourse._"), f"{name}은(는) 중립 모듈(dlcourse._*)에 있어야 하는데 {module}에 있습니다"


@pytest.mark.parametrize("name,s,t", TWINS, ids=[p[0] for p in TWINS])
def test_twins_are_distinct_objects_from_their_own_backend(name, s, t):
    assert s is not t, f"{name}: 쌍둥이가 같은 객체입니다 (자기 자신과 비교하게 됩니다)"
    assert _defined_in(s).startswith("dlcourse.scratch"), f"scratch.{name}이(가) {_defined_in(s)}에 정의되어 있습니다"
    assert _defined_in(t).startswith("dlcourse.torch_impl"), f"torch_impl.{name}이(가) {_defined_in(t)}에 정의되어 있습니다"
    if inspect.isclass(t):  # torch 쌍둥이가 scratch 클래스를 물려받지 않는다 (isinstance가 거짓이어야 한다)
        foreign = [c.__module__ for c in t.__mro__ if c.__module__.startswith("dlcourse.scratch")]
        assert not foreign, f"torch_impl.{name}이(가) scratch 클래스를 물려받습니다: {foreign}"
        base = [c.__module__ for c in s.__mro__ if c.__module__.startswith("dlcourse.torch_impl")]
        assert not base, f"scratch.{name}이(가) torch_impl 클래스를 물려받습니다: {base}"


def test_optimizers_are_not_instances_of_each_other():
    p = torch.nn.Parameter(torch.zeros(2))
    assert not isinstance(T.SGD([p], lr=0.1), S.optim.Optimizer)
    assert not isinstance(T.Adam([p]), S.optim.Optimizer)


def _imports(path, package=None, top_level_only=False):
    """파일이 import하는 모듈 이름들. 상대 import는 그 파일의 패키지(예: dlcourse.torch_impl) 기준 절대 이름으로.
    top_level_only면 함수 안의 늦은 import는 빼고 모듈 맨 위의 것만."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = package or ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in (tree.body if top_level_only else ast.walk(tree)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)
    return names


@pytest.mark.parametrize("backend,forbidden", [
    ("torch_impl", ("dlcourse.scratch",)),
    ("scratch", ("dlcourse.torch_impl", "torch")),
])
def test_backends_do_not_import_each_other(backend, forbidden):
    files = sorted((ROOT / "dlcourse" / backend).glob("*.py"))
    assert files
    bad = {}
    for path in files:
        hits = sorted(n for n in _imports(path) if any(n == f or n.startswith(f + ".") for f in forbidden))
        if hits:
            bad[path.name] = hits
    assert not bad, f"dlcourse/{backend}이(가) import하면 안 되는 것: {bad}"


def test_neutral_modules_import_no_backend():
    """중립 모듈은 어느 백엔드도 import하지 않는다. torch는 torch 텐서를 받았을 때만 함수 안에서 늦게 import해도 된다
    (scratch가 torch 없이 import되는지는 tests/test_plots.py가 torch를 막은 프로세스에서 확인한다)."""
    for path in sorted((ROOT / "dlcourse").glob("_[!_]*.py")):
        hits = [n for n in _imports(path) if n.startswith(("dlcourse.scratch", "dlcourse.torch_impl"))]
        hits += [n for n in _imports(path, top_level_only=True) if n == "torch" or n.startswith("torch.")]
        assert not hits, f"{path.name}은(는) 중립 모듈인데 {hits}를 import합니다"


def test_import_checker_sees_relative_imports(tmp_path):
    """검사기 자체의 검사: 상대 import ``from ..scratch.x import y`` 를 dlcourse.scratch로 읽는다."""
    f = tmp_path / "probe.py"
    f.write_text("from ..scratch.linear import Linear\nfrom . import init\nimport torch\n", encoding="utf-8")
    names = _imports(f, package="dlcourse.torch_impl")
    assert "dlcourse.torch_impl.init" in names
    assert "dlcourse.scratch.linear" in names and "torch" in names


def test_autograd_twin_is_torch_autograd():
    assert T.autograd is torch.autograd
    assert S.autograd.__name__ == "dlcourse.scratch.autograd"


def test_same_public_names():
    missing_in_torch = sorted(set(S.__all__) - set(T.__all__))
    missing_in_scratch = sorted(set(T.__all__) - set(S.__all__))
    assert not missing_in_torch, f"torch_impl에 쌍둥이가 없는 이름: {missing_in_torch}"
    assert not missing_in_scratch, f"scratch에 쌍둥이가 없는 이름: {missing_in_scratch}"
    for mod_name in [n for n in S.__all__ if isinstance(getattr(S, n), types.ModuleType) and n not in SELF_TWINNED]:
        s_all, t_all = set(getattr(S, mod_name).__all__), set(getattr(T, mod_name).__all__)
        assert s_all == t_all, f"{mod_name}: 쌍둥이가 없는 이름 {sorted(s_all ^ t_all)}"


def test_all_names_exist():
    for name, s, t in PAIRS:
        assert s is not None and t is not None, f"{name}이(가) 한쪽에 정의되지 않았습니다"


def _params(obj):
    """시그니처의 (이름, 종류, 기본값) 목록. 기본값도 같아야 한다 (예: dtype 기본값이 몰래 어긋나지 않게)."""
    sig = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    return [(p.name, p.kind, p.default) for p in sig.parameters.values() if p.name != "self"]


@pytest.mark.parametrize("name,s,t", TWINS, ids=[p[0] for p in TWINS])
def test_same_signature(name, s, t):
    assert inspect.isclass(s) == inspect.isclass(t), name
    assert _params(s) == _params(t), f"{name}: scratch {_params(s)} != torch_impl {_params(t)}"


CLASSES = [p for p in TWINS if inspect.isclass(p[1])]


@pytest.mark.parametrize("name,s,t", CLASSES, ids=[p[0] for p in CLASSES])
def test_same_public_methods(name, s, t):
    """scratch 클래스가 직접 정의한 공개 메서드(forward 등)는 torch 쌍둥이에도 같은 인자로 있다.
    backward는 제외한다: torch 쪽은 autograd가 맡는다."""
    for meth, fn in vars(s).items():
        if meth.startswith("_") or meth == "backward" or not inspect.isfunction(fn):
            continue
        assert hasattr(t, meth), f"torch_impl.{name}에 {meth}가 없습니다"
        assert _params(fn) == _params(getattr(t, meth)), f"{name}.{meth} 시그니처가 다릅니다"
