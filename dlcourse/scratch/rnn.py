"""순환 층(recurrent layer): RNN, LSTM, GRU. 순전파도 시간 역전파(BPTT, backpropagation through time)도 직접 계산한다.

모양과 이름은 ``torch.nn.RNN/LSTM/GRU`` 를 따른다 (L: 시퀀스 길이, N: 배치, H_in: 입력 특성 수, H: 은닉 크기, G: 게이트 수).

- input: (L, N, H_in), ``batch_first=True`` 면 (N, L, H_in). 배치 없는 (L, H_in)도 torch처럼 받는다.
- h0 (LSTM은 c0도): (num_layers, N, H) (배치 없으면 (num_layers, H)). 주지 않으면 0.
- 층 k의 매개변수 (torch 모양 그대로): ``weight_ih_l{k}`` (G·H, H_in 또는 H), ``weight_hh_l{k}`` (G·H, H),
  ``bias_ih_l{k}``, ``bias_hh_l{k}`` (G·H,). G는 RNN 1, LSTM 4 (i, f, g, o), GRU 3 (r, z, n).
  그래서 ``state_dict()`` 를 ``torch.nn.LSTM`` 에 그대로(strict) 넣을 수 있다.
- 입력 쪽 곱 x·W_ihᵀ + b_ih 는 시간에 기대지 않으므로 모든 시각을 한 번의 행렬 곱 (L·N, H_in) @ (H_in, G·H)로 구한다.
  시간을 따라 도는 것은 은닉 쪽 곱 h_{t−1}·W_hhᵀ 뿐이다.

역전파 ``backward(doutput, dh_n=None[, dc_n=None], input_grad=True)``:

- doutput은 output과 같은 모양, dh_n(dc_n)은 h_n(c_n)과 같은 모양의 상류 기울기다. None이면 0으로 본다.
- input에 대한 기울기를 돌려주고 (다른 층처럼), 매개변수 기울기는 ``grads`` 에 제자리로 쓴다.
- 초기 상태에 대한 기울기는 속성 ``dh0`` (LSTM은 ``dc0`` 도)에 h0와 같은 모양으로 둔다
  (밑바닥부터 시작하는 딥러닝 2의 ``TimeRNN.dh`` 처럼). h0를 주지 않았으면 0 상태에 대한 기울기다.
"""
import numpy as np

from .._rnn import (GATES, check_rnn_args, check_rnn_input, check_rnn_state, rnn_extra_repr, rnn_init_bound,
                    rnn_param_shapes, split_lstm_hx, state_shape)
from ._array import as_float_array
from .init import _check_generator
from .layer import Layer

__all__ = ["RNN", "LSTM", "GRU"]


def _sigmoid(a):
    """σ(a) = 1 / (1 + e^{−a}), 넘침 없는 꼴 (e^{−|a|} ≤ 1 만 계산한다). 입력 검사 없이 층 안에서만 쓴다."""
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + e), e / (1 + e))


class _RNNBase(Layer):
    """세 순환 층의 공통 부분: 매개변수, 입력·상태 검사, 층 쌓기, 매개변수 기울기.

    한 층의 시간 반복(순전파 ``_layer_forward`` 와 역전파 ``_layer_backward``)만 RNN·LSTM·GRU가 따로 쓴다.
    ``_layer_backward`` 는 두 가지 기울기를 돌려준다.

    - dgi = ∂L/∂(x_t W_ihᵀ + b_ih): (L, N, G·H)
    - dgh = ∂L/∂(h_{t−1} W_hhᵀ + b_hh): (L, N, G·H). RNN·LSTM은 두 곱을 그냥 더하므로 dgh = dgi이고,
      GRU는 n 게이트에서 r이 은닉 쪽에만 곱해지므로 다르다.

    그러면 매개변수와 입력의 기울기는 시간·배치 축을 하나로 편 행렬 곱 한 번씩이다 (Linear와 같은 식).

    - dW_ih = Σ_t dgi_tᵀ x_t → (G·H, H_in),  db_ih = Σ_{t,n} dgi
    - dW_hh = Σ_t dgh_tᵀ h_{t−1} → (G·H, H),  db_hh = Σ_{t,n} dgh
    - dx_t = dgi_t W_ih → (N, H_in): 아래 층(또는 입력)으로 가는 기울기
    """

    _mode = None      # "RNN" | "LSTM" | "GRU"
    _n_states = 1     # 상태 수: RNN·GRU는 h 하나, LSTM은 (h, c)

    def __init__(self, input_size, hidden_size, num_layers, bias, batch_first, generator, dtype, nonlinearity="tanh"):
        super().__init__()
        check_rnn_args(self._mode, input_size, hidden_size, num_layers, bias, batch_first, nonlinearity)
        _check_generator(generator, self._mode)
        dtype = np.dtype(np.float64 if dtype is None else dtype)
        if not np.issubdtype(dtype, np.floating):
            raise TypeError(f"{self._mode}: dtype은 실수형이어야 하는데 {dtype}을 받았습니다.")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.bias, self.batch_first, self.nonlinearity = bias, batch_first, nonlinearity
        bound = rnn_init_bound(hidden_size)
        # torch와 같은 순서(층마다 weight_ih, weight_hh, bias_ih, bias_hh)로 등록하고, 모두 U(−1/√H, 1/√H)에서 뽑는다
        for name, shape in rnn_param_shapes(self._mode, input_size, hidden_size, num_layers, bias):
            self.add_param(name, np.empty(shape, dtype=dtype))[...] = generator.uniform(-bound, bound, size=shape)
        self._where = repr(self)  # 오류 메시지에 쓰는 이름
        self._cache = None
        self.dh0 = None

    def __repr__(self):
        return f"{self._mode}({self.extra_repr()})"

    def extra_repr(self):
        """torch와 같은 꼴의 설명 (기본값이 아닌 인자만)."""
        return rnn_extra_repr(self.input_size, self.hidden_size, self.num_layers, self.bias, self.batch_first,
                              self.nonlinearity)

    def __call__(self, input, hx=None):
        return self.forward(input, hx)

    def _weights(self, k):
        p = self._params
        return p[f"weight_ih_l{k}"], p[f"weight_hh_l{k}"], p.get(f"bias_ih_l{k}"), p.get(f"bias_hh_l{k}")

    # --- 순전파 -----------------------------------------------------------------------
    def _initial_states(self, hx, batched, n, input_shape):
        """hx → 상태 배열의 튜플 (h0,) 또는 (h0, c0), 각각 (num_layers, N, H)의 제 사본."""
        dtype = self._params["weight_ih_l0"].dtype
        shape = state_shape(self.num_layers, n, self.hidden_size, batched)
        if hx is None:
            return tuple(np.zeros((self.num_layers, n, self.hidden_size), dtype=dtype) for _ in range(self._n_states))
        given = split_lstm_hx(hx, self._where) if self._n_states == 2 else (hx,)
        names = ("h0", "c0")
        states = []
        for name, h in zip(names, given):
            h = as_float_array(h, self._where, name)
            check_rnn_state(h, name, shape, dtype, input_shape, self._where)
            states.append(np.array(h.reshape(self.num_layers, n, self.hidden_size)))  # 사본
        return tuple(states)

    def forward(self, input, hx=None):
        """output (L, N, H) (batch_first면 (N, L, H))과 마지막 상태 h_n (num_layers, N, H)를 돌려준다.

        층 k의 출력 수열 h_1 … h_L 이 층 k+1의 입력 수열이다. output은 맨 위 층의 수열, h_n은 층마다의 마지막 h다.
        """
        x = as_float_array(input, self._where, "input")
        batched = check_rnn_input(x, self.input_size, self.batch_first, self._params["weight_ih_l0"].dtype, self._where)
        input_shape = x.shape
        if not batched:
            x = x[:, None, :]          # (L, H_in) → (L, 1, H_in)
        elif self.batch_first:
            x = x.swapaxes(0, 1)       # (N, L, H_in) → (L, N, H_in)
        x = np.array(x, order="C")     # 제 사본: 호출한 쪽이 input을 고쳐도 dW_ih가 바뀌지 않는다
        n = x.shape[1]
        states = self._initial_states(hx, batched, n, input_shape)
        self._cache, finals = [], []
        for k in range(self.num_layers):
            w_ih, w_hh, b_ih, b_hh = self._weights(k)
            gi = x @ w_ih.T            # (L, N, H_in) @ (H_in, G·H): 모든 시각을 한 번에
            if b_ih is not None:
                gi += b_ih
            state0 = tuple(s[k] for s in states)
            hs, final, cache = self._layer_forward(gi, state0, w_hh, b_hh)
            self._cache.append((x, state0, hs, cache))
            finals.append(final)
            x = hs                     # 다음 층의 입력
        self._batched = batched
        output = x.swapaxes(0, 1) if (batched and self.batch_first) else x
        output = output.copy() if batched else x[:, 0, :].copy()   # 캐시와 나눠 갖지 않는다
        last = [np.stack([f[i] for f in finals]) for i in range(self._n_states)]   # 새 배열 (num_layers, N, H)
        if not batched:
            last = [s[:, 0, :] for s in last]
        self._remember_output(output)
        self._state_like = (last[0].shape, last[0].dtype)
        return output, (last[0] if self._n_states == 1 else tuple(last))

    # --- 역전파 -----------------------------------------------------------------------
    def _state_grads(self, dstates_n):
        """dh_n (dc_n) 검사: None이면 0, 아니면 h_n과 같은 모양·dtype. (num_layers, N, H)로 편다."""
        shape, dtype = self._state_like
        names = ("dh_n", "dc_n")
        out = []
        for name, d in zip(names, dstates_n):
            if d is None:
                d = np.zeros(shape, dtype=dtype)
            d = np.asarray(d)
            if d.shape != shape:
                raise ValueError(f"{self._where}.backward: {name} shape {d.shape}와(과) forward의 상태 shape {shape}이 같아야 합니다.")
            if d.dtype != dtype:
                raise TypeError(f"{self._where}.backward: {name} dtype {d.dtype}이(가) forward 상태 dtype {dtype}과(와) 다릅니다.")
            out.append(d.reshape(self.num_layers, -1, self.hidden_size))
        return out

    def _backward(self, doutput, dstates_n, input_grad):
        """층을 위에서 아래로: 층마다 시간을 거꾸로 돌아 dgi, dgh를 얻고, 매개변수·입력 기울기는 행렬 곱 한 번씩."""
        dout = self._check_dout(doutput)
        dstates_n = self._state_grads(dstates_n)
        if not self._batched:
            dout = dout[:, None, :]
        elif self.batch_first:
            dout = dout.swapaxes(0, 1)     # (L, N, H); 읽기만 하므로 뷰로 충분하다
        d0 = [[None] * self.num_layers for _ in range(self._n_states)]
        for k in reversed(range(self.num_layers)):
            x, state0, hs, cache = self._cache[k]
            w_ih, w_hh, b_ih, b_hh = self._weights(k)
            dgi, dgh, dstate0 = self._layer_backward(dout, tuple(d[k] for d in dstates_n), state0, hs, cache, w_hh)
            for i, d in enumerate(dstate0):
                d0[i][k] = d
            gh = dgi.shape[-1]
            h_prev = np.concatenate([state0[0][None], hs[:-1]])      # h_{t−1}: (L, N, H)
            np.matmul(dgi.reshape(-1, gh).T, x.reshape(-1, x.shape[-1]), out=self._grads[f"weight_ih_l{k}"])
            np.matmul(dgh.reshape(-1, gh).T, h_prev.reshape(-1, self.hidden_size), out=self._grads[f"weight_hh_l{k}"])
            if b_ih is not None:
                np.sum(dgi, axis=(0, 1), out=self._grads[f"bias_ih_l{k}"])
                np.sum(dgh, axis=(0, 1), out=self._grads[f"bias_hh_l{k}"])
            dout = dgi @ w_ih if (k > 0 or input_grad) else None     # (L, N, H_in): 아래 층의 출력 기울기
        grads0 = [np.stack(d) for d in d0]
        if not self._batched:
            grads0 = [g[:, 0, :] for g in grads0]
        self.dh0 = grads0[0]
        if self._n_states == 2:
            self.dc0 = grads0[1]
        if dout is None:
            return None
        if not self._batched:
            return dout[:, 0, :].copy()
        return np.ascontiguousarray(dout.swapaxes(0, 1)) if self.batch_first else dout


class RNN(_RNNBase):
    """엘만(Elman) RNN: h_t = φ(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh), φ는 tanh 또는 ReLU.

    x_t: (N, H_in), h_t: (N, H), weight_ih_l0: (H, H_in), weight_hh_l0: (H, H).
    ``forward(input, hx=None)`` → (output, h_n). ``backward(doutput, dh_n=None)`` → dinput, ``self.dh0``.
    """

    _mode = "RNN"

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False, *,
                 generator, dtype=None):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, generator, dtype, nonlinearity)

    def _layer_forward(self, gi, state0, w_hh, b_hh):
        """한 층의 시간 반복. gi: (L, N, H) = x W_ihᵀ + b_ih (모든 시각). h_t만 캐시한다 (φ'를 h_t로 구할 수 있다)."""
        (h,) = state0
        hs = np.empty(gi.shape, dtype=gi.dtype)      # (L, N, H)
        for t in range(gi.shape[0]):
            a = gi[t] + h @ w_hh.T                   # (N, H)
            if b_hh is not None:
                a += b_hh
            h = hs[t] = np.tanh(a) if self.nonlinearity == "tanh" else np.maximum(a, 0)
        return hs, (hs[-1],), None

    def _layer_backward(self, dhs, dstate_n, state0, hs, cache, w_hh):
        """BPTT. h_t 는 두 곳으로 간다: 출력(상류 기울기 dhs[t])과 다음 시각의 h_{t+1}. 그래서

            dh_t = dhs[t] + dh_{t+1}→t,   da_t = dh_t ⊙ φ'(a_t),   dh_{t+1}→t 다음 값 = da_t W_hh

        φ = tanh 이면 φ'(a_t) = 1 − h_t², ReLU면 [h_t > 0]. 시각 L−1의 dh는 dh_n에서 시작한다.
        a_t = gi_t + h_{t−1}W_hhᵀ + b_hh 이므로 dgi = dgh = da (L, N, H). 마지막 da_0 W_hh 가 dh0다.
        """
        (dh,) = dstate_n
        da = np.empty_like(hs)
        for t in reversed(range(hs.shape[0])):
            dh = dhs[t] + dh                                    # 출력에서 온 것 + 다음 시각에서 온 것
            da[t] = dh * (1 - hs[t] ** 2) if self.nonlinearity == "tanh" else dh * (hs[t] > 0)
            dh = da[t] @ w_hh                                   # (N, H) @ (H, H) → h_{t−1}의 기울기
        return da, da, (dh,)

    def backward(self, doutput, dh_n=None, input_grad=True):
        """doutput: output과 같은 모양, dh_n: h_n과 같은 모양 (None이면 0) → dinput. h0의 기울기는 ``self.dh0``."""
        return self._backward(doutput, (dh_n,), input_grad)


class LSTM(_RNNBase):
    """장단기 기억(LSTM, long short-term memory). 게이트 순서는 torch와 같이 (i, f, g, o):

        [a_i, a_f, a_g, a_o] = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh      (N, 4H)
        i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)
        c_t = f ⊙ c_{t−1} + i ⊙ g,     h_t = o ⊙ tanh(c_t)

    weight_ih_l0: (4H, H_in), weight_hh_l0: (4H, H). ``forward(input, hx=None)``, hx = (h0, c0) → (output, (h_n, c_n)).
    ``backward(doutput, dh_n=None, dc_n=None)`` → dinput, ``self.dh0`` 와 ``self.dc0``.
    """

    _mode = "LSTM"
    _n_states = 2

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, *, generator, dtype=None):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, generator, dtype)
        self.dc0 = None

    def _layer_forward(self, gi, state0, w_hh, b_hh):
        """캐시: 활성화한 게이트 ifgo (L, N, 4H), 셀 c_t와 tanh(c_t) (L, N, H)."""
        h, c = state0
        H = self.hidden_size
        ifgo = np.empty_like(gi)
        shape = gi.shape[:2] + (H,)
        hs, cs, tanh_cs = (np.empty(shape, dtype=gi.dtype) for _ in range(3))
        for t in range(gi.shape[0]):
            a = gi[t] + h @ w_hh.T                               # (N, 4H)
            if b_hh is not None:
                a += b_hh
            gate = ifgo[t]
            gate[...] = _sigmoid(a)                              # i, f, o는 시그모이드
            gate[:, 2 * H:3 * H] = np.tanh(a[:, 2 * H:3 * H])    # g만 tanh
            i, f, g, o = gate[:, :H], gate[:, H:2 * H], gate[:, 2 * H:3 * H], gate[:, 3 * H:]
            c = cs[t] = f * c + i * g
            tc = tanh_cs[t] = np.tanh(c)
            h = hs[t] = o * tc
        return hs, (hs[-1], cs[-1]), (ifgo, cs, tanh_cs)

    def _layer_backward(self, dhs, dstate_n, state0, hs, cache, w_hh):
        """BPTT. 시각 t에서 들어오는 기울기: dh_t = dhs[t] + (t+1에서 온 dh), dc = (t+1에서 온 dc).

            h_t = o ⊙ tanh(c_t)      →  do = dh ⊙ tanh(c_t),   dc_t = dc + dh ⊙ o ⊙ (1 − tanh²(c_t))
            c_t = f ⊙ c_{t−1} + i ⊙ g →  di = dc_t ⊙ g,  df = dc_t ⊙ c_{t−1},  dg = dc_t ⊙ i,  dc_{t−1} = dc_t ⊙ f
            게이트 안쪽으로: da_i = di ⊙ i(1−i), da_f = df ⊙ f(1−f), da_g = dg ⊙ (1−g²), da_o = do ⊙ o(1−o)
            dh_{t−1} = da_t W_hh   ((N, 4H) @ (4H, H))

        c는 게이트 곱을 지나 f만큼만 줄어 흐르므로 (W_hh를 거치지 않는다) 긴 시퀀스에서도 기울기가 덜 사라진다.
        a_t = gi_t + gh_t 이므로 dgi = dgh = da (L, N, 4H).
        """
        ifgo, cs, tanh_cs = cache
        dh, dc = dstate_n
        H = self.hidden_size
        da = np.empty_like(ifgo)
        for t in reversed(range(hs.shape[0])):
            gate = ifgo[t]
            i, f, g, o = gate[:, :H], gate[:, H:2 * H], gate[:, 2 * H:3 * H], gate[:, 3 * H:]
            c_prev = cs[t - 1] if t > 0 else state0[1]
            dh = dhs[t] + dh
            dc = dc + dh * o * (1 - tanh_cs[t] ** 2)
            da[t, :, :H] = dc * g * i * (1 - i)
            da[t, :, H:2 * H] = dc * c_prev * f * (1 - f)
            da[t, :, 2 * H:3 * H] = dc * i * (1 - g ** 2)
            da[t, :, 3 * H:] = dh * tanh_cs[t] * o * (1 - o)
            dc = dc * f                                          # c_{t−1}의 기울기
            dh = da[t] @ w_hh                                    # h_{t−1}의 기울기
        return da, da, (dh, dc)

    def backward(self, doutput, dh_n=None, dc_n=None, input_grad=True):
        """doutput, dh_n, dc_n (None이면 0) → dinput. h0, c0의 기울기는 ``self.dh0``, ``self.dc0``."""
        return self._backward(doutput, (dh_n, dc_n), input_grad)


class GRU(_RNNBase):
    """게이트 순환 유닛(GRU, gated recurrent unit). 게이트 순서는 torch와 같이 (r, z, n):

        [gi_r, gi_z, gi_n] = x_t W_ihᵀ + b_ih,   [gh_r, gh_z, gh_n] = h_{t−1} W_hhᵀ + b_hh     (각각 (N, H))
        r = σ(gi_r + gh_r),  z = σ(gi_z + gh_z)
        n = tanh(gi_n + r ⊙ gh_n)              ← r은 은닉 쪽 곱에 편향 b_hn까지 포함해 곱한다 (torch의 식)
        h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}

    weight_ih_l0: (3H, H_in), weight_hh_l0: (3H, H). ``forward(input, hx=None)`` → (output, h_n).
    ``backward(doutput, dh_n=None)`` → dinput, ``self.dh0``.
    """

    _mode = "GRU"

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, *, generator, dtype=None):
        super().__init__(input_size, hidden_size, num_layers, bias, batch_first, generator, dtype)

    def _layer_forward(self, gi, state0, w_hh, b_hh):
        """캐시: 게이트 r, z, n을 모은 rzn (L, N, 3H)과 은닉 쪽 곱 gh_n (L, N, H)."""
        (h,) = state0
        H = self.hidden_size
        rzn = np.empty_like(gi)
        hs, ghn = np.empty(gi.shape[:2] + (H,), dtype=gi.dtype), np.empty(gi.shape[:2] + (H,), dtype=gi.dtype)
        for t in range(gi.shape[0]):
            gh = h @ w_hh.T                                      # (N, 3H)
            if b_hh is not None:
                gh += b_hh
            rzn[t, :, :2 * H] = _sigmoid(gi[t, :, :2 * H] + gh[:, :2 * H])
            r, z = rzn[t, :, :H], rzn[t, :, H:2 * H]
            ghn[t] = gh[:, 2 * H:]
            n = rzn[t, :, 2 * H:] = np.tanh(gi[t, :, 2 * H:] + r * ghn[t])
            h = hs[t] = (1 - z) * n + z * h
        return hs, (hs[-1],), (rzn, ghn)

    def _layer_backward(self, dhs, dstate_n, state0, hs, cache, w_hh):
        """BPTT. dh = dhs[t] + (t+1에서 온 dh) 를 h_t = (1 − z) ⊙ n + z ⊙ h_{t−1} 로 거꾸로 보낸다:

            dn = dh ⊙ (1 − z),  dz = dh ⊙ (h_{t−1} − n),  (곧장 가는 몫) dh_{t−1} ⊇ dh ⊙ z
            da_n = dn ⊙ (1 − n²)          → dgi_n = da_n,  dgh_n = da_n ⊙ r,  dr = da_n ⊙ gh_n
            da_r = dr ⊙ r(1−r), da_z = dz ⊙ z(1−z) → dgi_{r,z} = dgh_{r,z} = da_{r,z}
            dh_{t−1} = dgh_t W_hh + dh ⊙ z     ((N, 3H) @ (3H, H))

        r이 은닉 쪽에만 곱해지므로 n 부분에서 dgi ≠ dgh 다. 둘 다 (L, N, 3H)로 돌려준다.
        """
        rzn, ghn = cache
        (dh,) = dstate_n
        H = self.hidden_size
        dgi, dgh = np.empty_like(rzn), np.empty_like(rzn)
        for t in reversed(range(hs.shape[0])):
            r, z, n = rzn[t, :, :H], rzn[t, :, H:2 * H], rzn[t, :, 2 * H:]
            h_prev = hs[t - 1] if t > 0 else state0[0]
            dh = dhs[t] + dh
            da_n = dh * (1 - z) * (1 - n ** 2)
            dgi[t, :, :H] = da_n * ghn[t] * r * (1 - r)          # da_r
            dgi[t, :, H:2 * H] = dh * (h_prev - n) * z * (1 - z)  # da_z
            dgi[t, :, 2 * H:] = da_n
            dgh[t, :, :2 * H] = dgi[t, :, :2 * H]
            dgh[t, :, 2 * H:] = da_n * r
            dh = dgh[t] @ w_hh + dh * z
        return dgi, dgh, (dh,)

    def backward(self, doutput, dh_n=None, input_grad=True):
        """doutput: output과 같은 모양, dh_n: h_n과 같은 모양 (None이면 0) → dinput. h0의 기울기는 ``self.dh0``."""
        return self._backward(doutput, (dh_n,), input_grad)
