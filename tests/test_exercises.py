"""연습 문제 채점 도구가 맞는 답은 통과시키고 틀린 답은 떨어뜨리는지."""
import numpy as np
import pytest
import torch

from dlcourse.exercises import check_close, check_gradient


def test_check_close_passes_and_fails(capsys):
    assert check_close(np.array([1.0, 2.0]), torch.tensor([1.0, 2.0], dtype=torch.float64), name="합")
    assert "합: 통과" in capsys.readouterr().out
    with pytest.raises(AssertionError, match=r"가장 큰 차이 0.5"):
        check_close(np.array([1.0, 2.5]), np.array([1.0, 2.0]))
    with pytest.raises(AssertionError, match=r"모양이 다릅니다.*\(2,\).*\(1, 2\)"):
        check_close(np.zeros(2), np.zeros((1, 2)))


def _sigmoid_pair(wrong=False):
    cache = {}

    def forward(x):
        cache["y"] = y = 1 / (1 + np.exp(-x))
        return y

    def backward(dout):
        y = cache["y"]
        return dout * y * (1 - y) * (1.01 if wrong else 1.0)

    return forward, backward


def test_check_gradient_accepts_a_correct_backward_and_rejects_a_wrong_one():
    rng = np.random.default_rng(0)
    x, dout = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    assert check_gradient(*_sigmoid_pair(), x, dout=dout)
    with pytest.raises(AssertionError, match="상대 오차"):
        check_gradient(*_sigmoid_pair(wrong=True), x, dout=dout)
    with pytest.raises(ValueError, match="dout 모양"):
        check_gradient(*_sigmoid_pair(), x, dout=dout[:2])
