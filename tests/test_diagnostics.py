"""dlcourse.diagnostics: 2차원 시험 곡면의 기울기, 층마다의 출력, 층마다의 기울기 노름."""
import math

import numpy as np
import pytest
import torch

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse.convert import copy_to_torch
from dlcourse.diagnostics import layer_outputs, quadratic_surface, weight_grad_norms
from dlcourse.gradcheck import numerical_gradient, relative_error

ANGLES = [0.0, math.pi / 6, -1.0, math.pi / 2]


@pytest.mark.parametrize("angle", ANGLES)
@pytest.mark.parametrize("a,b", [(1 / 20, 1.0), (0.3, 2.5)])
def test_surface_gradient_matches_numerical(a, b, angle, rng):
    surface = quadratic_surface(a, b, angle)
    for point in rng.normal(scale=3.0, size=(5, 2)):
        numeric = numerical_gradient(lambda p: float(surface.f(p[0], p[1])), point)
        analytic = np.array(surface.grad(*point))
        assert relative_error(analytic, numeric) < 1e-7, (angle, point)


@pytest.mark.parametrize("angle", ANGLES)
def test_surface_gradient_matches_autograd(angle, rng):
    """같은 식을 torch 텐서에 넣으면 autograd의 기울기가 손으로 쓴 grad와 같다."""
    surface = quadratic_surface(0.2, 1.5, angle)
    x0, y0 = rng.normal(size=2)
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(y0, dtype=torch.float64, requires_grad=True)
    surface.f(x, y).backward()
    gx, gy = surface.grad(x0, y0)
    np.testing.assert_allclose([x.grad.item(), y.grad.item()], [gx, gy], rtol=1e-12, atol=1e-15)


def test_default_surface_is_the_textbook_function(rng):
    """기본값은 밑시딥 6장의 f(x, y) = x²/20 + y², 기울기 (x/10, 2y)."""
    surface = quadratic_surface()
    x, y = rng.normal(scale=5.0, size=(2, 7))
    np.testing.assert_allclose(surface.f(x, y), x**2 / 20 + y**2, rtol=1e-15)
    gx, gy = surface.grad(x, y)
    np.testing.assert_allclose(gx, x / 10, rtol=1e-15)
    np.testing.assert_allclose(gy, 2 * y, rtol=1e-15)
    assert surface.f(*surface.minimum) == 0 and surface.grad(*surface.minimum) == (0, 0)


def test_rotation_turns_the_valley():
    """θ만큼 돌리면 완만한 축(u)이 (cos θ, sin θ) 방향이 된다: 그 방향 거리 r에서 f = a·r²."""
    a, b, angle = 0.05, 1.0, math.pi / 6
    surface = quadratic_surface(a, b, angle)
    r = 4.0
    along = (r * math.cos(angle), r * math.sin(angle))
    across = (-r * math.sin(angle), r * math.cos(angle))
    assert surface.f(*along) == pytest.approx(a * r * r, rel=1e-14)
    assert surface.f(*across) == pytest.approx(b * r * r, rel=1e-14)
    assert "30° 회전" in surface.name


def test_surface_works_on_grids():
    surface = quadratic_surface(angle=0.3)
    X, Y = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 1, 3))
    Z = surface.f(X, Y)
    assert Z.shape == (3, 5) and Z.min() >= 0


@pytest.mark.parametrize("kwargs", [dict(a=0.0), dict(b=-1.0), dict(a="1"), dict(angle=float("nan")),
                                    dict(angle=None)])
def test_surface_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="quadratic_surface"):
        quadratic_surface(**kwargs)


def _models(rng):
    s_model = S.Sequential(S.Linear(5, 7, generator=rng), S.Tanh(), S.Linear(7, 4, generator=rng), S.ReLU(),
                           S.Linear(4, 3, generator=rng))
    t_model = T.Sequential(T.Linear(5, 7, generator=torch.Generator(), dtype=torch.float64), T.Tanh(),
                           T.Linear(7, 4, generator=torch.Generator(), dtype=torch.float64), T.ReLU(),
                           T.Linear(4, 3, generator=torch.Generator(), dtype=torch.float64))
    copy_to_torch(s_model, t_model)
    return s_model, t_model


def test_layer_outputs_follow_the_layers(rng):
    s_model, t_model = _models(rng)
    x = rng.normal(size=(6, 5))
    s_outs = layer_outputs(s_model, x)
    assert len(s_outs) == 5 and [o.shape for o in s_outs] == [(6, 7), (6, 7), (6, 4), (6, 4), (6, 3)]
    np.testing.assert_allclose(s_outs[-1], s_model(x), rtol=1e-15)
    np.testing.assert_allclose(s_outs[1], np.tanh(s_outs[0]), rtol=1e-14)
    assert (s_outs[3] >= 0).all()
    with torch.no_grad():
        t_outs = layer_outputs(t_model, torch.tensor(x))
    for k, (a, b) in enumerate(zip(s_outs, t_outs)):
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-7, atol=1e-12, err_msg=f"{k}번째 층")


def test_weight_grad_norms_agree_between_backends(rng):
    s_model, t_model = _models(rng)
    x, y = rng.normal(size=(6, 5)), rng.integers(0, 3, size=6)
    loss = S.CrossEntropyLoss()
    loss(s_model(x), y)
    s_model.backward(loss.backward())
    T.CrossEntropyLoss()(t_model(torch.tensor(x)), torch.tensor(y)).backward()
    s_norms, t_norms = weight_grad_norms(s_model), weight_grad_norms(t_model)
    assert list(s_norms) == ["0.weight", "2.weight", "4.weight"] == list(t_norms)
    np.testing.assert_allclose(list(s_norms.values()), list(t_norms.values()), rtol=1e-7)
    np.testing.assert_allclose(s_norms["4.weight"], np.linalg.norm(s_model[4].grads[0]), rtol=1e-15)


def test_diagnostics_reject_what_they_cannot_read(rng):
    _, t_model = _models(rng)
    with pytest.raises(ValueError, match="backward"):
        weight_grad_norms(t_model)  # 역전파 전에는 p.grad가 None
    with pytest.raises(TypeError, match="weight_grad_norms"):
        weight_grad_norms(object())
    with pytest.raises(ValueError, match="weight"):
        weight_grad_norms(S.Sequential(S.ReLU()))
    with pytest.raises(TypeError, match="Sequential"):
        layer_outputs(S.ReLU(), np.ones((2, 2)))
    with pytest.raises(ValueError, match="빈"):
        layer_outputs(S.Sequential(), np.ones((2, 2)))


def test_diagnostics_imports_no_backend():
    """중립 모듈: 모듈 수준에서 torch를 import하지 않는다 (torch 없이도 scratch와 함께 쓸 수 있다)."""
    import ast
    from pathlib import Path

    import dlcourse.diagnostics as D

    tree = ast.parse(Path(D.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in node.names} | {node.module.split(".")[0] for node in tree.body
                                            if isinstance(node, ast.ImportFrom) and node.module}
    assert "torch" not in imported and "dlcourse" not in imported
