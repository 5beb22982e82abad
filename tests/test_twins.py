"""scratch의 공개 이름마다 torch_impl에 같은 시그니처의 쌍둥이가 있어야 한다 (그 반대도)."""
import inspect

import pytest

import dlcourse.scratch as S
import dlcourse.torch_impl as T


def test_same_public_names():
    missing_in_torch = sorted(set(S.__all__) - set(T.__all__))
    missing_in_scratch = sorted(set(T.__all__) - set(S.__all__))
    assert not missing_in_torch, f"torch_impl에 쌍둥이가 없는 이름: {missing_in_torch}"
    assert not missing_in_scratch, f"scratch에 쌍둥이가 없는 이름: {missing_in_scratch}"


def test_all_names_exist():
    for mod in (S, T):
        for name in mod.__all__:
            assert hasattr(mod, name), f"{mod.__name__}.__all__의 {name}이(가) 정의되지 않았습니다"


def _params(obj):
    """시그니처의 (이름, 종류) 목록. 기본값은 백엔드 dtype이 달라 비교하지 않는다."""
    sig = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    return [(p.name, p.kind) for p in sig.parameters.values() if p.name != "self"]


@pytest.mark.parametrize("name", S.__all__)
def test_same_signature(name):
    s, t = getattr(S, name), getattr(T, name)
    assert inspect.isclass(s) == inspect.isclass(t), name
    assert _params(s) == _params(t), f"{name}: scratch {_params(s)} != torch_impl {_params(t)}"


@pytest.mark.parametrize("name", [n for n in S.__all__ if inspect.isclass(getattr(S, n))])
def test_same_public_methods(name):
    """scratch 층의 forward 등 공개 메서드는 torch 쌍둥이에도 같은 인자로 있다 (backward 제외: autograd가 맡는다)."""
    s, t = getattr(S, name), getattr(T, name)
    for meth, fn in inspect.getmembers(s, inspect.isfunction):
        if meth.startswith("_") or meth == "backward":
            continue
        assert hasattr(t, meth), f"torch_impl.{name}에 {meth}가 없습니다"
        assert _params(fn) == _params(getattr(t, meth)), f"{name}.{meth} 시그니처가 다릅니다"
