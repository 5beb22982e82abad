"""scratch의 공개 이름마다 torch_impl에 같은 시그니처의 쌍둥이가 있어야 한다 (그 반대도)."""
import inspect
import types

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
    """시그니처의 (이름, 종류) 목록. 기본값은 백엔드 dtype이 달라 비교하지 않는다."""
    sig = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    return [(p.name, p.kind) for p in sig.parameters.values() if p.name != "self"]


@pytest.mark.parametrize("name,s,t", PAIRS, ids=[p[0] for p in PAIRS])
def test_same_signature(name, s, t):
    assert inspect.isclass(s) == inspect.isclass(t), name
    assert _params(s) == _params(t), f"{name}: scratch {_params(s)} != torch_impl {_params(t)}"


CLASSES = [p for p in PAIRS if inspect.isclass(p[1])]


@pytest.mark.parametrize("name,s,t", CLASSES, ids=[p[0] for p in CLASSES])
def test_same_public_methods(name, s, t):
    """scratch 클래스가 직접 정의한 공개 메서드(forward 등)는 torch 쌍둥이에도 같은 인자로 있다.
    backward는 제외한다: torch 쪽은 autograd가 맡는다."""
    for meth, fn in vars(s).items():
        if meth.startswith("_") or meth == "backward" or not inspect.isfunction(fn):
            continue
        assert hasattr(t, meth), f"torch_impl.{name}에 {meth}가 없습니다"
        assert _params(fn) == _params(getattr(t, meth)), f"{name}.{meth} 시그니처가 다릅니다"
