"""학습/평가 모드, 버퍼, Dropout, BatchNorm1d: 기울기 검사, 세 쪽 일치(scratch ↔ torch_impl ↔ torch.nn), 잘못된 입력,
그리고 evaluate·fit의 모드 전환."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse.convert import copy_to_scratch, copy_to_torch
from dlcourse.gradcheck import numerical_gradient, relative_error
from tests.conftest import to_numpy, to_torch

# BatchNorm1d의 세 쪽 비교 허용 오차 (float64). 원소별 상대 오차는 실제로 1e-13 안쪽이다.
RTOL, ATOL = 1e-11, 1e-13


def scaling_rule(x, keep, p):
    """역 드롭아웃의 규칙: 남긴 자리는 x/(1 − p), 버린 자리는 0 (배율을 x의 dtype으로 만들어 곱한다)."""
    return x * (keep.astype(x.dtype) * x.dtype.type(1.0 / (1.0 - p)))


def check_parameter_gradients(layer, x, dout):
    """backward가 채운 매개변수 기울기를, 그 매개변수만 흔든 수치 미분과 비교한다 (float64, 상대 오차 1e-7)."""
    grads = {n: g.copy() for n, g in layer.named_grads()}
    assert grads, "매개변수가 있어야 합니다"
    for name, p in layer.named_parameters():
        def f(value, p=p):
            saved = p.copy()
            p[...] = value
            out = np.sum(layer.forward(x) * dout)
            p[...] = saved
            return out
        err = relative_error(grads[name], numerical_gradient(f, p))
        assert err < 1e-7, f"{name}: 상대 오차 {err:.2e}"


# --- 모드 -------------------------------------------------------------------------------------


def test_modes_default_to_train_and_propagate_like_torch():
    gen = np.random.default_rng(0)
    s = S.Sequential(S.Linear(3, 4, generator=gen), S.BatchNorm1d(4), S.Dropout(0.5, generator=gen))
    t = T.Sequential(T.Linear(3, 4, generator=torch.Generator()), T.BatchNorm1d(4), T.Dropout(0.5, generator=gen))
    for model in (s, t):
        assert all(m.training for m in model.modules())
        assert model.eval() is model
        assert [m.training for m in model.modules()] == [False] * 4
        assert model.train() is model
        assert all(m.training for m in model.modules())
        assert model.train(False) is model and not model[2].training
        model[1].train()  # 하위 층 하나만 바꾸면 그 층만 바뀐다
        assert [m.training for m in model.modules()] == [False, False, True, False]
        with pytest.raises(ValueError):
            model.train("yes")


# --- 버퍼 -------------------------------------------------------------------------------------


def test_buffers_are_state_but_not_parameters():
    s = S.BatchNorm1d(3)
    ref = torch.nn.BatchNorm1d(3, dtype=torch.float64)
    assert [n for n, _ in s.named_parameters()] == ["weight", "bias"]
    assert [p.name for p in s.parameters()] == ["weight", "bias"] and len(s.params) == len(s.grads) == 2
    assert [n for n, _ in s.named_buffers()] == [n for n, _ in ref.named_buffers()] \
        == ["running_mean", "running_var", "num_batches_tracked"]
    assert list(s.state_dict()) == list(ref.state_dict())  # 이름도 순서도 torch와 같다
    state = s.state_dict()
    assert state["num_batches_tracked"].dtype == np.int64 and state["num_batches_tracked"].shape == ()
    np.testing.assert_array_equal(state["running_var"], np.ones(3))
    # 옵티마이저는 버퍼를 보지 않는다: 한 걸음 뒤에도 running_mean은 배치 통계로만 바뀐다
    x = np.random.default_rng(0).normal(size=(5, 3))
    s.forward(x)
    s.backward(np.ones((5, 3)))
    before = {n: b.copy() for n, b in s.named_buffers()}
    S.SGD(s.parameters(), lr=10.0).step()
    for n, b in s.named_buffers():
        np.testing.assert_array_equal(b, before[n], err_msg=n)


def test_sequential_prefixes_buffer_names_like_torch():
    gen = np.random.default_rng(0)
    s = S.Sequential(S.Linear(3, 4, generator=gen), S.BatchNorm1d(4), S.ReLU(), S.Dropout(0.2, generator=gen),
                     S.Linear(4, 2, generator=gen), S.BatchNorm1d(2, affine=False))
    ref = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Dropout(0.2),
                              torch.nn.Linear(4, 2), torch.nn.BatchNorm1d(2, affine=False))
    assert list(s.state_dict()) == list(ref.state_dict())
    assert "1.running_mean" in s.state_dict() and "5.num_batches_tracked" in s.state_dict()
    assert [n for n, _ in s.named_parameters()] == [n for n, _ in ref.named_parameters()]
    assert [n for n, _ in s.named_buffers()] == [n for n, _ in ref.named_buffers()]


def test_add_buffer_rejects_a_taken_name():
    layer = S.BatchNorm1d(2)
    with pytest.raises(ValueError, match="running_mean"):
        layer.add_buffer("running_mean", np.zeros(2))
    with pytest.raises(ValueError, match="weight"):
        layer.add_buffer("weight", np.zeros(2))


def _train_steps(model, batches, backend):
    for x in batches:
        if backend == "scratch":
            model.forward(x)
        else:
            with torch.no_grad():
                model(torch.tensor(x))


def test_state_dict_round_trip_scratch_torch_nn_scratch(rng):
    """scratch → torch.nn.BatchNorm1d (strict) → 학습 → scratch: 매개변수와 버퍼가 정확히 오간다."""
    s = S.BatchNorm1d(4, momentum=0.2)
    s.weight[...] = rng.normal(size=4)
    s.bias[...] = rng.normal(size=4)
    _train_steps(s, [rng.normal(1.0, 2.0, size=(6, 4)) for _ in range(3)], "scratch")
    ref = torch.nn.BatchNorm1d(4, momentum=0.2, dtype=torch.float64)
    ref.load_state_dict({k: torch.tensor(v) for k, v in s.state_dict().items()}, strict=True)
    for k, v in ref.state_dict().items():
        np.testing.assert_array_equal(to_numpy(v), s.state_dict()[k], err_msg=k)
    assert int(ref.num_batches_tracked) == 3
    _train_steps(ref, [rng.normal(size=(6, 4)) for _ in range(2)], "torch")  # torch 쪽에서 더 학습한다
    back = S.BatchNorm1d(4, momentum=0.2)
    back.load_state_dict({k: to_numpy(v) for k, v in ref.state_dict().items()})
    for k, v in ref.state_dict().items():
        np.testing.assert_array_equal(back.state_dict()[k], to_numpy(v), err_msg=k)
    assert int(back.num_batches_tracked) == 5
    # 같은 상태면 평가 모드 출력도 같다
    x = rng.normal(size=(3, 4))
    np.testing.assert_allclose(back.eval().forward(x), to_numpy(ref.eval()(torch.tensor(x))), rtol=RTOL, atol=ATOL)


def test_model_state_dict_loads_into_torch_nn_and_twin(rng):
    gen = np.random.default_rng(0)
    s = S.Sequential(S.Linear(3, 5, generator=gen), S.BatchNorm1d(5), S.ReLU(), S.Dropout(0.3, generator=gen),
                     S.Linear(5, 2, generator=gen))
    _train_steps(s, [rng.normal(size=(8, 3)) for _ in range(2)], "scratch")
    ref = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.BatchNorm1d(5), torch.nn.ReLU(), torch.nn.Dropout(0.3),
                              torch.nn.Linear(5, 2)).double()
    ref.load_state_dict({k: torch.tensor(v) for k, v in s.state_dict().items()}, strict=True)
    t = T.Sequential(T.Linear(3, 5, generator=torch.Generator(), dtype=torch.float64), T.BatchNorm1d(5, dtype=torch.float64),
                     T.ReLU(), T.Dropout(0.3, generator=gen), T.Linear(5, 2, generator=torch.Generator(), dtype=torch.float64))
    t.load_state_dict(ref.state_dict(), strict=True)
    x = rng.normal(size=(4, 3))
    expected = s.eval().forward(x)
    for model in (ref.eval(), t.eval()):
        np.testing.assert_allclose(to_numpy(model(torch.tensor(x))), expected, rtol=RTOL, atol=ATOL)


def test_copy_helpers_carry_buffers(rng):
    s = S.Sequential(S.Linear(3, 4, generator=rng), S.BatchNorm1d(4, momentum=None))
    _train_steps(s, [rng.normal(size=(5, 3)) for _ in range(3)], "scratch")
    t = copy_to_torch(s, T.Sequential(T.Linear(3, 4, generator=torch.Generator(), dtype=torch.float64),
                                      T.BatchNorm1d(4, momentum=None, dtype=torch.float64)))
    assert int(t[1].num_batches_tracked) == 3 and t[1].num_batches_tracked.dtype == torch.int64
    np.testing.assert_array_equal(to_numpy(t[1].running_var), s[1].running_var)
    _train_steps(t, [rng.normal(size=(5, 3))], "torch")
    back = copy_to_scratch(t, S.Sequential(S.Linear(3, 4, generator=rng), S.BatchNorm1d(4, momentum=None)))
    for k, v in t.state_dict().items():
        np.testing.assert_array_equal(back.state_dict()[k], to_numpy(v), err_msg=k)
    # 버퍼 이름이 다르면 (track_running_stats가 다르면) 아무것도 바꾸지 않고 ValueError
    other = T.Sequential(T.Linear(3, 4, generator=torch.Generator(), dtype=torch.float64),
                         T.BatchNorm1d(4, track_running_stats=False, dtype=torch.float64))
    before = {k: v.clone() for k, v in other.state_dict().items()}
    with pytest.raises(ValueError, match="1.running_mean"):
        copy_to_torch(s, other)
    with pytest.raises(ValueError, match="이름"):
        copy_to_scratch(other, s)
    for k, v in other.state_dict().items():
        assert torch.equal(v, before[k]), k


def test_load_state_dict_errors_change_nothing():
    layer = S.BatchNorm1d(3)
    good = layer.state_dict()
    missing = {k: v for k, v in good.items() if k != "running_var"}
    with pytest.raises(ValueError, match="running_var"):
        layer.load_state_dict(missing)
    bad_shape = dict(good, running_mean=np.zeros(4), weight=np.full(3, 7.0))
    with pytest.raises(ValueError, match=r"running_mean.*\(4,\).*\(3,\)"):
        layer.load_state_dict(bad_shape)
    float_count = dict(good, num_batches_tracked=np.array(2.5), bias=np.full(3, 7.0))
    with pytest.raises(TypeError, match="num_batches_tracked"):
        layer.load_state_dict(float_count)
    for k, v in layer.state_dict().items():  # 실패한 호출은 아무것도 바꾸지 않았다 (weight·bias = 7이 아니다)
        np.testing.assert_array_equal(v, good[k], err_msg=k)


# --- Dropout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.3, 0.5, 0.8])
def test_dropout_backward_matches_numerical_gradient_with_a_fixed_mask(p, rng):
    """같은 시드로 만든 층은 같은 모양의 입력에 같은 마스크를 뽑는다: 그 마스크로 고정한 함수의 수치 미분과 비교."""
    x, dout = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))

    def fresh():
        return S.Dropout(p, generator=np.random.default_rng(123))

    layer = fresh()
    layer.forward(x)
    dx = layer.backward(dout)
    masks = []

    def f(z):
        d = fresh()
        out = np.sum(d.forward(z) * dout)
        masks.append(d.mask)
        return out

    assert relative_error(dx, numerical_gradient(f, x)) < 1e-7
    assert all(np.array_equal(m, layer.mask) for m in masks), "수치 미분 동안 마스크가 고정되어야 합니다"
    assert layer.mask.any() and not layer.mask.all()
    np.testing.assert_array_equal(dx[~layer.mask], 0.0)
    np.testing.assert_array_equal(dx, scaling_rule(dout, layer.mask, p))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_dropout_twins_draw_the_same_mask_and_gradients(dtype, rng, device):
    p = 0.4
    s = S.Dropout(p, generator=np.random.default_rng(7))
    t = T.Dropout(p, generator=np.random.default_rng(7))
    for shape in [(5, 8), (5, 8), (3, 2, 4)]:  # 부를 때마다 새 마스크, 두 쪽이 같은 순서로
        x, dout = rng.normal(size=shape).astype(dtype), rng.normal(size=shape).astype(dtype)
        y_s = s.forward(x)
        dx_s = s.backward(dout)
        xt = to_torch(x, device, requires_grad=True)
        y_t = t(xt)
        y_t.backward(to_torch(dout, device))
        assert y_t.dtype == xt.dtype and y_t.device == xt.device and t.mask.device == xt.device
        np.testing.assert_array_equal(to_numpy(t.mask), s.mask)
        np.testing.assert_array_equal(to_numpy(y_t), y_s)
        np.testing.assert_array_equal(to_numpy(xt.grad), dx_s)
        assert y_s.dtype == dtype and dx_s.dtype == dtype


def test_dropout_scaling_rule_matches_torch_functional(rng):
    """torch.nn.functional.dropout의 출력에서 마스크(0이 아닌 자리)를 읽으면, 그 마스크에 우리 규칙을 적용한 값과
    비트 단위로 같다. 우리 층의 출력도 제 마스크에 같은 규칙을 적용한 값과 비트 단위로 같다 (float64·float32)."""
    for dtype in (np.float64, np.float32):
        x = (rng.uniform(0.5, 2.0, size=(60, 70)) * rng.choice([-1.0, 1.0], size=(60, 70))).astype(dtype)  # 0이 없다
        for p in (0.1, 0.3, 0.5, 0.9):
            with torch.random.fork_rng():  # 전역 난수 상태는 이 블록 밖에서 그대로다
                torch.manual_seed(0)
                theirs = F.dropout(torch.tensor(x), p, training=True).numpy()
            keep = theirs != 0
            assert 0 < keep.mean() < 1
            np.testing.assert_array_equal(theirs, scaling_rule(x, keep, p), err_msg=f"torch {p} {dtype}")
            layer = S.Dropout(p, generator=np.random.default_rng(1))
            np.testing.assert_array_equal(layer.forward(x), scaling_rule(x, layer.mask, p), err_msg=f"ours {p} {dtype}")


@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
def test_dropout_keeps_about_one_minus_p(p):
    x = np.ones((400, 500))
    layer = S.Dropout(p, generator=np.random.default_rng(0))
    y = layer.forward(x)
    kept = layer.mask.mean()
    assert abs(kept - (1 - p)) < 0.005, kept  # 표준편차 √(p(1−p)/200000) ≤ 0.0012
    assert abs(y.mean() - 1.0) < 0.02, y.mean()  # 역 드롭아웃: 기댓값이 그대로
    t = T.Dropout(p, generator=np.random.default_rng(0))
    t(torch.ones(400, 500, dtype=torch.float64))
    assert torch.equal(t.mask, torch.from_numpy(layer.mask))


def test_dropout_eval_is_identity_and_draws_nothing(rng, device):
    x = rng.normal(size=(6, 5))
    gen_s, gen_t = np.random.default_rng(3), np.random.default_rng(3)
    s = S.Dropout(0.5, generator=gen_s).eval()
    t = T.Dropout(0.5, generator=gen_t).eval()
    ref = torch.nn.Dropout(0.5).eval()
    state = gen_s.bit_generator.state
    y = s.forward(x)
    np.testing.assert_array_equal(y, x)
    assert y is not x and s.mask is None
    np.testing.assert_array_equal(s.backward(np.ones_like(x)), np.ones_like(x))
    xt = to_torch(x, device, requires_grad=True)
    y_t = t(xt)
    assert torch.equal(y_t, ref(xt)) and torch.equal(y_t, xt) and t.mask is None
    y_t.sum().backward()
    assert torch.equal(xt.grad, torch.ones_like(xt))
    assert gen_s.bit_generator.state == state == gen_t.bit_generator.state, "평가 모드에서는 난수를 뽑지 않는다"
    # 다시 학습 모드로: 같은 시드면 두 쪽이 여전히 같은 마스크
    s.train()
    t.train()
    np.testing.assert_array_equal(s.forward(x), to_numpy(t(to_torch(x, device))))


@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
def test_dropout_p_zero_and_one(B, rng):
    x = rng.normal(size=(4, 3))
    xin = x if B is S else torch.tensor(x, requires_grad=True)
    zero = B.Dropout(0.0, generator=np.random.default_rng(0))
    np.testing.assert_array_equal(np.asarray(to_numpy(zero(xin)) if B is T else zero(xin)), x)
    one = B.Dropout(1.0, generator=np.random.default_rng(0))
    y = one(xin)
    ref = F.dropout(torch.tensor(x), 1.0, training=True)  # p = 1: 난수와 상관없이 모두 0
    np.testing.assert_array_equal(to_numpy(y) if B is T else y, to_numpy(ref))
    np.testing.assert_array_equal(to_numpy(y) if B is T else y, np.zeros_like(x))
    if B is S:
        np.testing.assert_array_equal(one.backward(np.ones_like(x)), np.zeros_like(x))
    else:
        y.sum().backward()
        assert torch.equal(xin.grad, torch.zeros_like(xin))


@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
def test_dropout_argument_errors(B):
    gen = np.random.default_rng(0)
    for p in (-0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match="p는 0 이상 1 이하"):
            B.Dropout(p, generator=gen)
    with pytest.raises(TypeError, match="p는 실수"):
        B.Dropout("0.5", generator=gen)
    with pytest.raises(TypeError, match="generator"):
        B.Dropout(0.5)  # 생성기가 없다 (키워드 전용 필수 인자)
    for wrong in (None, torch.Generator().manual_seed(0), 0):
        with pytest.raises(TypeError, match="default_rng"):
            B.Dropout(0.5, generator=wrong)
    with pytest.raises(ValueError):
        torch.nn.Dropout(1.5)  # torch도 같은 범위를 요구한다


def test_dropout_layer_contract(rng):
    """입력을 고치지 않고, 출력·입력을 호출한 쪽이 고쳐도 역전파가 그대로다. dout 검사, input_grad=False."""
    x, dout = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    layer = S.Dropout(0.5, generator=np.random.default_rng(0))
    x0, d0 = x.copy(), dout.copy()
    y = layer.forward(x)
    np.testing.assert_array_equal(x, x0)
    expected = scaling_rule(dout, layer.mask, 0.5)
    y[...] = 9.0
    x[...] = -1.0
    layer.mask[...] = True  # 공개된 마스크를 고쳐도 역전파는 제 사본을 쓴다
    np.testing.assert_array_equal(layer.backward(dout), expected)
    np.testing.assert_array_equal(dout, d0)
    assert layer.backward(dout, input_grad=False) is None
    with pytest.raises(TypeError, match="float32"):
        layer.backward(dout.astype(np.float32))
    with pytest.raises(ValueError, match=r"\(4, 4\)"):
        layer.backward(np.ones((4, 4)))
    with pytest.raises(TypeError, match="torch"):
        layer.forward(torch.zeros(2, 2))
    with pytest.raises(ValueError, match="NaN"):
        layer.forward(np.array([[np.nan, 1.0]]))
    with pytest.raises(TypeError, match="Tensor"):
        T.Dropout(0.5, generator=np.random.default_rng(0))(np.zeros((2, 2)))


# --- BatchNorm1d ------------------------------------------------------------------------------


def _random_affine(layer, rng):
    layer.weight[...] = rng.uniform(0.5, 2.0, size=layer.weight.shape) * rng.choice([-1, 1], size=layer.weight.shape)
    layer.bias[...] = rng.normal(size=layer.bias.shape)
    return layer


@pytest.mark.parametrize("affine", [True, False])
def test_batchnorm_training_backward_matches_numerical_gradient(affine, rng):
    layer = S.BatchNorm1d(4, affine=affine)
    if affine:
        _random_affine(layer, rng)
    x, dout = rng.normal(2.0, 3.0, size=(5, 4)), rng.normal(size=(5, 4))
    layer.forward(x)
    dx = layer.backward(dout)
    assert relative_error(dx, numerical_gradient(lambda z: np.sum(layer.forward(z) * dout), x)) < 1e-7
    if affine:
        check_parameter_gradients(layer, x, dout)
    np.testing.assert_allclose(dx.sum(axis=0), 0.0, atol=1e-12)  # 평균을 빼므로 dx의 배치 합은 0이다


@pytest.mark.parametrize("track", [True, False])
def test_batchnorm_eval_backward_matches_numerical_gradient(track, rng):
    """평가 모드: 이동 평균 통계(상수)를 쓰거나, track_running_stats=False면 배치 통계를 쓴다."""
    layer = _random_affine(S.BatchNorm1d(3, momentum=0.5, track_running_stats=track), rng)
    for _ in range(3):
        layer.forward(rng.normal(1.0, 2.0, size=(6, 3)))
    layer.eval()
    x, dout = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    buffers = {n: b.copy() for n, b in layer.named_buffers()}
    layer.forward(x)
    dx = layer.backward(dout)
    assert relative_error(dx, numerical_gradient(lambda z: np.sum(layer.forward(z) * dout), x)) < 1e-7
    check_parameter_gradients(layer, x, dout)
    if track:
        np.testing.assert_allclose(dx, dout * layer.weight / np.sqrt(layer.running_var + layer.eps), rtol=1e-14)
    for n, b in layer.named_buffers():  # 평가 모드는 버퍼를 고치지 않는다
        np.testing.assert_array_equal(b, buffers[n], err_msg=n)


BN_CONFIGS = [
    dict(),
    dict(momentum=None),
    dict(momentum=0.3, eps=1e-3),
    dict(affine=False),
    dict(track_running_stats=False),
    dict(affine=False, track_running_stats=False, momentum=None),
]


@pytest.mark.parametrize("kwargs", BN_CONFIGS, ids=[str(k) or "default" for k in BN_CONFIGS])
def test_batchnorm_three_way_parity(kwargs, rng, device):
    """scratch, torch_impl, torch.nn.BatchNorm1d: 학습 4걸음 (배치 크기를 바꿔 가며) 뒤 평가 모드 2번.
    걸음마다 출력, dx, dγ, dβ, running_mean, running_var, num_batches_tracked를 비교한다 (float64)."""
    C = 5
    s = S.BatchNorm1d(C, **kwargs)
    t = T.BatchNorm1d(C, dtype=torch.float64, **kwargs).to(device)
    ref = torch.nn.BatchNorm1d(C, dtype=torch.float64, **kwargs).to(device)
    if s.affine:
        _random_affine(s, rng)
    copy_to_torch(s, t)
    ref.load_state_dict(t.state_dict())
    sizes = [8, 3, 16, 2, 7, 1]  # 마지막 둘은 평가 모드 (track_running_stats면 N = 1도 된다)
    for step, n in enumerate(sizes):
        if step == 4:
            for m in (s, t, ref):
                m.eval()
        if n == 1 and not s.track_running_stats:
            continue  # 배치 통계에는 N ≥ 2가 필요하다 (아래 오류 검사에서 본다)
        x, dout = rng.normal(3.0, 2.0, size=(n, C)), rng.normal(size=(n, C))
        y_s = s.forward(x)
        dx_s = s.backward(dout)
        for label, m in [("torch_impl", t), ("torch.nn", ref)]:
            xt = to_torch(x, device, requires_grad=True)
            y = m(xt)
            y.backward(to_torch(dout, device))
            where = f"{label} step {step}"
            np.testing.assert_allclose(to_numpy(y), y_s, rtol=RTOL, atol=ATOL, err_msg=f"y vs {where}")
            np.testing.assert_allclose(to_numpy(xt.grad), dx_s, rtol=RTOL, atol=ATOL, err_msg=f"dx vs {where}")
            if s.affine:
                np.testing.assert_allclose(to_numpy(m.weight.grad), s._grads["weight"], rtol=RTOL, atol=ATOL,
                                           err_msg=f"dγ vs {where}")
                np.testing.assert_allclose(to_numpy(m.bias.grad), s._grads["bias"], rtol=RTOL, atol=ATOL,
                                           err_msg=f"dβ vs {where}")
                m.weight.grad = m.bias.grad = None
            if s.track_running_stats:
                np.testing.assert_allclose(to_numpy(m.running_mean), s.running_mean, rtol=RTOL, atol=ATOL,
                                           err_msg=f"running_mean vs {where}")
                np.testing.assert_allclose(to_numpy(m.running_var), s.running_var, rtol=RTOL, atol=ATOL,
                                           err_msg=f"running_var vs {where}")
                assert int(m.num_batches_tracked) == int(s.num_batches_tracked) == min(step + 1, 4)
            else:
                assert m.running_mean is None and s.running_mean is None
    assert list(s.state_dict()) == list(ref.state_dict()) == list(t.state_dict())


def test_batchnorm_running_statistics_rules(rng):
    """momentum=1: running_var는 마지막 배치의 불편 분산. momentum=None: 지금까지 배치 통계의 산술 평균."""
    x = rng.normal(size=(6, 3))
    one = S.BatchNorm1d(3, momentum=1.0)
    y = one.forward(x)
    np.testing.assert_allclose(one.running_mean, x.mean(axis=0), rtol=1e-14)
    np.testing.assert_allclose(one.running_var, x.var(axis=0, ddof=1), rtol=1e-14)  # 정규화는 편향 분산(1/N)으로
    np.testing.assert_allclose(y, (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + 1e-5), rtol=1e-12)

    cma = S.BatchNorm1d(3, momentum=None)
    batches = [rng.normal(k, 1 + k, size=(4 + k, 3)) for k in range(5)]
    for b in batches:
        cma.forward(b)
    np.testing.assert_allclose(cma.running_mean, np.mean([b.mean(axis=0) for b in batches], axis=0), rtol=1e-12)
    np.testing.assert_allclose(cma.running_var, np.mean([b.var(axis=0, ddof=1) for b in batches], axis=0), rtol=1e-12)
    assert int(cma.num_batches_tracked) == 5


def test_batchnorm_float32_twins(rng):
    s = S.BatchNorm1d(4, dtype=np.float32)
    t = T.BatchNorm1d(4)  # dtype=None: torch의 기본 dtype (float32), scratch는 float64 — Linear와 같다
    assert S.BatchNorm1d(4).weight.dtype == np.float64 and t.weight.dtype == torch.float32
    assert s.running_mean.dtype == np.float32 and s.num_batches_tracked.dtype == np.int64
    copy_to_torch(s, t)
    for _ in range(3):
        x = rng.normal(size=(8, 4)).astype(np.float32)
        dout = rng.normal(size=(8, 4)).astype(np.float32)
        y_s = s.forward(x)
        dx_s = s.backward(dout)
        xt = torch.tensor(x, requires_grad=True)
        y_t = t(xt)
        y_t.backward(torch.tensor(dout))
        assert y_s.dtype == dx_s.dtype == np.float32
        np.testing.assert_allclose(to_numpy(y_t), y_s, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(to_numpy(xt.grad), dx_s, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(to_numpy(t.running_var), s.running_var, rtol=1e-5)


@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
def test_batchnorm_input_errors(B):
    def arr(*shape, dtype=np.float64):
        a = np.arange(np.prod(shape), dtype=dtype).reshape(shape)
        return a if B is S else torch.tensor(a)

    layer = B.BatchNorm1d(3, dtype=np.float64 if B is S else torch.float64)
    with pytest.raises(ValueError, match=r"\(N, 3\).*\(2, 3, 4\)"):
        layer(arr(2, 3, 4))
    with pytest.raises(ValueError, match=r"\(N, 3\).*\(5, 2\)"):
        layer(arr(5, 2))
    with pytest.raises(ValueError, match=r"\(1, 3\).*Expected more than 1 value per channel when training"):
        layer(arr(1, 3))
    with pytest.raises(TypeError, match="float32.*float64"):
        layer(arr(4, 3, dtype=np.float32))
    layer.eval()
    assert tuple(layer(arr(1, 3)).shape) == (1, 3)  # 평가 모드는 이동 평균을 쓰므로 N = 1도 된다
    no_stats = B.BatchNorm1d(3, track_running_stats=False, dtype=np.float64 if B is S else torch.float64).eval()
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        no_stats(arr(1, 3))  # 이동 평균이 없으면 평가 때도 배치 통계 (torch와 같다)
    for kwargs in (dict(num_features=0), dict(num_features=2.5), dict(num_features=3, eps=0.0),
                   dict(num_features=3, momentum=1.5), dict(num_features=3, momentum=-0.1)):
        with pytest.raises(ValueError, match="num_features|eps|momentum"):
            B.BatchNorm1d(**kwargs)
    with pytest.raises(TypeError, match="dtype"):
        B.BatchNorm1d(3, dtype=np.int64 if B is S else torch.int64)


def test_torch_nn_batchnorm_agrees_on_the_batch_size_error():
    ref = torch.nn.BatchNorm1d(3, dtype=torch.float64)
    with pytest.raises(ValueError, match="Expected more than 1 value per channel when training"):
        ref(torch.zeros(1, 3, dtype=torch.float64))
    ref.eval()
    ref(torch.zeros(1, 3, dtype=torch.float64))


def test_batchnorm_layer_contract(rng):
    """입력을 고치지 않고 별칭이 없다: 호출한 쪽이 출력·입력을 고쳐도 역전파가 그대로다 (affine=False 포함)."""
    for affine in (True, False):
        x, dout = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
        reference = S.BatchNorm1d(3, affine=affine)
        reference.forward(x.copy())
        expected = reference.backward(dout.copy())
        expected_grads = [g.copy() for g in reference.grads]

        layer = S.BatchNorm1d(3, affine=affine)
        x_mine, d_mine = x.copy(), dout.copy()
        y = layer.forward(x_mine)
        y[...] = 5.0
        x_mine[...] = -2.0
        np.testing.assert_array_equal(layer.backward(d_mine), expected)
        np.testing.assert_array_equal(d_mine, dout)
        for g, e in zip(layer.grads, expected_grads):
            np.testing.assert_array_equal(g, e)
        assert layer.backward(dout, input_grad=False) is None
    with pytest.raises(TypeError, match="float32"):
        layer.backward(dout.astype(np.float32))


def test_reprs_match_between_twins():
    gen = np.random.default_rng(0)
    for kwargs in (dict(), dict(momentum=None, affine=False, track_running_stats=False, eps=1e-3)):
        assert repr(S.BatchNorm1d(4, **kwargs)) == repr(T.BatchNorm1d(4, **kwargs))
    assert repr(S.Dropout(0.25, generator=gen)) == repr(T.Dropout(0.25, generator=gen)) == "Dropout(p=0.25)"


# --- evaluate와 fit의 모드 전환 ------------------------------------------------------------------


def _pair(rng, seed=5):
    """Linear → BatchNorm1d → ReLU → Dropout → Linear, 두 백엔드에서 같은 가중치·같은 드롭아웃 시드 (float64)."""
    s = S.Sequential(S.Linear(4, 16, generator=rng), S.BatchNorm1d(16), S.ReLU(),
                     S.Dropout(0.3, generator=np.random.default_rng(seed)), S.Linear(16, 3, generator=rng))
    t = T.Sequential(T.Linear(4, 16, generator=torch.Generator(), dtype=torch.float64), T.BatchNorm1d(16, dtype=torch.float64),
                     T.ReLU(), T.Dropout(0.3, generator=np.random.default_rng(seed)),
                     T.Linear(16, 3, generator=torch.Generator(), dtype=torch.float64))
    return s, copy_to_torch(s, t)


def _data(rng, n=48):
    x = rng.normal(size=(n, 4))
    return x, (x[:, 0] - x[:, 1] > 0).astype(np.int64) + (x[:, 2] > 1)


@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
def test_evaluate_uses_eval_mode_and_restores_each_layer(B, rng):
    s, t = _pair(rng)
    model = s if B is S else t
    x, y = _data(rng)
    data = (x, y) if B is S else (torch.tensor(x), torch.tensor(y))
    loader = B.DataLoader(data, batch_size=16)
    dropout_gen = model[3].generator
    state = dropout_gen.bit_generator.state
    buffers = {n: np.array(b) if B is S else b.clone() for n, b in model.named_buffers()}
    first = B.evaluate(model, B.CrossEntropyLoss(), loader, B.accuracy)
    assert B.evaluate(model, B.CrossEntropyLoss(), loader, B.accuracy) == first  # 드롭아웃이 꺼져 있다
    assert dropout_gen.bit_generator.state == state, "평가 때는 마스크를 뽑지 않는다"
    for n, b in model.named_buffers():  # 평가 때는 이동 평균을 갱신하지 않는다
        assert (np.array_equal(b, buffers[n]) if B is S else torch.equal(b, buffers[n])), n
    assert all(m.training for m in model.modules()), "원래 모드(학습)로 돌아와야 합니다"
    # 층마다 원래 모드로: 얼려 둔 BatchNorm1d는 평가 모드로 남는다
    model[1].eval()
    B.evaluate(model, B.CrossEntropyLoss(), loader)
    assert [m.training for m in model.modules()] == [True, True, False, True, True, True]
    model.eval()
    B.evaluate(model, B.CrossEntropyLoss(), loader)
    assert not any(m.training for m in model.modules())
    # 오류가 나도 되돌린다
    model.train()

    def broken(out, target):
        raise RuntimeError("지표 오류")

    with pytest.raises(RuntimeError, match="지표 오류"):
        B.evaluate(model, B.CrossEntropyLoss(), loader, broken)
    assert all(m.training for m in model.modules())


def test_evaluate_matches_a_manual_eval_forward(rng):
    s, t = _pair(rng)
    x, y = _data(rng)
    S.fit(s, S.CrossEntropyLoss(), S.SGD(s.parameters(), lr=0.1), S.DataLoader((x, y), batch_size=8), epochs=1)
    loss, _ = S.evaluate(s, S.CrossEntropyLoss(), S.DataLoader((x, y), batch_size=len(x)))
    s.eval()
    expected = S.cross_entropy(s.forward(x), y)
    assert loss == pytest.approx(float(expected), rel=1e-12)


def test_fit_trains_in_train_mode_and_twins_agree(rng):
    """모델을 평가 모드로 넘겨도 fit은 학습 모드로 학습한다 (드롭아웃 마스크를 뽑는다). 같은 시드면 두 백엔드의
    걸음별 손실, 검증 손실, 조기 종료가 되돌린 가중치와 버퍼까지 같다 (float64)."""
    s, t = _pair(rng)
    s.eval()
    t.eval()
    x, y = _data(rng, n=64)
    xv, yv = _data(rng, n=32)
    kw = dict(epochs=4, metric=None)
    stop_s, stop_t = S.EarlyStopping(patience=2), T.EarlyStopping(patience=2)
    hs = S.fit(s, S.CrossEntropyLoss(), S.SGD(s.parameters(), lr=0.2, momentum=0.9),
               S.DataLoader((x, y), batch_size=8, shuffle=True, generator=np.random.default_rng(1)),
               val_loader=S.DataLoader((xv, yv), batch_size=16), early_stopping=stop_s, **kw)
    ht = T.fit(t, T.CrossEntropyLoss(), T.SGD(t.parameters(), lr=0.2, momentum=0.9),
               T.DataLoader((torch.tensor(x), torch.tensor(y)), batch_size=8, shuffle=True, generator=np.random.default_rng(1)),
               val_loader=T.DataLoader((torch.tensor(xv), torch.tensor(yv)), batch_size=16), early_stopping=stop_t, **kw)
    assert all(m.training for m in s.modules()) and all(m.training for m in t.modules())
    fresh = np.random.default_rng(5).bit_generator.state
    assert s[3].generator.bit_generator.state != fresh, "학습 모드로 마스크를 뽑았어야 합니다"
    assert s[3].generator.bit_generator.state == t[3].generator.bit_generator.state  # 같은 횟수만큼 뽑았다
    assert s[3].mask is None, "마지막 순전파는 검증(평가 모드)이었다"
    # 조기 종료는 가장 좋았던 에포크의 버퍼까지 되돌린다 (에포크마다 8걸음)
    assert stop_s.best_epoch == stop_t.best_epoch and len(hs["val_loss"]) == len(ht["val_loss"])
    assert int(s[1].num_batches_tracked) == int(t[1].num_batches_tracked) == 8 * (stop_s.best_epoch + 1)
    np.testing.assert_allclose(hs["step_loss"], ht["step_loss"], rtol=1e-10)
    np.testing.assert_allclose(hs["val_loss"], ht["val_loss"], rtol=1e-10)
    assert hs["step_loss"][-1] < hs["step_loss"][0]
    for k, v in t.state_dict().items():  # 조기 종료가 되돌린 가중치와 버퍼
        np.testing.assert_allclose(s.state_dict()[k], to_numpy(v), rtol=1e-9, atol=1e-12, err_msg=k)


@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
def test_train_step_leaves_the_mode_to_the_caller(B, rng):
    """train_step은 torch의 관례처럼 모드를 바꾸지 않는다 (fit이 시작할 때 model.train()을 부른다).
    평가 모드에서 부르면 드롭아웃 없이, 이동 평균 통계로 한 걸음 간다 (버퍼는 그대로)."""
    s, t = _pair(rng)
    model = s if B is S else t
    x, y = _data(rng, n=8)
    xb, yb = (x, y) if B is S else (torch.tensor(x), torch.tensor(y))
    opt = B.SGD(model.parameters(), lr=0.1)
    model.eval()
    state = model[3].generator.bit_generator.state
    B.train_step(model, B.CrossEntropyLoss(), opt, xb, yb)
    assert not any(m.training for m in model.modules())
    assert model[3].generator.bit_generator.state == state and int(model[1].num_batches_tracked) == 0
    model.train()
    B.train_step(model, B.CrossEntropyLoss(), opt, xb, yb)
    assert all(m.training for m in model.modules())
    assert model[3].generator.bit_generator.state != state and int(model[1].num_batches_tracked) == 1
