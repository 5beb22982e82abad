"""순환 신경망 예측기: 창 (N, L) → RNN/LSTM/GRU → 마지막 은닉 상태 → Linear → 예측 (N, 출력 수). 역전파도 직접.

- ``SequenceRegressor``: 모델. 학습 처방과 따로 쓸 수 있는 층이다 (forward/backward).
- ``fit_window_model``: 학습 처방(recipe). 창을 시간 순서로 학습 | 검증으로 나누고, Adam + 기울기 클리핑로
  미니배치 학습을 하며, 검증 손실로 조기 종료하고 가장 좋았던 가중치로 되돌린다.
- ``NeuralForecaster``: 위 둘을 :class:`dlcourse.timeseries.WindowForecaster` 에 끼운 예측기 — 평가 규약
  (``dlcourse.timeseries.evaluate``)에 그대로 넣는다. 창 위의 MLP도 같은 예측기로 감싼다.
"""
import numpy as np

from .._forecast import NeuralForecasterBase, check_cell, check_size, sequence_shape, split_windows
from .._loop import EarlyStopping, run_fit
from .._modes import eval_mode
from ._array import as_float_array
from .clip import clip_grad_norm_
from .data import DataLoader
from .layer import Layer
from .linear import Linear
from .losses import MSELoss
from .optim import Adam
from .rnn import GRU, LSTM, RNN
from .training import evaluate

__all__ = ["SequenceRegressor", "fit_window_model", "NeuralForecaster"]

_RNN_CLASSES = {"RNN": RNN, "LSTM": LSTM, "GRU": GRU}


class _NamedChildren(Layer):
    """하위 층을 번호 대신 이름으로 부르는 층 (torch의 ``self.rnn = …`` 처럼): 매개변수 이름이 ``rnn.weight_ih_l0``,
    ``head.weight`` 가 되어 torch 쌍둥이의 ``state_dict`` 와 이름이 같다. ``_named_children`` 만 채우면 된다.
    매개변수는 모두 하위 층에 있다 (이 층 자신의 매개변수는 없다)."""

    def _named_children(self):
        return []

    def children(self):
        return [child for _, child in self._named_children()]

    def named_parameters(self, prefix=""):
        for name, child in self._named_children():
            yield from child.named_parameters(f"{prefix}{name}.")

    def named_grads(self, prefix=""):
        for name, child in self._named_children():
            yield from child.named_grads(f"{prefix}{name}.")

    def named_buffers(self, prefix=""):
        for name, child in self._named_children():
            yield from child.named_buffers(f"{prefix}{name}.")

    def _entries(self, prefix=""):
        for name, child in self._named_children():
            yield from child._entries(f"{prefix}{name}.")


class SequenceRegressor(_NamedChildren):
    """창 하나를 읽고 앞날의 값 ``output_size`` 개를 내는 순환 신경망 회귀 모델.

        output, _ = rnn(x)          x (N, L, input_size) → output (N, L, H)   (batch_first)
        y = head(output[:, -1])     마지막 시각의 은닉 상태 h_L (N, H) → (N, output_size)

    cell: "rnn" (tanh), "lstm", "gru". rnn은 :class:`RNN` / :class:`LSTM` / :class:`GRU` (num_layers층, batch_first=True),
    head는 :class:`Linear` (hidden_size → output_size). 변수가 하나인 창 (N, L) (``make_windows`` 의 X)도 받는다:
    input_size = 1이면 (N, L, 1)로 본다.
    매개변수 이름은 torch 쌍둥이와 같다 (``rnn.weight_ih_l0`` …, ``head.weight``, ``head.bias``): ``state_dict`` 를 옮기면
    두 구현이 같은 예측을 한다.
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

    def __repr__(self):
        return (f"SequenceRegressor({self.cell!r}, input_size={self.input_size}, hidden_size={self.hidden_size}, "
                f"output_size={self.output_size}, num_layers={self.num_layers})")

    def _named_children(self):
        return [("rnn", self.rnn), ("head", self.head)]

    def forward(self, x):
        """x (N, L, input_size) 또는 (N, L) → (N, output_size)."""
        x = as_float_array(x, "SequenceRegressor", "x")
        self._x_shape = x.shape
        output, _ = self.rnn(x.reshape(sequence_shape(x, self.input_size, "SequenceRegressor")))  # (N, L, H)
        self._output_like = (output.shape, output.dtype)
        y = self.head(output[:, -1])                                                           # (N, output_size)
        self._remember_output(y)
        return y

    def backward(self, dout, input_grad=True):
        """dout (N, output_size) → dx (x와 같은 모양). 기울기는 head를 지나 마지막 시각의 은닉 상태로만 들어간다:

            dh_L = dout · W_headᵀ  (N, H),   doutput = [0, …, 0, dh_L]  (N, L, H)  → rnn.backward (BPTT)

        마지막 시각 말고는 출력에 쓰이지 않았으므로 doutput의 나머지는 0이다. 앞 시각들의 기울기는 BPTT가 h_L에서
        거꾸로 전해 준다.
        """
        dout = self._check_dout(dout)
        dlast = self.head.backward(dout)                                   # (N, H)
        shape, dtype = self._output_like
        doutput = np.zeros(shape, dtype=dtype)
        doutput[:, -1] = dlast
        dx = self.rnn.backward(doutput, input_grad=input_grad)
        return None if dx is None else dx.reshape(self._x_shape)


def _clipped_train_step(max_norm):
    """학습 한 걸음 (:func:`dlcourse.scratch.train_step`)에 기울기 클리핑를 더한 것: 순전파 → 손실 → 역전파 →
    ``clip_grad_norm_(max_norm)`` → 갱신. 순환 층의 기울기가 한 번에 크게 튀어도 걸음 크기가 제한된다."""

    def step(model, loss_fn, optimizer, xb, yb):
        out = model.forward(xb)
        loss = loss_fn.forward(out, yb)
        model.backward(loss_fn.backward(), input_grad=False)
        clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
        return float(loss), out

    return step


def fit_window_model(model, x, y, *, generator, val_points=30, lr=1e-3, batch_size=32, max_epochs=300, patience=30,
                     max_norm=1.0, weight_decay=0.0):
    """창 위의 모델을 학습 처방대로 학습하고 기록(history)을 돌려준다.

    x (N, L) 또는 (N, L, D), y (N, h): 시간 순서의 창 (``make_windows``, 보통 표준화한 시계열에서).

    1. 나누기: 목표가 마지막 ``val_points`` 개 값 안에 드는 창이 검증, 그 앞이 학습 (``split_windows``).
    2. 학습: 손실 MSE, Adam(lr, weight_decay), 미니배치 batch_size (에포크마다 generator로 섞는다), 걸음마다 전체
       기울기 노름을 max_norm으로 자른다. weight_decay = λ > 0이면 기울기에 λ·w를 더해 가중치를 0 쪽으로
       당긴다 (가중치 감쇠, 데이터가 적을 때 과적합을 줄이는 규제).
    3. 조기 종료: 에포크마다 검증 MSE를 재고, patience 에포크 동안 나아지지 않으면 (또는 max_epochs에서) 멈춘 뒤
       검증 손실이 가장 작았던 가중치로 되돌린다.

    model은 ``SequenceRegressor`` 든 ``Sequential`` (창 (N, L)을 받는 MLP)이든 forward/backward가 있는 층이면 된다.
    history: :func:`dlcourse.scratch.fit` 의 기록에 ``best_epoch`` (0부터), ``best_val_loss`` 를 더한 것.
    """
    x, y = as_float_array(x, "fit_window_model", "x"), as_float_array(y, "fit_window_model", "y")
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
    """신경망 예측기: 창을 만들어 ``build_model()`` 의 새 모델을 ``fit_window_model`` 로 학습하고 재귀/직접 예측한다.

    build_model: 인자 없이 새 모델을 돌려주는 함수 (예: ``lambda: SequenceRegressor("lstm", 1, 32, 1, generator=rng)``).
    나머지는 :class:`dlcourse.timeseries.WindowForecaster` (input_length, strategy, horizon, scale, level_free)와
    :func:`fit_window_model` (generator, val_points, lr, batch_size, max_epochs, patience, max_norm, weight_decay)의
    인자다.
    ``fit(train)`` 뒤 속성: ``model_`` (학습한 모델), ``history_`` (학습 기록), ``scaler_``.
    평가는 ``dlcourse.timeseries.evaluate(forecaster, protocol)``: 시험 구간 앞의 데이터로 한 번 학습한다.
    """

    def _array(self, a):
        """평가 규약의 float64 창을 모델의 dtype으로 (float32 모델도 쓸 수 있게)."""
        return np.asarray(a, dtype=self.model_.params[0].dtype)

    def _train(self, x, y):
        """WindowForecaster가 부른다: 창 x (N, L), y (N, k) → 학습한 모델의 예측 함수."""
        self.model_ = self.build_model()
        self.history_ = fit_window_model(self.model_, self._array(x), self._array(y), generator=self.generator,
                                         **self.fit_options)
        return self._predict

    def _predict(self, x):
        """창 (M, L) float64 → 예측 (M, k) float64 (평가 모드)."""
        with eval_mode(self.model_):
            return self.model_.forward(self._array(x)).astype(np.float64)
