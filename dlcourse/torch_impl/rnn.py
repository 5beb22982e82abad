"""순환 층의 PyTorch 쌍둥이: RNN, LSTM, GRU. 셀의 식을 텐서 연산(matmul, sigmoid, tanh)으로 시간 반복 안에 쓰고,
기울기(BPTT)는 autograd가 구한다. ``torch.nn.RNN/LSTM/GRU`` 를 감싸지 않는다.

모양·매개변수 이름·게이트 순서·초기화는 scratch 쌍둥이, 그리고 ``torch.nn.RNN/LSTM/GRU`` 와 같다.
input (L, N, H_in) (batch_first면 (N, L, H_in), 배치 없는 (L, H_in)도 받는다), h0·c0 (num_layers, N, H).
입력 쪽 곱 x·W_ihᵀ + b_ih 는 모든 시각을 한 번에 구하고, 시간을 도는 것은 은닉 쪽 곱 h_{t−1}·W_hhᵀ 뿐이다.
"""
import torch
from torch import nn

from .._rnn import (check_rnn_args, check_rnn_input, check_rnn_state, rnn_extra_repr, rnn_init_bound, rnn_param_shapes,
                    split_lstm_hx, state_shape)
from ._tensor import as_float_tensor
from .init import _check_generator

__all__ = ["RNN", "LSTM", "GRU"]


class _RNNBase(nn.Module):
    """세 순환 층의 공통 부분: 매개변수, 입력·상태 검사, 층 쌓기. 한 층의 시간 반복만 RNN·LSTM·GRU가 따로 쓴다."""

    _mode = None
    _n_states = 1

    def __init__(self, input_size, hidden_size, num_layers, bias, batch_first, generator, dtype, nonlinearity="tanh"):
        super().__init__()
        check_rnn_args(self._mode, input_size, hidden_size, num_layers, bias, batch_first, nonlinearity)
        _check_generator(generator, self._mode)
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.nonlinearity = bias, batch_first, nonlinearity
        for name, shape in rnn_param_shapes(self._mode, input_size, hidden_size, num_layers, bias):
            setattr(self, name, nn.Parameter(torch.empty(shape, dtype=dtype)))
        bound = rnn_init_bound(hidden_size)
        with torch.no_grad():  # torch와 같은 순서로 모두 U(−1/√H, 1/√H)
            for p in self.parameters():
                p.uniform_(-bound, bound, generator=generator)
        self._where = f"{self._mode}({self.extra_repr()})"

    def extra_repr(self):
        return rnn_extra_repr(self.input_size, self.hidden_size, self.num_layers, self.bias, self.batch_first,
                              self.nonlinearity)

    def _weights(self, k):
        b_ih, b_hh = (getattr(self, f"bias_ih_l{k}"), getattr(self, f"bias_hh_l{k}")) if self.bias else (None, None)
        return getattr(self, f"weight_ih_l{k}"), getattr(self, f"weight_hh_l{k}"), b_ih, b_hh

    def _initial_states(self, hx, batched, x, input_shape):
        """hx → (h0,) 또는 (h0, c0), 각각 (num_layers, N, H). 주지 않으면 0. x는 (L, N, H_in)으로 맞춘 입력."""
        n, w = x.shape[1], self.weight_ih_l0
        if hx is None:
            return tuple(x.new_zeros(self.num_layers, n, self.hidden_size) for _ in range(self._n_states))
        given = split_lstm_hx(hx, self._where) if self._n_states == 2 else (hx,)
        shape = state_shape(self.num_layers, n, self.hidden_size, batched)
        states = []
        for name, h in zip(("h0", "c0"), given):
            h = as_float_tensor(h, self._where, name)
            check_rnn_state(h, name, shape, w.dtype, input_shape, self._where)
            states.append(h.reshape(self.num_layers, n, self.hidden_size))
        return tuple(states)

    def forward(self, input, hx=None):
        """(output, h_n) — LSTM은 (output, (h_n, c_n)). output은 맨 위 층의 h_1 … h_L, h_n은 층마다의 마지막 상태."""
        x = as_float_tensor(input, self._where, "input")
        batched = check_rnn_input(x, self.input_size, self.batch_first, self.weight_ih_l0.dtype, self._where)
        input_shape = x.shape
        if not batched:
            x = x.unsqueeze(1)             # (L, H_in) → (L, 1, H_in)
        elif self.batch_first:
            x = x.transpose(0, 1)          # (N, L, H_in) → (L, N, H_in)
        states = self._initial_states(hx, batched, x, input_shape)
        finals = []
        for k in range(self.num_layers):
            w_ih, w_hh, b_ih, b_hh = self._weights(k)
            gi = x @ w_ih.T                # (L, N, G·H): 모든 시각을 한 번에
            if b_ih is not None:
                gi = gi + b_ih
            x, final = self._layer_forward(gi, tuple(s[k] for s in states), w_hh, b_hh)
            finals.append(final)
        last = [torch.stack([f[i] for f in finals]) for i in range(self._n_states)]
        if not batched:
            x, last = x.squeeze(1), [s.squeeze(1) for s in last]
        elif self.batch_first:
            x = x.transpose(0, 1)
        return x, (last[0] if self._n_states == 1 else tuple(last))


class RNN(_RNNBase):
    """엘만 RNN: h_t = φ(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh), φ는 tanh 또는 ReLU."""

    _mode = "RNN"

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False, *,
                 generator, dtype=None):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, generator, dtype, nonlinearity)

    def _layer_forward(self, gi, state0, w_hh, b_hh):
        """한 층의 시간 반복: gi (L, N, H) → 출력 수열 (L, N, H)과 마지막 상태 (h_L,)."""
        (h,) = state0
        act = torch.tanh if self.nonlinearity == "tanh" else torch.relu
        hs = []
        for t in range(gi.shape[0]):
            a = gi[t] + h @ w_hh.T
            if b_hh is not None:
                a = a + b_hh
            h = act(a)
            hs.append(h)
        return torch.stack(hs), (h,)


class LSTM(_RNNBase):
    """LSTM, 게이트 순서 (i, f, g, o): c_t = f ⊙ c_{t−1} + i ⊙ g,  h_t = o ⊙ tanh(c_t)."""

    _mode = "LSTM"
    _n_states = 2

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, *, generator, dtype=None):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, generator, dtype)

    def _layer_forward(self, gi, state0, w_hh, b_hh):
        h, c = state0
        hs = []
        for t in range(gi.shape[0]):
            a = gi[t] + h @ w_hh.T                       # (N, 4H)
            if b_hh is not None:
                a = a + b_hh
            a_i, a_f, a_g, a_o = a.chunk(4, dim=1)
            i, f, g, o = torch.sigmoid(a_i), torch.sigmoid(a_f), torch.tanh(a_g), torch.sigmoid(a_o)
            c = f * c + i * g
            h = o * torch.tanh(c)
            hs.append(h)
        return torch.stack(hs), (h, c)


class GRU(_RNNBase):
    """GRU, 게이트 순서 (r, z, n): n = tanh(gi_n + r ⊙ (h W_hnᵀ + b_hn)),  h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}."""

    _mode = "GRU"

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, *, generator, dtype=None):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, generator, dtype)

    def _layer_forward(self, gi, state0, w_hh, b_hh):
        (h,) = state0
        hs = []
        for t in range(gi.shape[0]):
            gh = h @ w_hh.T                              # (N, 3H)
            if b_hh is not None:
                gh = gh + b_hh
            gi_r, gi_z, gi_n = gi[t].chunk(3, dim=1)
            gh_r, gh_z, gh_n = gh.chunk(3, dim=1)
            r = torch.sigmoid(gi_r + gh_r)
            z = torch.sigmoid(gi_z + gh_z)
            n = torch.tanh(gi_n + r * gh_n)
            h = (1 - z) * n + z * h
            hs.append(h)
        return torch.stack(hs), (h,)
