"""층과 함수의 약속: 별칭(aliasing) 없음, dtype·유한성 검사, 같은 층 두 번, 정확도의 모양, 극단의 BCE, 옵티마이저 인자,
기울기 검사기 자체, GPU에서 동기화 없는 입력 검사. 리뷰에서 찾은 결함마다 그 결함을 잡는 검사가 있다."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse._checks import require
from dlcourse.gradcheck import numerical_gradient, relative_error
from tests.conftest import to_numpy, to_torch

# --- 같은 층을 두 번 넣은 Sequential ---------------------------------------------------------------


def test_scratch_sequential_rejects_a_repeated_layer():
    relu = S.ReLU()
    with pytest.raises(ValueError, match="0번째와 1번째"):
        S.Sequential(relu, relu)
    lin = S.Linear(2, 2, generator=np.random.default_rng(0))
    with pytest.raises(ValueError, match="같은 층 객체"):
        S.Sequential(lin, S.Tanh(), lin)


def test_torch_sequential_rejects_a_repeated_layer():
    """torch 쌍둥이는 children()을 돌았으므로 Sequential(r, r)이 r을 한 번만 적용했다. 이제는 만들 때 막는다."""
    double = T.Linear(2, 2, generator=torch.Generator().manual_seed(0))
    with pytest.raises(ValueError, match="0번째와 1번째"):
        T.Sequential(double, double)


def test_sequential_applies_every_layer_in_order(rng):
    """서로 다른 층은 모두, 차례대로 적용된다 (중복 막기가 정상적인 모델을 건드리지 않는다)."""
    gen = np.random.default_rng(1)
    s = S.Sequential(S.Linear(2, 2, generator=gen), S.Linear(2, 2, generator=gen))
    t = T.Sequential(*(T.Linear(2, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64) for _ in range(2)))
    from dlcourse.convert import copy_to_torch
    copy_to_torch(s, t)
    x = rng.normal(size=(3, 2))
    expected = x @ s[0].weight + s[0].bias
    expected = expected @ s[1].weight + s[1].bias
    np.testing.assert_allclose(s(x), expected, rtol=1e-12)
    np.testing.assert_allclose(to_numpy(t(torch.tensor(x))), expected, rtol=1e-12)


# --- 정확도의 모양 --------------------------------------------------------------------------------


@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
def test_accuracy_rejects_a_column_target_for_class_logits(B):
    logits = np.array([[2.0, 0.0], [0.0, 2.0], [2.0, 0.0]])
    target = np.array([[0], [1], [1]])
    if B is T:
        logits, target = torch.tensor(logits), torch.tensor(target)
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(3, 1\)"):
        B.accuracy(logits, target)


@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
def test_accuracy_valid_shapes(B):
    def t(a):
        return torch.tensor(a) if B is T else np.asarray(a)
    assert B.accuracy(t([[2.0, 0.0], [0.0, 2.0], [2.0, 0.0]]), t([0, 1, 1])) == pytest.approx(2 / 3)
    assert B.accuracy(t([1.0, -1.0, 1.0, -1.0]), t([1, 0, 0, 0])) == pytest.approx(3 / 4)
    assert B.accuracy(t([[1.0], [-1.0]]), t([1, 1])) == pytest.approx(1 / 2)
    assert B.accuracy(t([[1.0], [-1.0]]), t([[1], [0]])) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="이진 로짓"):
        B.accuracy(t([1.0, -1.0, 1.0]), t([1, 0]))


# --- 기울기 검사기 자체 --------------------------------------------------------------------------


def test_relative_error_rejects_different_shapes():
    """(1, 3)과 (4, 3)은 브로드캐스트되어 상대 오차 0을 낼 수 있었다."""
    with pytest.raises(ValueError, match=r"\(1, 3\) vs \(4, 3\)"):
        relative_error(np.ones((1, 3)), np.ones((4, 3)))


def test_gradient_checker_catches_a_wrong_gradient(rng):
    """역전파가 0.1% 틀리면 검사기가 알아챈다 (결코 실패하지 않는 검사가 아님을 보인다)."""
    x = rng.normal(size=(3, 4))
    layer = S.Sigmoid()
    layer.forward(x)
    right = layer.backward(np.ones_like(x))
    numeric = numerical_gradient(lambda z: float(S.sigmoid(z).sum()), x)
    assert relative_error(right, numeric) < 1e-7
    assert relative_error(right * 1.001, numeric) > 1e-4
    assert relative_error(right.T.copy().reshape(3, 4), numeric) > 1e-4  # 자리가 뒤섞인 기울기
    nan = right.copy()
    nan[0, 0] = np.nan
    assert not relative_error(nan, numeric) < 1e-7


# --- 극단의 BCE: torch와 값도 기울기도 같다 ---------------------------------------------------------

P_EXTREME = np.array([0.0, 1.0, 0.0, 1.0, 0.5, 1e-30, 1 - 1e-16, 1e-45])
Y_EXTREME = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.3])


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_bce_at_the_clamp_matches_torch(reduction, device):
    builtin_p = to_torch(P_EXTREME, device, requires_grad=True)
    builtin_y = to_torch(Y_EXTREME, device, requires_grad=True)
    ref = F.binary_cross_entropy(builtin_p, builtin_y, reduction=reduction)
    ref.backward()
    assert torch.isfinite(builtin_p.grad).all() and abs(builtin_p.grad[0].item()) > 1e9  # 0이 아니라 아주 큰 유한한 값

    layer = S.BCELoss(reduction=reduction)
    value = layer.forward(P_EXTREME, Y_EXTREME)
    np.testing.assert_allclose(value, ref.item(), rtol=1e-12, err_msg="scratch 손실")
    np.testing.assert_allclose(layer.backward(), to_numpy(builtin_p.grad), rtol=1e-12, err_msg="scratch 기울기")

    p = to_torch(P_EXTREME, device, requires_grad=True)
    y = to_torch(Y_EXTREME, device, requires_grad=True)
    out = T.BCELoss(reduction=reduction)(p, y)
    out.backward()
    np.testing.assert_allclose(out.item(), ref.item(), rtol=1e-12, err_msg="torch_impl 손실")
    np.testing.assert_allclose(to_numpy(p.grad), to_numpy(builtin_p.grad), rtol=1e-12, err_msg="torch_impl 기울기")
    np.testing.assert_allclose(to_numpy(y.grad), to_numpy(builtin_y.grad), rtol=1e-12, err_msg="torch_impl target 기울기")


# --- 옵티마이저 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name,kwargs", [("SGD", dict(lr=0.1, momentum=0.9)), ("Adam", dict(lr=0.1))])
def test_torch_optimizers_skip_parameters_without_grad(name, kwargs):
    """torch.optim은 grad가 None인 매개변수를 건너뛴다 (Adam은 그 매개변수의 걸음 수도 세지 않는다)."""
    ours = [torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64)) for _ in range(2)]
    theirs = [torch.nn.Parameter(p.detach().clone()) for p in ours]
    opt_ours, opt_theirs = getattr(T, name)(ours, **kwargs), getattr(torch.optim, name)(theirs, **kwargs)
    for step in range(4):
        for params, opt in ((ours, opt_ours), (theirs, opt_theirs)):
            opt.zero_grad()
            used = params if step % 2 else params[:1]  # 짝수 걸음에는 둘째 매개변수에 기울기가 없다
            sum((p**2).sum() for p in used).backward()
            opt.step()
    for a, b in zip(ours, theirs):
        torch.testing.assert_close(a, b, rtol=1e-12, atol=0)


@pytest.mark.parametrize("B", [S, T, torch.optim], ids=["scratch", "torch_impl", "torch.optim"])
def test_nesterov_needs_momentum(B):
    params = [S.Linear(2, 2, generator=np.random.default_rng(0)).parameters()[0]] if B is S else [torch.nn.Parameter(torch.zeros(2))]
    with pytest.raises(ValueError, match="(?i)nesterov"):
        B.SGD(params, lr=0.1, nesterov=True)
    B.SGD(params, lr=0.1, momentum=0.9, nesterov=True)


@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
def test_optimizer_argument_errors(B):
    params = [S.Linear(2, 2, generator=np.random.default_rng(0)).parameters()[0]] if B is S else [torch.nn.Parameter(torch.zeros(2))]
    for kwargs in (dict(lr=0.0), dict(lr=0.1, momentum=-0.5), dict(lr=0.1, weight_decay=-1.0)):
        with pytest.raises(ValueError):
            B.SGD(params, **kwargs)
    with pytest.raises(ValueError, match="betas"):
        B.Adam(params, betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="비어"):
        B.SGD([], lr=0.1)


# --- 층은 호출한 쪽과 배열을 나눠 갖지 않는다 ------------------------------------------------------


def _layers(gen):
    return {
        "Linear": lambda: S.Linear(3, 2, generator=np.random.default_rng(0)),
        "Sigmoid": S.Sigmoid, "Tanh": S.Tanh, "ReLU": S.ReLU, "Step": S.Step,
        "Softmax": S.Softmax, "LogSoftmax": S.LogSoftmax,
        "Sequential": lambda: S.Sequential(S.Linear(3, 4, generator=np.random.default_rng(0)), S.Tanh(),
                                           S.Linear(4, 2, generator=np.random.default_rng(1)), S.Sigmoid()),
    }


@pytest.mark.parametrize("name", list(_layers(None)))
def test_layer_gradient_does_not_change_when_caller_edits_arrays(name, rng):
    make = _layers(None)[name]
    x = rng.normal(size=(4, 3))
    reference = make()
    y = reference.forward(x.copy())
    dout = rng.normal(size=y.shape)
    expected = reference.backward(dout.copy())
    expected_grads = [g.copy() for g in reference.grads]

    layer = make()
    x_mine = x.copy()
    out = layer.forward(x_mine)
    out[...] = 123.0     # 호출한 쪽이 출력을 고친다
    x_mine[...] = -7.0   # 입력도 고친다
    np.testing.assert_array_equal(layer.backward(dout.copy()), expected)
    for g, e in zip(layer.grads, expected_grads):
        np.testing.assert_array_equal(g, e)


@pytest.mark.parametrize("cls,x,y", [
    (S.MSELoss, np.array([[0.2, -1.0]]), np.array([[1.0, 0.5]])),
    (S.CrossEntropyLoss, np.array([[0.2, -1.0, 2.0]]), np.array([[0.1, 0.7, 0.2]])),
    (S.CrossEntropyLoss, np.array([[0.2, -1.0, 2.0]]), np.array([1])),
    (S.BCELoss, np.array([0.2, 0.9]), np.array([1.0, 0.0])),
    (S.BCEWithLogitsLoss, np.array([0.2, -3.0]), np.array([1.0, 0.0])),
])
def test_loss_gradient_does_not_change_when_caller_edits_arrays(cls, x, y):
    expected = cls()
    expected.forward(x.copy(), y.copy())
    expected = expected.backward()
    loss = cls()
    x_mine, y_mine = x.copy(), y.copy()
    loss.forward(x_mine, y_mine)
    x_mine[...] = 0.5
    y_mine[...] = 0
    np.testing.assert_array_equal(loss.backward(), expected)


# --- dout의 dtype과 모양 --------------------------------------------------------------------------


def test_float64_dout_into_float32_layer_is_an_error(rng):
    layer = S.Linear(3, 2, generator=rng, dtype=np.float32)
    y = layer.forward(rng.normal(size=(4, 3)).astype(np.float32))
    with pytest.raises(TypeError, match="float64.*float32"):
        layer.backward(np.ones(y.shape))
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(4, 2\)"):
        layer.backward(np.ones((4, 3), dtype=np.float32))
    assert layer.backward(np.ones(y.shape, dtype=np.float32)).dtype == np.float32


def test_loss_backward_keeps_the_loss_dtype(rng):
    loss = S.MSELoss()
    loss.forward(np.ones((2, 2), dtype=np.float32), np.zeros((2, 2), dtype=np.float32))
    assert loss.backward().dtype == np.float32        # 파이썬 수 1.0은 받는다
    assert loss.backward(2.0).dtype == np.float32
    with pytest.raises(TypeError, match="float64"):
        loss.backward(np.float64(1.0))               # NumPy float64 스칼라는 float32 손실을 조용히 float64로 바꾼다


def test_backward_before_forward():
    with pytest.raises(RuntimeError, match="forward를 먼저"):
        S.Tanh().backward(np.ones(3))


def test_backward_without_input_gradient_gives_the_same_parameter_gradients(rng):
    """input_grad=False: 첫 층의 입력 기울기(쓰이지 않는 행렬 곱)를 건너뛰고 None을 돌려준다. 매개변수 기울기는 그대로."""
    gen = np.random.default_rng(3)
    model = S.Sequential(S.Linear(3, 5, generator=gen), S.ReLU(), S.Linear(5, 2, generator=gen))
    x, dout = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    model.forward(x)
    dx = model.backward(dout)
    full = [g.copy() for g in model.grads]
    model.forward(x)
    assert dx is not None and model.backward(dout, input_grad=False) is None
    for a, b in zip(model.grads, full):
        np.testing.assert_array_equal(a, b)


# --- 모든 공개 함수가 NaN·inf를 같은 방식으로 알린다 ------------------------------------------------

def _zeros(B, x, integer=False):
    if B is S:
        return np.zeros(x.shape[:1] if integer else x.shape, dtype=np.int64 if integer else x.dtype)
    return torch.zeros(x.shape[:1] if integer else x.shape, dtype=torch.long if integer else x.dtype)


FUNCTIONS = {
    "step": lambda B, x: B.step(x), "sigmoid": lambda B, x: B.sigmoid(x), "tanh": lambda B, x: B.tanh(x),
    "relu": lambda B, x: B.relu(x), "softmax": lambda B, x: B.softmax(x), "log_softmax": lambda B, x: B.log_softmax(x),
    "mse_loss": lambda B, x: B.mse_loss(x, _zeros(B, x)),
    "cross_entropy": lambda B, x: B.cross_entropy(x, _zeros(B, x, integer=True)),
    "binary_cross_entropy_with_logits": lambda B, x: B.binary_cross_entropy_with_logits(x, _zeros(B, x)),
    "Linear": lambda B, x: (B.Linear(3, 2, generator=np.random.default_rng(0)) if B is S
                            else B.Linear(3, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64))(x),
    "Perceptron": lambda B, x: B.Perceptron(3, dtype=np.float64 if B is S else torch.float64)(x),
    "binary_cross_entropy": None,  # 아래에서 따로: 입력은 확률이라 나쁜 값은 target에 넣는다
}


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf], ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize("name", list(FUNCTIONS))
@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
def test_every_public_function_rejects_non_finite_input(B, name, bad):
    x = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]])
    x[1, 1] = bad
    if name == "binary_cross_entropy":  # 확률 입력: 나쁜 값은 target 쪽에 넣는다
        p = np.full((2, 3), 0.5)
        args = (p, x) if B is S else (torch.tensor(p), torch.tensor(x))
        with pytest.raises(ValueError, match=r"target에 NaN 또는 inf.*\(2, 3\)"):
            B.binary_cross_entropy(*args)
        return
    with pytest.raises(ValueError, match=r"NaN 또는 inf.*\(2, 3\)"):
        FUNCTIONS[name](B, x if B is S else torch.tensor(x))


# --- GPU에서 입력 검사가 동기화하지 않는다 ----------------------------------------------------------


def test_require_raises_on_cpu_with_the_message():
    require(np.bool_(True), "쓰이지 않음")
    with pytest.raises(ValueError, match="설명"):
        require(np.bool_(False), "설명")
    with pytest.raises(ValueError, match="설명"):
        require(torch.tensor(False), "설명")


def test_checks_never_read_values_back_from_a_device():
    """meta 장치의 텐서는 값이 없어서 .item()/bool()을 부르면 바로 오류가 난다. 그래서 meta에서 모든 검사가 통과하면
    검사가 CPU로 값을 읽어 오지 않는다(GPU라면 걸음마다 동기화했을) 는 뜻이다. CPU만 있는 기계에서도 확인할 수 있다."""
    meta = torch.device("meta")
    x = torch.zeros(4, 3, dtype=torch.float64, device=meta)
    idx = torch.zeros(4, dtype=torch.long, device=meta)
    T.cross_entropy(x, idx)
    T.cross_entropy(x, x)
    T.binary_cross_entropy(x, x)
    T.binary_cross_entropy_with_logits(x, x)
    T.mse_loss(x, x)
    T.softmax(x)
    T.log_softmax(x)
    T.sigmoid(x)
    T.relu(x)
    layer = T.Linear(3, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64).to(meta)
    layer(x)


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="CUDA GPU가 없습니다")
def test_training_step_checks_do_not_sync_on_cuda():
    """CUDA에서는 동기화를 오류로 만들고(set_sync_debug_mode) 손실과 층의 검사를 돌린다."""
    dev = torch.device("cuda")
    model = T.Sequential(T.Linear(4, 8, generator=torch.Generator().manual_seed(0)), T.ReLU(),
                         T.Linear(8, 3, generator=torch.Generator().manual_seed(1))).to(dev)
    x, y = torch.randn(16, 4, device=dev), torch.randint(0, 3, (16,), device=dev)
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        loss = T.cross_entropy(model(x), y) + T.binary_cross_entropy(T.sigmoid(model(x)), torch.zeros(16, 3, device=dev))
        loss.backward()
    finally:
        torch.cuda.set_sync_debug_mode("default")
    torch.cuda.synchronize()
