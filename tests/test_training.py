"""옵티마이저·미니배치 반복자·학습 반복문·조기 종료."""
import numpy as np
import pytest
import torch

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from dlcourse.convert import copy_to_torch
from tests.conftest import to_numpy, to_torch

OPTIMIZERS = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-2)),
    ("Adam", dict(lr=0.01)),
    ("Adam", dict(lr=0.003, betas=(0.8, 0.99), eps=1e-6, weight_decay=1e-2)),
]


def mlp(B, gen, dtype=None):
    return B.Sequential(B.Linear(4, 8, generator=gen, dtype=dtype), B.Tanh(), B.Linear(8, 3, generator=gen, dtype=dtype))


@pytest.mark.parametrize("steps,rtol", [(1, 1e-7), (10, 1e-6)])
@pytest.mark.parametrize("name,kwargs", OPTIMIZERS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(OPTIMIZERS)])
def test_optimizer_matches_torch_optim(name, kwargs, steps, rtol, rng, device):
    """같은 매개변수·같은 기울기 열에서 scratch, torch_impl, torch.optim이 같은 궤적을 그린다."""
    shape = (5, 3)
    p0 = rng.normal(size=shape)
    grads = [rng.normal(size=shape) for _ in range(steps)]

    data = p0.copy()
    g_buf = np.zeros_like(data)
    s_opt = getattr(S, name)([S.layer.Parameter("w", data, g_buf)], **kwargs)
    results = {}
    for label, cls in [("torch_impl", getattr(T, name)), ("torch.optim", getattr(torch.optim, name))]:
        w = to_torch(p0, device, requires_grad=True)
        opt = cls([w], **kwargs)
        for g in grads:
            w.grad = to_torch(g, device)
            opt.step()
        results[label] = to_numpy(w)
    for g in grads:
        g_buf[...] = g
        s_opt.step()
    for label, value in results.items():
        np.testing.assert_allclose(data, value, rtol=rtol, atol=1e-12, err_msg=f"{name} {steps}걸음 vs {label}")


@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("drop_last", [False, True])
def test_loader_yields_each_index_once_per_epoch(shuffle, drop_last):
    n, bs = 23, 5
    x, y = np.arange(n, dtype=float)[:, None], np.arange(n)
    loader = S.DataLoader((x, y), batch_size=bs, shuffle=shuffle, drop_last=drop_last,
                          generator=np.random.default_rng(0) if shuffle else None)
    assert len(loader) == (n // bs if drop_last else -(-n // bs))
    epochs = []
    for _ in range(3):
        batches = list(loader)
        assert len(batches) == len(loader)
        assert all(len(b[0]) == bs for b in batches[:-1])
        seen = np.concatenate([b[1] for b in batches])
        np.testing.assert_array_equal(seen, np.concatenate([b[0][:, 0] for b in batches]).astype(int))  # x·y 짝 유지
        if drop_last:
            assert len(seen) == (n // bs) * bs and len(set(seen)) == len(seen)
        else:
            np.testing.assert_array_equal(np.sort(seen), np.arange(n))
        epochs.append(seen)
    if shuffle:
        assert not np.array_equal(epochs[0], epochs[1]), "에포크마다 새 순열이어야 합니다"
    else:
        np.testing.assert_array_equal(epochs[0], np.arange(len(epochs[0])))


def test_same_seed_same_order_in_both_backends():
    x = np.arange(17, dtype=float)[:, None]
    orders = []
    for B, data in [(S, (x, x)), (T, (torch.tensor(x), torch.tensor(x)))]:
        for _ in range(2):
            loader = B.DataLoader(data, batch_size=4, shuffle=True, generator=np.random.default_rng(42))
            orders.append([np.asarray(b[0]).ravel().tolist() for _ in range(2) for b in loader])
    assert all(o == orders[0] for o in orders)


def test_loader_errors():
    with pytest.raises(ValueError, match=r"\(3, 1\).*\(4,\)"):
        S.DataLoader((np.zeros((3, 1)), np.zeros(4)))
    with pytest.raises(TypeError, match="generator"):
        S.DataLoader((np.zeros((3, 1)),), shuffle=True)
    with pytest.raises(TypeError, match="generator"):
        T.DataLoader((torch.zeros(3, 1),), shuffle=True)


def test_first_ten_training_steps_match(rng):
    """같은 초기 가중치, 같은 배치 순서: scratch와 torch_impl의 첫 10걸음 손실이 같다 (float64)."""
    x, y = rng.normal(size=(40, 4)), rng.integers(0, 3, size=40)
    s = mlp(S, rng)
    t = copy_to_torch(s, mlp(T, torch.Generator().manual_seed(0), dtype=torch.float64))
    hs = S.fit(s, S.CrossEntropyLoss(), S.Adam(s.parameters(), lr=0.01),
               S.DataLoader((x, y), batch_size=4, shuffle=True, generator=np.random.default_rng(7)), epochs=1)
    ht = T.fit(t, T.CrossEntropyLoss(), T.Adam(t.parameters(), lr=0.01),
               T.DataLoader((torch.tensor(x), torch.tensor(y)), batch_size=4, shuffle=True,
                            generator=np.random.default_rng(7)), epochs=1)
    assert len(hs["step_loss"]) == 10
    np.testing.assert_allclose(hs["step_loss"], ht["step_loss"], rtol=1e-6)


def test_fit_learns_and_early_stopping_restores_best(rng):
    x = rng.normal(size=(60, 4))
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64)
    model = mlp(S, rng)
    stopper = S.EarlyStopping(patience=3)
    hist = S.fit(model, S.CrossEntropyLoss(), S.SGD(model.parameters(), lr=0.5),
                 S.DataLoader((x[:40], y[:40]), batch_size=8, shuffle=True, generator=rng), epochs=200,
                 val_loader=S.DataLoader((x[40:], y[40:]), batch_size=20), metric=S.accuracy,
                 early_stopping=stopper)
    assert len(hist["val_loss"]) < 200, "검증 손실이 나빠지면 멈춰야 합니다"
    assert stopper.best_loss == min(hist["val_loss"])
    val_loss, val_acc = S.evaluate(model, S.CrossEntropyLoss(), S.DataLoader((x[40:], y[40:]), batch_size=20), S.accuracy)
    assert val_loss == pytest.approx(stopper.best_loss, rel=1e-12), "가장 좋았던 가중치로 돌아와야 합니다"
    assert val_acc >= 0.85 and hist["train_metric"][-1] >= 0.85


def test_accuracy_twins():
    logits = np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]])
    y = np.array([0, 1, 1])
    assert S.accuracy(logits, y) == T.accuracy(torch.tensor(logits), torch.tensor(y)) == pytest.approx(2 / 3)
    z = np.array([0.5, -1.0, 2.0])
    yb = np.array([1.0, 0.0, 0.0])
    assert S.accuracy(z, yb) == T.accuracy(torch.tensor(z), torch.tensor(yb)) == pytest.approx(2 / 3)
