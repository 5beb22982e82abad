"""순환 신경망 예측기의 PyTorch 쌍둥이: 창 (N, L) → RNN/LSTM/GRU → 마지막 은닉 상태 → Linear. 기울기는 autograd.

이름·시그니처·매개변수 이름은 :mod:`dlcourse.scratch.forecaster` 와 같다 (``SequenceRegressor``, ``fit_window_model``,
``NeuralForecaster``). 순환 층과 Linear는 이 패키지의 쌍둥이 (텐서 연산)이고, torch.nn.LSTM 등을 감싸지 않는다.
"""
import numpy as np
import torch
from torch import nn

from .._forecast import NeuralForecasterBase, check_cell, check_size, sequence_shape, split_windows
from .._loop import EarlyStopping, run_fit
from .._modes import eval_mode
from ._tensor import as_float_tensor
from .clip import clip_grad_norm_
from .data import DataLoader
from .linear import Linear
from .losses import MSELoss
from .optim import Adam
from .rnn import GRU, LSTM, RNN
from .training import evaluate

__all__ = ["SequenceRegressor", "fit_window_model", "NeuralForecaster"]

_RNN_CLASSES = {"RNN": RNN, "LSTM": LSTM, "GRU": GRU}


class SequenceRegressor(nn.Module):
    """창 하나를 읽고 앞날의 값 ``output_size`` 개를 내는 순환 신경망 회귀 모델.

        output, _ = rnn(x)          x (N, L, input_size) → output (N, L, H)   (batch_first)
        y = head(output[:, -1])     마지막 시각의 은닉 상태 h_L (N, H) → (N, output_size)

    변수가 하나인 창 (N, L)도 받는다 (input_size = 1이면 (N, L, 1)로 본다). 매개변수 이름: ``rnn.weight_ih_l0`` …,
    ``head.weight`` (out, in), ``head.bias`` — scratch 쌍둥이의 ``state_dict`` 가 그대로 들어온다.
    """

    def __init__(self, cell, input_size, hidden_size, output_size, num_layers=1, *, generator, dtype=None):
        super().__init__()
        where = "SequenceRegressor"
        rnn_class = _RNN_CLASSES[check_cell(cell, where)]
        self.cell = cell
        self.input_size = check_size(input_size, "input_size", where)
        self.hidden_size = check_size(hidden_size, "hidden_size", where)
        self.output_size = check_size(output_size, "output_size", where)
        self.num_layers = check_size(num_layers, "num_layers", where)
        self.rnn = rnn_class(input_size, hidden_size, num_layers, batch_first=True, generator=generator, dtype=dtype)
        self.head = Linear(hidden_size, output_size, generator=generator, dtype=dtype)

    def extra_repr(self):
        return f"{self.cell!r}, num_layers={self.num_layers}"

    def forward(self, x):
        """x (N, L, input_size) 또는 (N, L) → (N, output_size)."""
        x = as_float_tensor(x, "SequenceRegressor", "x")
        output, _ = self.rnn(x.reshape(sequence_shape(x, self.input_size, "SequenceRegressor")))  # (N, L, H)
        return self.head(output[:, -1])                                                        # (N, output_size)


def _clipped_train_step(max_norm):
    """학습 한 걸음에 기울기 클리핑를 더한 것: 비우기 → 순전파 → 손실 → loss.backward() → 클리핑 → 갱신."""

    def step(model, loss_fn, optimizer, xb, yb):
        optimizer.zero_grad()
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        return loss.item(), out.detach()

    return step


def fit_window_model(model, x, y, *, generator, val_points=30, lr=1e-3, batch_size=32, max_epochs=300, patience=30,
                     max_norm=1.0, weight_decay=0.0):
    """창 위의 모델을 학습 처방대로 학습하고 기록을 돌려준다 (scratch 쌍둥이와 같은 처방, 같은 기록).

    x (N, L) 또는 (N, L, D), y (N, h): 텐서 (모델과 같은 dtype·장치). 검증은 목표가 마지막 ``val_points`` 개 값
    안에 드는 창. Adam(lr, weight_decay), 미니배치 batch_size, 기울기 노름 자르기 max_norm, 조기 종료(patience) 뒤 가장 좋았던
    가중치로 되돌린다. generator: 배치 순서를 섞는 ``torch.Generator`` 또는 ``np.random.Generator``
    (scratch와 같은 시드의 NumPy 생성기를 주면 배치 순서까지 같다).
    """
    x, y = as_float_tensor(x, "fit_window_model", "x"), as_float_tensor(y, "fit_window_model", "y")
    x_train, y_train, x_val, y_val = split_windows(x, y, val_points)
    train_loader = DataLoader((x_train, y_train), batch_size=batch_size, shuffle=True, generator=generator)
    val_loader = DataLoader((x_val, y_val), batch_size=len(x_val))
    stopper = EarlyStopping(patience=patience)
    optimizer = Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    model.train()
    history = run_fit(_clipped_train_step(max_norm), evaluate, model, MSELoss(), optimizer, train_loader, max_epochs,
                      val_loader, None, stopper, False)
    return history | {"best_epoch": stopper.best_epoch, "best_val_loss": stopper.best_loss}


class NeuralForecaster(NeuralForecasterBase):
    """신경망 예측기 (scratch 쌍둥이와 같은 인자): ``build_model()`` 의 새 모델을 창으로 학습하고 재귀/직접 예측한다.

    평가 규약은 NumPy 시계열을 주고받으므로, 창을 모델의 dtype·장치의 텐서로 바꿔 학습하고 예측을 NumPy로 돌려준다.
    ``fit(train)`` 뒤 속성: ``model_``, ``history_``, ``scaler_``.
    """

    def _tensor(self, a):
        p = next(self.model_.parameters())
        return torch.tensor(a, dtype=p.dtype, device=p.device)

    def _train(self, x, y):
        self.model_ = self.build_model()
        self.history_ = fit_window_model(self.model_, self._tensor(x), self._tensor(y), generator=self.generator,
                                         **self.fit_options)
        return self._predict

    @torch.no_grad()
    def _predict(self, x):
        """창 (M, L) float64 NumPy → 예측 (M, k) float64 NumPy (평가 모드)."""
        with eval_mode(self.model_):
            return self.model_(self._tensor(x)).cpu().numpy().astype(np.float64)
