"""직접 만든 자동 미분 엔진: 연산마다 수치 미분 검사, 그리고 torch.autograd(쌍둥이)와 비교."""
import sys

import numpy as np
import pytest
import torch

from dlcourse.gradcheck import numerical_gradient, relative_error
from dlcourse.scratch.autograd import Tensor

# (이름, 입력 모양들, 연산) — 연산은 두 엔진에 똑같이 쓸 수 있는 식이다.
OPS = [
    ("add_broadcast", [(3, 4), (4,)], lambda a, b: a + b),
    ("sub", [(3, 4), (3, 4)], lambda a, b: a - b),
    ("mul_broadcast", [(3, 4), (1, 4)], lambda a, b: a * b),
    ("div", [(3, 4), (3, 4)], lambda a, b: a / b),
    ("matmul", [(3, 4), (4, 2)], lambda a, b: a @ b),
    ("pow", [(3, 4)], lambda a: a**3),
    ("sum_axis0", [(3, 4)], lambda a: a.sum(axis=0) if isinstance(a, Tensor) else a.sum(dim=0)),
    ("sum_keepdims", [(3, 4)], lambda a: a.sum(axis=1, keepdims=True) if isinstance(a, Tensor) else a.sum(dim=1, keepdim=True)),
    ("mean", [(3, 4)], lambda a: a.mean()),
    ("exp", [(3, 4)], lambda a: a.exp()),
    ("log", [(3, 4)], lambda a: (a * a + 1.0).log()),
    ("relu", [(3, 4)], lambda a: a.relu()),
    ("tanh", [(3, 4)], lambda a: a.tanh()),
    ("neg_rsub_rtruediv", [(3, 4)], lambda a: 2.0 - (-a) + 1.0 / (a * a + 1.0)),
]


def inputs(rng, shapes, name):
    xs = [rng.normal(size=s) for s in shapes]
    if name == "relu":  # 꺾인 점 0에서 떨어진 입력
        xs = [np.where(np.abs(x) < 0.1, 0.5, x) for x in xs]
    if name == "div":
        xs[1] = np.abs(xs[1]) + 0.5
    return xs


@pytest.mark.parametrize("name,shapes,op", OPS, ids=[o[0] for o in OPS])
def test_each_op_gradient(name, shapes, op, rng):
    xs = inputs(rng, shapes, name)
    out_shape = op(*[Tensor(x) for x in xs]).shape
    dout = rng.normal(size=out_shape)
    ts = [Tensor(x, requires_grad=True) for x in xs]
    op(*ts).backward(dout)
    for i, x in enumerate(xs):
        def f(z, i=i):
            args = [Tensor(z if j == i else xs[j]) for j in range(len(xs))]
            return float(np.sum(op(*args).data * dout))
        assert relative_error(ts[i].grad, numerical_gradient(f, x)) < 1e-7, f"{name}: {i}번째 입력"

    # 쌍둥이: torch.autograd
    tt = [torch.tensor(x, requires_grad=True) for x in xs]
    out = op(*tt)
    out.backward(torch.tensor(dout))
    np.testing.assert_allclose(op(*[Tensor(x) for x in xs]).data, out.detach().numpy(), rtol=1e-12)
    for a, b in zip(ts, tt):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_reused_node_accumulates_gradient():
    x = Tensor(np.array([2.0, -3.0]), requires_grad=True)
    y = (x * x + x).sum()  # dy/dx = 2x + 1
    y.backward()
    np.testing.assert_array_equal(x.grad, [5.0, -5.0])


def test_mlp_with_cross_entropy_matches_torch(rng):
    """2층 MLP + log-sum-exp 교차 엔트로피 전체를 두 엔진으로: 모든 기울기가 같다."""
    x, y = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    params = [rng.normal(size=(3, 4)), np.zeros(4), rng.normal(size=(4, 3)), np.zeros(3)]
    onehot = np.eye(3)[y]

    def loss_fn(w1, b1, w2, b2, X, Y):
        logits = (X @ w1 + b1).relu() @ w2 + b2
        m = logits.detach() if isinstance(logits, Tensor) else logits.detach()
        z = logits - m.data.max(axis=1, keepdims=True) if isinstance(logits, Tensor) else logits - m.amax(dim=1, keepdim=True)
        lse = z.exp().sum(axis=1, keepdims=True).log() if isinstance(z, Tensor) else z.exp().sum(dim=1, keepdim=True).log()
        return -((z - lse) * Y).sum() / len(y)

    ours = [Tensor(p, requires_grad=True) for p in params]
    loss = loss_fn(*ours, Tensor(x), Tensor(onehot))
    loss.backward()
    theirs = [torch.tensor(p, requires_grad=True) for p in params]
    ref = loss_fn(*theirs, torch.tensor(x), torch.tensor(onehot))
    ref.backward()
    assert float(loss.data) == pytest.approx(ref.item(), rel=1e-12)
    assert ref.item() == pytest.approx(torch.nn.functional.cross_entropy(
        torch.relu(torch.tensor(x) @ theirs[0] + theirs[1]) @ theirs[2] + theirs[3], torch.tensor(y)).item(), rel=1e-12)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_backward_needs_grad_for_non_scalar():
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        (Tensor(np.ones(2), requires_grad=True) * 2.0).backward()


def test_second_backward_recomputes_instead_of_doubling():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = (x * 3.0).sum()
    y.backward()
    x.grad = None
    y.backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_deep_chain_backward_without_recursion():
    """연산 5000개가 이어진 그래프: 재귀 한도(보통 1000)보다 깊어도 역전파가 된다."""
    depth = max(5000, 2 * sys.getrecursionlimit())
    x = Tensor(np.array([0.5, -2.0]), requires_grad=True)
    y = x
    for _ in range(depth):
        y = y * 0.999 + x  # x가 층마다 다시 쓰인다
    y.sum().backward()
    # y = 0.999ⁿ x + (1 + 0.999 + … + 0.999ⁿ⁻¹) x
    expected = 0.999**depth + (1 - 0.999**depth) / (1 - 0.999)
    np.testing.assert_allclose(x.grad, [expected, expected], rtol=1e-10)


def twin_check(op, xs, dout, rtol):
    """우리 엔진의 기울기를 수치 미분(상대 오차 < 1e-7)과 torch.autograd(rtol)에 비교한다."""
    ts = [Tensor(x, requires_grad=True) for x in xs]
    out = op(*ts)
    out.backward(dout)
    for i, x in enumerate(xs):
        def f(z, i=i):
            args = [Tensor(z if j == i else xs[j]) for j in range(len(xs))]
            return float(np.sum(op(*args).data * dout))
        assert ts[i].grad.shape == x.shape
        assert relative_error(ts[i].grad, numerical_gradient(f, x)) < 1e-7, f"{i}번째 입력"

    tt = [torch.tensor(x, requires_grad=True) for x in xs]
    ref = op(*tt)
    ref.backward(torch.tensor(dout))
    assert out.shape == tuple(ref.shape)
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=rtol, atol=1e-12)
    for a, b in zip(ts, tt):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("op", [
    lambda x: ((x * 2.0).exp() * (x * 2.0).tanh()).sum(),  # 중간 노드 하나가 두 갈래로 (다이아몬드)
    lambda x: (lambda h: h + h.exp() * h)(x * 3.0 - 1.0).sum(),  # 부모이자 조부모 (잔차 연결)
], ids=["diamond", "skip_connection"])
def test_shared_intermediate_node(op, rng):
    x = rng.normal(size=(3,))
    twin_check(op, [x], np.float64(1.0), rtol=1e-10)


MATMUL_SHAPES = [
    [(3, 4), (4, 5)],
    [(2, 3, 4), (4, 5)],  # (B, N, D) @ (D, M)
    [(3, 4), (2, 4, 5)],  # (N, D) @ (B, D, M)
    [(2, 3, 4), (2, 4, 5)],  # (B, N, D) @ (B, D, M)
    [(1, 3, 4), (2, 4, 5)],  # 배치 축 1이 B로 브로드캐스트
    [(2, 1, 3, 4), (3, 4, 5)],  # 두 쪽 배치 축이 서로 브로드캐스트 → (2, 3, 3, 5)
    [(4,), (4, 5)],  # 벡터 @ 행렬
    [(3, 4), (4,)],  # 행렬 @ 벡터
    [(4,), (4,)],  # 벡터 @ 벡터 → 스칼라
    [(4,), (2, 4, 5)],
    [(2, 3, 4), (4,)],
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=[f"{a}@{b}" for a, b in MATMUL_SHAPES])
def test_matmul_shapes(shapes, rng):
    xs = [rng.normal(size=s) for s in shapes]
    dout = rng.normal(size=np.matmul(*xs).shape)
    twin_check(lambda a, b: a @ b, xs, dout, rtol=1e-7)


@pytest.mark.parametrize("a_shape,b_shape", [
    ((2, 3, 4), (5, 6)),
    ((3, 4), (3, 4)),
    ((4,), (3,)),
    ((2, 3, 4), (3, 4, 5)),  # 안쪽 축은 맞지만 배치 축 2와 3이 안 맞는다
    ((), (3, 4)),
], ids=str)
def test_matmul_shape_mismatch_names_both_shapes(a_shape, b_shape):
    with pytest.raises(ValueError) as err:
        Tensor(np.ones(a_shape)) @ Tensor(np.ones(b_shape))
    message = str(err.value)
    assert f"{a_shape} @ {b_shape}" in message, message
    assert "gufunc" not in message and "Input operand" not in message  # NumPy의 메시지가 아니다
