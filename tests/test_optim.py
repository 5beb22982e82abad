"""학습 관련 기술: 옵티마이저(SGD, Adagrad, RMSprop, Adam, AdamW), 학습률 스케줄러, 기울기 자르기.

scratch, torch_impl, PyTorch 내장(torch.optim, torch.optim.lr_scheduler, torch.nn.utils.clip_grad_norm_)을
float64로 같은 출발점에서 돌려 rtol 1e-12로 비교한다. 차이는 반올림 몇 번뿐이다: torch의 CPU 커널은
``add_(…, alpha=)``·``addcmul_``·``lerp_`` 에서 곱셈-덧셈을 한 번에 반올림(FMA)하고 NumPy는 두 번 반올림한다.
"""
import inspect
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse.convert import copy_to_torch
from dlcourse.scratch.layer import Parameter
from tests.conftest import to_numpy, to_torch

RTOL = 1e-12

CONFIGS = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-2)),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.05)),
    ("Adagrad", dict(lr=0.1, initial_accumulator_value=0.5, weight_decay=0.1, eps=1e-6)),
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=0.01, momentum=0.9)),
    ("RMSprop", dict(lr=0.01, centered=True)),
    ("RMSprop", dict(lr=0.005, alpha=0.9, eps=1e-6, weight_decay=0.1, momentum=0.5, centered=True)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.003, betas=(0.8, 0.99), eps=1e-6, weight_decay=1e-2)),
    ("AdamW", dict()),
    ("AdamW", dict(lr=0.01, betas=(0.85, 0.98), eps=1e-7, weight_decay=0.1)),
    ("AdamW", dict(lr=0.01, weight_decay=0.0)),
]
CONFIG_IDS = [f"{n}-{'-'.join(f'{k}={v}' for k, v in kw.items()) or 'default'}" for n, kw in CONFIGS]


def _our_state(name, opt, i):
    """우리 옵티마이저의 i번째 매개변수 상태를 torch.optim의 state 이름으로."""
    if name == "SGD":
        return {"momentum_buffer": opt.velocity[i]} if opt.momentum else {}
    if name == "Adagrad":
        return {"sum": opt.sum[i], "step": opt.steps[i]}
    if name == "RMSprop":
        state = {"square_avg": opt.square_avg[i], "step": opt.steps[i]}
        if opt.centered:
            state["grad_avg"] = opt.grad_avg[i]
        if opt.momentum > 0:
            state["momentum_buffer"] = opt.momentum_buffer[i]
        return state
    return {"exp_avg": opt.m[i], "exp_avg_sq": opt.v[i], "step": opt.steps[i]}


def _as_numpy(v):
    return to_numpy(v) if isinstance(v, torch.Tensor) else np.asarray(v)


# --- 옵티마이저: 작은 모델 20걸음 ----------------------------------------------------------------


@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=CONFIG_IDS)
def test_optimizer_trains_like_torch_optim(name, kwargs, rng, device):
    """Linear(5→3) + MSE를 20걸음: scratch, torch_impl, torch.optim의 가중치와 옵티마이저 상태가 걸음마다 같다.
    기울기가 지금 가중치에서 나오므로 한 걸음의 차이도 다음 걸음으로 이어진다."""
    x, y = rng.normal(size=(16, 5)), rng.normal(size=(16, 3))
    s = S.Linear(5, 3, generator=np.random.default_rng(1), dtype=np.float64)
    ts = [copy_to_torch(s, T.Linear(5, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)).to(device)
          for _ in range(2)]
    s_opt = getattr(S, name)(s.parameters(), **kwargs)
    t_opt = getattr(T, name)(list(ts[0].parameters()), **kwargs)
    ref = getattr(torch.optim, name)(ts[1].parameters(), **kwargs)
    loss_fn, xt, yt = S.MSELoss(), to_torch(x, device), to_torch(y, device)
    losses = []
    for step in range(20):
        losses.append(loss_fn(s(x), y))
        s.backward(loss_fn.backward(), input_grad=False)
        s_opt.step()
        for model, opt in zip(ts, (t_opt, ref)):
            opt.zero_grad()
            F.mse_loss(model(xt), yt).backward()
            opt.step()
        for label, model in (("torch_impl", ts[0]), ("torch.optim", ts[1])):
            np.testing.assert_allclose(s.weight.T, to_numpy(model.weight), rtol=RTOL, atol=0, err_msg=f"{label} {step}걸음 weight")
            np.testing.assert_allclose(s.bias, to_numpy(model.bias), rtol=RTOL, atol=0, err_msg=f"{label} {step}걸음 bias")
    assert losses[-1] < losses[0], f"{name}: 손실이 줄지 않았습니다 {losses[0]:.4f} → {losses[-1]:.4f}"
    # 옵티마이저 상태(모멘텀, 제곱 평균, 걸음 수 …)도 torch.optim의 state와 같다
    for i, (p_ref, layout) in enumerate(zip(ts[1].parameters(), (np.transpose, np.asarray))):
        theirs = ref.state[p_ref]
        for label, ours in (("scratch", _our_state(name, s_opt, i)), ("torch_impl", _our_state(name, t_opt, i))):
            assert set(ours) <= set(theirs), f"torch.optim.{name}에 없는 상태 {sorted(set(ours) - set(theirs))}"
            for key, value in ours.items():
                value = _as_numpy(value)
                expected = _as_numpy(theirs[key])
                if label == "scratch":
                    value = layout(value)
                np.testing.assert_allclose(value, expected, rtol=RTOL, atol=0, err_msg=f"{label} {name} state[{key!r}]")


# --- 옵티마이저: 2차원 점 하나 (손실 곡면 위의 궤적) ----------------------------------------------


def _bowl(xy):
    """길쭉한 그릇 f(x, y) = x²/20 + y²: x 방향은 완만하고 y 방향은 가파르다."""
    return xy[0] ** 2 / 20 + xy[1] ** 2


def _bowl_grad(xy):
    return np.array([xy[0] / 10, 2 * xy[1]])


POINT_CONFIGS = [
    ("SGD", dict(lr=0.9)), ("SGD", dict(lr=0.1, momentum=0.9)), ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)),
    ("Adagrad", dict(lr=1.5)), ("RMSprop", dict(lr=0.1)), ("RMSprop", dict(lr=0.05, centered=True, momentum=0.5)),
    ("Adam", dict(lr=0.3)), ("AdamW", dict(lr=0.3, weight_decay=0.1)),
]


@pytest.mark.parametrize("name,kwargs", POINT_CONFIGS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(POINT_CONFIGS)])
def test_optimizers_move_a_bare_2d_point(name, kwargs, device):
    """책의 등고선 그림처럼 점 (x, y) 하나를 고친다: scratch는 Parameter("xy", 배열, 0 배열)에 기울기를 채우고,
    torch는 requires_grad인 잎 텐서에 autograd로. 궤적 전체가 torch.optim과 같고, 최솟값 (0, 0)으로 다가간다."""
    start = np.array([-7.0, 2.0])
    p = Parameter("xy", start.copy(), np.zeros(2))
    s_opt = getattr(S, name)([p], **kwargs)
    leaves = [torch.tensor(start, device=device, requires_grad=True) for _ in range(2)]
    t_opt, ref = getattr(T, name)([leaves[0]], **kwargs), getattr(torch.optim, name)([leaves[1]], **kwargs)
    path = [start.copy()]
    for step in range(60):
        p.grad[...] = _bowl_grad(p.data)  # 기울기 버퍼를 제자리에서 채운다
        s_opt.step()
        path.append(p.data.copy())
        for xy, opt in zip(leaves, (t_opt, ref)):
            opt.zero_grad()
            _bowl(xy).backward()
            opt.step()
            np.testing.assert_allclose(p.data, to_numpy(xy), rtol=RTOL, atol=1e-15, err_msg=f"{step}걸음")
    path = np.array(path)
    assert path.shape == (61, 2)
    assert _bowl(path[-1]) < 0.05 * _bowl(start), f"{name}: 그릇 바닥에 다가가지 않았습니다 {path[-1]}"


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
def test_scratch_optimizers_check_their_parameters(name):
    with pytest.raises(TypeError, match="실수 NumPy 배열.*int64"):  # 정수 배열은 제자리에서 고칠 수 없다
        getattr(S, name)([Parameter("xy", np.array([3, 4]), np.zeros(2))], lr=0.1)
    with pytest.raises(ValueError, match=r"'xy'.*\(3,\).*\(2,\)"):
        getattr(S, name)([Parameter("xy", np.zeros(2), np.zeros(3))], lr=0.1)
    with pytest.raises(TypeError, match="Parameter"):
        getattr(S, name)([np.zeros(2)], lr=0.1)


@pytest.mark.parametrize("name", ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
def test_torch_optimizers_reject_non_leaf_tensors(name):
    w = torch.zeros(2, requires_grad=True)
    for B in (T, torch.optim):
        with pytest.raises(ValueError, match="(?i)leaf"):
            getattr(B, name)([w * 2], lr=0.1)
    with pytest.raises(TypeError, match="텐서"):
        getattr(T, name)([np.zeros(2)], lr=0.1)


# --- 옵티마이저: 인자 검사 (torch.optim과 같은 규칙) ----------------------------------------------

BAD_ARGS = [
    ("Adagrad", dict(lr=-0.1)), ("Adagrad", dict(lr_decay=-0.1)), ("Adagrad", dict(weight_decay=-1.0)),
    ("Adagrad", dict(initial_accumulator_value=-0.5)), ("Adagrad", dict(eps=-1e-10)), ("Adagrad", dict(lr_decay=math.nan)),
    ("RMSprop", dict(lr=-0.1)), ("RMSprop", dict(alpha=-0.5)), ("RMSprop", dict(eps=-1e-8)),
    ("RMSprop", dict(weight_decay=-0.1)), ("RMSprop", dict(momentum=-0.9)), ("RMSprop", dict(alpha=math.nan)),
    ("AdamW", dict(lr=-0.1)), ("AdamW", dict(betas=(1.0, 0.999))), ("AdamW", dict(betas=(0.9, -0.1))),
    ("AdamW", dict(eps=-1e-8)), ("AdamW", dict(weight_decay=-0.01)),
    ("SGD", dict(lr=-0.1)), ("SGD", dict(weight_decay=-0.1)),
]
EDGE_ARGS = [  # 경계값: torch.optim이 받는 것은 우리도 받는다
    ("Adagrad", dict(lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=0)),
    ("RMSprop", dict(alpha=0.0, eps=0.0, weight_decay=0, momentum=0, centered=True)),
    ("RMSprop", dict(alpha=1.5)),  # torch는 alpha의 위쪽 한계를 두지 않는다
    ("AdamW", dict(betas=(0.0, 0.0), eps=0.0, weight_decay=0.0)),
]


def _one_param(B):
    return [Parameter("w", np.zeros(2), np.zeros(2))] if B is S else [torch.nn.Parameter(torch.zeros(2))]


@pytest.mark.parametrize("B", [S, T, torch.optim], ids=["scratch", "torch_impl", "torch.optim"])
@pytest.mark.parametrize("name,kwargs", BAD_ARGS, ids=[f"{n}-{list(k)[0]}={list(k.values())[0]}" for n, k in BAD_ARGS])
def test_bad_arguments_raise_like_torch(B, name, kwargs):
    kwargs = {"lr": 0.1, **kwargs}
    with pytest.raises(ValueError):
        getattr(B, name)(_one_param(B), **kwargs)


@pytest.mark.parametrize("B", [S, T, torch.optim], ids=["scratch", "torch_impl", "torch.optim"])
@pytest.mark.parametrize("name,kwargs", EDGE_ARGS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(EDGE_ARGS)])
def test_edge_arguments_accepted_like_torch(B, name, kwargs):
    opt = getattr(B, name)(_one_param(B), lr=0.1, **kwargs)
    assert opt is not None


@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
@pytest.mark.parametrize("name", ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"])
def test_where_we_are_stricter_than_torch(B, name):
    """의도한 차이: torch.optim은 lr=0으로 만들 수 있지만 dlcourse는 거절한다 (배우지 않는 옵티마이저는 실수다).
    스케줄러가 학습 중에 lr을 0까지 내리는 것은 된다 (test_cosine_schedule_can_reach_zero)."""
    getattr(torch.optim, name)(_one_param(T), lr=0.0)
    with pytest.raises(ValueError, match="학습률"):
        getattr(B, name)(_one_param(B), lr=0.0)
    with pytest.raises(ValueError, match="비어"):
        getattr(B, name)([], lr=0.1)
    if name == "SGD":  # torch.optim.SGD는 momentum < 0으로 검사해 NaN을 통과시킨다. 우리는 모든 인자에서 NaN을 거절한다
        torch.optim.SGD(_one_param(T), lr=0.1, momentum=math.nan)
        with pytest.raises(ValueError, match="momentum"):
            B.SGD(_one_param(B), lr=0.1, momentum=math.nan)


def test_default_arguments_match_torch_optim():
    """기본값이 torch.optim과 같다 (torch에만 있는 인자 maximize, foreach … 는 우리에게 없다)."""
    for name in ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"]:
        theirs = inspect.signature(getattr(torch.optim, name)).parameters
        for B in (S, T):
            for arg in inspect.signature(getattr(B, name)).parameters.values():
                if arg.default is not inspect.Parameter.empty:
                    assert arg.default == theirs[arg.name].default, f"{B.__name__}.{name}({arg.name}=…)"


# --- 옵티마이저: 상태는 나눠 갖지 않는다, 기울기가 None이면 건너뛴다 ------------------------------------


@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=CONFIG_IDS)
def test_optimizers_do_not_share_state(name, kwargs, rng):
    """같은 설정의 두 옵티마이저를 번갈아 돌려도, 한 옵티마이저 안의 같은 모양 매개변수 둘도 서로의 상태를 건드리지 않는다:
    각 매개변수의 궤적이 혼자 돌린 것과 같다."""
    g_seq = [rng.normal(size=(2, 3)) for _ in range(8)]
    init = rng.normal(size=(2, 3))

    def alone(grads):
        p = Parameter("w", init.copy(), np.zeros_like(init))
        opt = getattr(S, name)([p], **kwargs)
        for g in grads:
            p.grad[...] = g
            opt.step()
        return p.data

    a, b, c = (Parameter(n, init.copy(), np.zeros_like(init)) for n in "abc")
    opt_ab = getattr(S, name)([a, b], **kwargs)
    opt_c = getattr(S, name)([c], **kwargs)
    for g in g_seq:
        a.grad[...], b.grad[...] = g, -2 * g
        opt_ab.step()
        c.grad[...] = 3 * g
        opt_c.step()
    for p, scale in ((a, 1), (b, -2), (c, 3)):
        np.testing.assert_array_equal(p.data, alone([scale * g for g in g_seq]), err_msg=f"매개변수 {p.name}")

    # torch 쌍둥이도 같은 검사
    ta, tb, tc = (torch.tensor(init, requires_grad=True) for _ in range(3))
    t_ab, t_c = getattr(T, name)([ta, tb], **kwargs), getattr(T, name)([tc], **kwargs)
    for g in g_seq:
        ta.grad, tb.grad, tc.grad = torch.tensor(g), torch.tensor(-2 * g), torch.tensor(3 * g)
        t_ab.step()
        t_c.step()
    for p, ours in ((a, ta), (b, tb), (c, tc)):
        np.testing.assert_allclose(to_numpy(ours), p.data, rtol=RTOL, atol=0, err_msg=f"torch_impl 매개변수 {p.name}")


STATEFUL = [(c, i) for c, i in zip(CONFIGS, CONFIG_IDS) if c[0] != "SGD"]  # 걸음 수를 세는 옵티마이저 (SGD는 test_contract.py)


@pytest.mark.parametrize("name,kwargs", [c for c, _ in STATEFUL], ids=[i for _, i in STATEFUL])
def test_torch_twins_skip_parameters_without_grad(name, kwargs, device):
    """기울기가 None인 매개변수는 건너뛴다: 값도 상태도 걸음 수도 그대로 (torch.optim처럼).
    걸음 수는 매개변수마다라서 Adagrad의 ηₜ와 Adam(W)의 편향 보정이 매개변수마다 달라진다."""
    start = torch.tensor([[1.0, -2.0], [0.5, 3.0]], dtype=torch.float64, device=device)
    ours = [torch.nn.Parameter(start.clone()) for _ in range(2)]
    theirs = [torch.nn.Parameter(start.clone()) for _ in range(2)]
    opt_ours, opt_theirs = getattr(T, name)(ours, **kwargs), getattr(torch.optim, name)(theirs, **kwargs)
    for step in range(10):
        for params, opt in ((ours, opt_ours), (theirs, opt_theirs)):
            opt.zero_grad()
            used = params if step % 3 == 2 else params[:1]  # 둘째 매개변수는 세 걸음에 한 번만 기울기를 받는다
            sum((p**3).sum() + p.sum() for p in used).backward()
            opt.step()
    assert opt_ours.steps == [10, 3]
    for i, (a, b) in enumerate(zip(ours, theirs)):
        torch.testing.assert_close(a, b, rtol=RTOL, atol=0)
        assert opt_theirs.state[b]["step"] == opt_ours.steps[i]


# --- 학습률 스케줄러 ---------------------------------------------------------------------------

SCHEDULES = [
    ("StepLR", dict(step_size=1, gamma=0.5)),
    ("StepLR", dict(step_size=7)),
    ("StepLR", dict(step_size=3, gamma=0.9)),
    ("CosineAnnealingLR", dict(T_max=10)),  # 30 에포크: 내려갔다 다시 올라가는 주기를 한 번 반 지난다
    ("CosineAnnealingLR", dict(T_max=7, eta_min=0.01)),
    ("CosineAnnealingLR", dict(T_max=30, eta_min=1e-4)),
]


def test_lr_scheduler_module_is_shared():
    assert S.lr_scheduler is T.lr_scheduler
    assert S.lr_scheduler.__name__ == "dlcourse._lr_scheduler"
    assert set(S.lr_scheduler.__all__) == {"LRScheduler", "StepLR", "CosineAnnealingLR"}


@pytest.mark.parametrize("cls,kwargs", SCHEDULES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(SCHEDULES)])
def test_lr_sequence_matches_torch(cls, kwargs):
    """30 에포크의 학습률 열이 torch.optim.lr_scheduler와 같다 (scratch·torch_impl 옵티마이저 모두)."""
    base = 0.1
    ref_opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=base)
    ref = getattr(torch.optim.lr_scheduler, cls)(ref_opt, **kwargs)
    ours = []
    for B in (S, T):
        opt = B.SGD(_one_param(B), lr=base)
        ours.append((opt, getattr(B.lr_scheduler, cls)(opt, **kwargs)))
    seq = [ref.get_last_lr()[0]]
    for epoch in range(30):
        for opt, sched in ours:
            assert sched.last_epoch == ref.last_epoch == epoch
            assert sched.get_last_lr() == pytest.approx(ref.get_last_lr(), rel=RTOL, abs=0)
            assert opt.lr == pytest.approx(ref_opt.param_groups[0]["lr"], rel=RTOL, abs=0)
        ref_opt.step()  # torch는 optimizer.step() 없이 scheduler.step()을 부르면 경고한다
        ref.step()
        for _, sched in ours:
            sched.step()
        seq.append(ref.get_last_lr()[0])
    assert len(set(seq)) > 3, "학습률이 실제로 바뀌는 일정이어야 합니다"


@pytest.mark.parametrize("kwargs", [dict(T_max=10), dict(T_max=7, eta_min=0.01)])
def test_cosine_schedule_follows_the_closed_form(kwargs):
    """연쇄형(지금 lr에 비율을 곱한다)으로 계산해도 닫힌 식 η_min + ½(η₀ − η_min)(1 + cos(πt/T))과 같다 (주기 2T)."""
    base, T_max, eta_min = 0.1, kwargs["T_max"], kwargs.get("eta_min", 0.0)
    opt = S.SGD(_one_param(S), lr=base)
    sched = S.lr_scheduler.CosineAnnealingLR(opt, **kwargs)
    for t in range(1, 35):
        sched.step()
        expected = eta_min + (base - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2
        assert opt.lr == pytest.approx(expected, rel=1e-12, abs=1e-17), f"t={t}"


def test_step_lr_follows_the_closed_form():
    opt = T.SGD(_one_param(T), lr=0.2)
    sched = T.lr_scheduler.StepLR(opt, step_size=4, gamma=0.5)
    lrs = [sched.get_last_lr()[0]]
    for _ in range(12):
        sched.step()
        lrs.append(sched.get_last_lr()[0])
    assert lrs == [0.2] * 4 + [0.1] * 4 + [0.05] * 4 + [0.025]  # 0.5를 곱하는 것은 정확하다


def test_cosine_schedule_can_reach_zero():
    opt = S.Adam(_one_param(S), lr=0.01)
    sched = S.lr_scheduler.CosineAnnealingLR(opt, T_max=5)
    for _ in range(5):
        sched.step()
    assert opt.lr == 0.0 and sched.get_last_lr() == [0.0]
    sched.step()
    assert opt.lr > 0.0, "T_max를 지나면 다시 올라간다 (torch와 같다)"


def test_get_last_lr_is_a_fresh_list():
    opt = S.SGD(_one_param(S), lr=0.1)
    sched = S.lr_scheduler.StepLR(opt, step_size=1)
    last = sched.get_last_lr()
    last[0] = 123.0
    assert sched.get_last_lr() == [0.1] and opt.lr == 0.1


def test_scheduler_argument_errors():
    ls = S.lr_scheduler
    opt = S.SGD(_one_param(S), lr=0.1)
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="step_size"):
            ls.StepLR(opt, step_size=bad)
        with pytest.raises(ValueError, match="T_max"):
            ls.CosineAnnealingLR(opt, T_max=bad)
    with pytest.raises(ValueError, match="gamma"):
        ls.StepLR(opt, step_size=2, gamma=0.0)
    with pytest.raises(ValueError, match="eta_min"):
        ls.CosineAnnealingLR(opt, T_max=5, eta_min=-1e-3)
    with pytest.raises(TypeError, match="torch.optim.lr_scheduler"):  # torch.optim의 옵티마이저에는 lr 속성이 없다
        ls.StepLR(torch.optim.SGD(_one_param(T), lr=0.1), step_size=2)
    assert opt.lr == 0.1, "실패한 생성이 학습률을 바꾸면 안 됩니다"


@pytest.mark.parametrize("opt_name,opt_kwargs,cls,sched_kwargs", [
    ("SGD", dict(lr=0.1, momentum=0.9), "StepLR", dict(step_size=2, gamma=0.5)),
    ("Adam", dict(lr=0.05), "CosineAnnealingLR", dict(T_max=4, eta_min=1e-3)),
    ("RMSprop", dict(lr=0.01, centered=True), "StepLR", dict(step_size=3, gamma=0.3)),
    ("AdamW", dict(lr=0.02, weight_decay=0.1), "CosineAnnealingLR", dict(T_max=3)),
])
def test_training_with_a_schedule_matches_torch(opt_name, opt_kwargs, cls, sched_kwargs, rng, device):
    """6 에포크 × 4걸음: 우리 옵티마이저 + 우리 스케줄러 = torch.optim + torch.optim.lr_scheduler (두 백엔드 모두)."""
    x, y = rng.normal(size=(32, 5)), rng.normal(size=(32, 3))
    s = S.Linear(5, 3, generator=np.random.default_rng(2), dtype=np.float64)
    ts = [copy_to_torch(s, T.Linear(5, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)).to(device)
          for _ in range(2)]
    s_opt = getattr(S, opt_name)(s.parameters(), **opt_kwargs)
    t_opt = getattr(T, opt_name)(list(ts[0].parameters()), **opt_kwargs)
    ref_opt = getattr(torch.optim, opt_name)(ts[1].parameters(), **opt_kwargs)
    scheds = [getattr(S.lr_scheduler, cls)(s_opt, **sched_kwargs), getattr(T.lr_scheduler, cls)(t_opt, **sched_kwargs),
              getattr(torch.optim.lr_scheduler, cls)(ref_opt, **sched_kwargs)]
    loss_fn, xt, yt = S.MSELoss(), to_torch(x, device), to_torch(y, device)
    for epoch in range(6):
        for batch in range(4):
            sl = slice(8 * batch, 8 * batch + 8)
            loss_fn(s(x[sl]), y[sl])
            s.backward(loss_fn.backward(), input_grad=False)
            s_opt.step()
            for model, opt in zip(ts, (t_opt, ref_opt)):
                opt.zero_grad()
                F.mse_loss(model(xt[sl]), yt[sl]).backward()
                opt.step()
        for sched in scheds:
            sched.step()
        lr = ref_opt.param_groups[0]["lr"]
        assert s_opt.lr == pytest.approx(lr, rel=RTOL) and t_opt.lr == pytest.approx(lr, rel=RTOL)
    assert len({scheds[2].get_last_lr()[0], opt_kwargs["lr"]}) == 2, "일정이 학습률을 바꿔야 합니다"
    for label, model in (("torch_impl", ts[0]), ("torch.optim", ts[1])):
        np.testing.assert_allclose(s.weight.T, to_numpy(model.weight), rtol=RTOL, atol=0, err_msg=label)
        np.testing.assert_allclose(s.bias, to_numpy(model.bias), rtol=RTOL, atol=0, err_msg=label)


# --- 기울기 자르기 ------------------------------------------------------------------------------

SHAPES = [(4, 3), (3,), (2, 2, 2)]


def _grads(rng, scale=1.0):
    return [scale * rng.normal(size=shape) for shape in SHAPES]


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, math.inf, "inf"])
@pytest.mark.parametrize("ratio", [0.3, 3.0], ids=["clipped", "untouched"])
def test_clip_grad_norm_matches_torch(norm_type, ratio, rng, device):
    """max_norm = ratio × 전체 노름: 0.3이면 줄이고, 3이면 그대로 둔다. 돌려주는 노름과 잘린 기울기가 torch와 같다."""
    grads = _grads(rng)
    p_norm = math.inf if norm_type == "inf" else float(norm_type)
    total = np.linalg.norm(np.concatenate([g.ravel() for g in grads]), ord=p_norm)
    max_norm = ratio * total

    params = [Parameter(f"p{i}", np.zeros_like(g), g.copy()) for i, g in enumerate(grads)]
    s_total = S.clip_grad_norm_(params, max_norm, norm_type=norm_type)
    tensors = {}
    for label in ("torch_impl", "torch"):
        ps = [torch.zeros(g.shape, dtype=torch.float64, device=device, requires_grad=True) for g in grads]
        for p, g in zip(ps, grads):
            p.grad = to_torch(g, device)
        fn = T.clip_grad_norm_ if label == "torch_impl" else torch.nn.utils.clip_grad_norm_
        tensors[label] = (fn(ps, max_norm, norm_type=norm_type), ps)

    assert isinstance(s_total, float)
    assert s_total == pytest.approx(total, rel=RTOL)
    for label, (t_total, ps) in tensors.items():
        assert t_total.ndim == 0 and t_total.device.type == device.type, label
        assert s_total == pytest.approx(t_total.item(), rel=RTOL), label
        for p, sp in zip(ps, params):
            np.testing.assert_allclose(sp.grad, to_numpy(p.grad), rtol=RTOL, atol=0, err_msg=f"{label} {sp.name}")
    clipped_total = np.linalg.norm(np.concatenate([p.grad.ravel() for p in params]), ord=p_norm)
    if ratio < 1:
        assert clipped_total == pytest.approx(max_norm, rel=1e-6), "잘린 뒤의 노름은 max_norm이다"
        for g, p in zip(grads, params):  # 방향은 그대로: 모두 같은 비율로 줄었다
            np.testing.assert_allclose(p.grad / g, np.full(g.shape, max_norm / (total + 1e-6)), rtol=1e-12)
    else:
        for g, p in zip(grads, params):
            np.testing.assert_array_equal(p.grad, g)


def test_scratch_clip_changes_the_models_own_gradients(rng):
    """model.parameters()의 grad는 층이 가진 버퍼 그 자체다: 자르면 층의 기울기가 바뀌고 옵티마이저가 그것을 쓴다."""
    model = S.Sequential(S.Linear(4, 6, generator=rng), S.Tanh(), S.Linear(6, 2, generator=rng))
    loss_fn = S.MSELoss()
    x, y = rng.normal(size=(5, 4)), 100 * rng.normal(size=(5, 2))  # 큰 목표값: 기울기가 크다
    loss_fn(model(x), y)
    model.backward(loss_fn.backward())
    before = [g.copy() for g in model.grads]
    total = S.clip_grad_norm_(model.parameters(), max_norm=1.0)
    assert total == pytest.approx(np.sqrt(sum((g**2).sum() for g in before)), rel=1e-12) and total > 1.0
    after = np.sqrt(sum((g**2).sum() for g in model.grads))
    assert after == pytest.approx(1.0, rel=1e-6)
    single = Parameter("w", np.zeros(2), np.array([3.0, 4.0]))  # Parameter 하나도 받는다 (torch가 텐서 하나를 받듯이)
    assert S.clip_grad_norm_(single, 1.0) == 5.0
    np.testing.assert_allclose(single.grad, np.array([3.0, 4.0]) / (5.0 + 1e-6), rtol=1e-15)


def test_torch_clip_skips_missing_grads_and_handles_empty_input(device):
    a = torch.zeros(3, dtype=torch.float64, device=device, requires_grad=True)
    b = torch.zeros(2, dtype=torch.float64, device=device, requires_grad=True)
    a.grad = torch.tensor([3.0, 0.0, -4.0], dtype=torch.float64, device=device)
    total = T.clip_grad_norm_([a, b], max_norm=2.5)
    assert b.grad is None and total.item() == 5.0
    torch.testing.assert_close(a.grad, torch.tensor([1.5, 0.0, -2.0], dtype=torch.float64, device=device), rtol=1e-6, atol=0)
    assert T.clip_grad_norm_([b], 1.0).item() == torch.nn.utils.clip_grad_norm_([b], 1.0).item() == 0.0
    assert S.clip_grad_norm_([], 1.0) == 0.0
    c = torch.zeros(2, dtype=torch.float64, device=device, requires_grad=True)
    c.grad = torch.tensor([0.6, 0.8], dtype=torch.float64, device=device)
    assert T.clip_grad_norm_(c, 10.0).item() == pytest.approx(1.0, rel=1e-15)  # 텐서 하나도 받는다


@pytest.mark.parametrize("norm_type", [2.0, 1.0, math.inf])
def test_clip_norm_does_not_overflow(norm_type):
    """큰 기울기(1e200)의 제곱은 float64를 넘친다: 가장 큰 |g|로 나눠 재므로 노름이 유한하고 경고도 없다."""
    g = np.array([3e200, -4e200])
    expected = {2.0: 5e200, 1.0: 7e200, math.inf: 4e200}[norm_type]
    p = Parameter("w", np.zeros(2), g.copy())
    assert S.clip_grad_norm_([p], 1.0, norm_type) == pytest.approx(expected, rel=1e-14)
    np.testing.assert_allclose(np.abs(p.grad).sum() if norm_type == 1.0 else np.linalg.norm(p.grad, norm_type), 1.0, rtol=1e-6)
    w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    w.grad = torch.tensor(g)
    assert T.clip_grad_norm_([w], 1.0, norm_type).item() == pytest.approx(expected, rel=1e-14)
    zero = Parameter("z", np.zeros(3), np.zeros(3))  # 모두 0: 0으로 나누지 않는다
    assert S.clip_grad_norm_([zero], 1.0, norm_type) == 0.0
    wz = torch.zeros(3, dtype=torch.float64, requires_grad=True)
    wz.grad = torch.zeros(3, dtype=torch.float64)
    assert T.clip_grad_norm_([wz], 1.0, norm_type).item() == 0.0


def test_clip_with_non_finite_gradients_behaves_like_torch():
    """기울기에 inf가 있으면 노름이 inf이고, torch처럼 그 기울기는 NaN, 나머지는 0이 된다 (경고 없이)."""
    g = np.array([1.0, math.inf, -2.0])
    p = Parameter("w", np.zeros(3), g.copy())
    ws = [torch.zeros(3, dtype=torch.float64, requires_grad=True) for _ in range(2)]
    for w in ws:
        w.grad = torch.tensor(g)
    totals = [S.clip_grad_norm_([p], 1.0), T.clip_grad_norm_([ws[0]], 1.0).item(),
              torch.nn.utils.clip_grad_norm_([ws[1]], 1.0).item()]
    assert totals == [math.inf] * 3
    for w in ws:
        np.testing.assert_array_equal(p.grad, to_numpy(w.grad))


@pytest.mark.parametrize("B", [S, T], ids=["scratch", "torch_impl"])
def test_clip_argument_errors(B):
    params = _one_param(B)
    if B is T:
        params[0].grad = torch.ones(2)
    for bad in (0.0, -1.0, math.nan):
        with pytest.raises(ValueError, match="max_norm"):
            B.clip_grad_norm_(params, bad)
    for bad in (0.0, -2.0, -math.inf):
        with pytest.raises(ValueError, match="norm_type"):
            B.clip_grad_norm_(params, 1.0, norm_type=bad)
    with pytest.raises(TypeError, match="수여야"):
        B.clip_grad_norm_(params, "big")
    if B is S:
        with pytest.raises(TypeError, match="Parameter"):
            B.clip_grad_norm_([np.ones(2)], 1.0)
