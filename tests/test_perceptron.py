"""퍼셉트론 학습 규칙: AND·OR는 배우고 XOR는 못 배운다. 두 백엔드는 같은 길을 걷는다."""
import numpy as np
import pytest
import torch

import dlcourse.scratch as S
import dlcourse.torch_impl as T
from tests.conftest import to_numpy, to_torch

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
TARGETS = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0]}


@pytest.mark.parametrize("gate", ["AND", "OR"])
def test_learns_linearly_separable_gates(gate):
    y = np.array(TARGETS[gate], dtype=np.float64)
    model = S.Perceptron(2)
    history = S.train_perceptron(model, X, y, lr=1.0, max_epochs=20)
    assert history[-1] == 0 and len(history) < 20
    np.testing.assert_array_equal(model(X), y)


def test_cannot_learn_xor():
    y = np.array(TARGETS["XOR"], dtype=np.float64)
    model = S.Perceptron(2)
    history = S.train_perceptron(model, X, y, lr=1.0, max_epochs=100)
    assert len(history) == 100 and min(history) > 0
    assert np.sum(model(X) == y) <= 3  # 직선 하나로는 네 점 중 셋까지만 맞힌다


@pytest.mark.parametrize("gate", ["AND", "OR", "XOR"])
def test_backends_follow_the_same_path(gate, device):
    y = np.array(TARGETS[gate], dtype=np.float64)
    s = S.Perceptron(2)
    t = T.Perceptron(2, dtype=torch.float64).to(device)
    hs = S.train_perceptron(s, X, y, lr=0.5, max_epochs=15)
    ht = T.train_perceptron(t, to_torch(X, device), to_torch(y, device), lr=0.5, max_epochs=15)
    assert hs == ht
    np.testing.assert_array_equal(s.weight, to_numpy(t.weight))
    np.testing.assert_array_equal(s.bias, to_numpy(t.bias))
    np.testing.assert_array_equal(s.weighted_sum(X), to_numpy(t.weighted_sum(to_torch(X, device))))


def test_does_not_mutate_data():
    x, y = X.copy(), np.array(TARGETS["AND"], dtype=np.float64)
    y0 = y.copy()
    S.train_perceptron(S.Perceptron(2), x, y)
    np.testing.assert_array_equal(x, X)
    np.testing.assert_array_equal(y, y0)


@pytest.mark.parametrize("B", [S, T])
def test_bad_input_names_the_shapes(B):
    arr = (lambda a: a) if B is S else torch.tensor
    model = B.Perceptron(2) if B is S else B.Perceptron(2, dtype=torch.float64)
    with pytest.raises(ValueError, match=r"마지막 축은 2.*\(4, 3\)"):
        model(arr(np.zeros((4, 3))))
    with pytest.raises(ValueError, match=r"2차원.*\(2,\)"):
        model(arr(np.zeros(2)))
    with pytest.raises(ValueError, match=r"배치 크기.*\(4, 2\).*\(3,\)"):
        model.learn(arr(X), arr(np.zeros(3)))
    with pytest.raises(ValueError, match=r"y.*1차원.*\(4, 1\)"):
        model.learn(arr(X), arr(np.zeros((4, 1))))
    with pytest.raises(TypeError, match="int64"):
        model(arr(np.zeros((4, 2), dtype=np.int64)))
