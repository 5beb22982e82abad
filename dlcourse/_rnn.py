"""두 백엔드의 순환 층(RNN·LSTM·GRU)이 함께 쓰는 것: 생성자 인자 검사, 매개변수 이름·모양, 입력·상태 모양 검사.

모양은 ``.shape`` / ``.ndim`` / ``.dtype`` 만 읽으므로 NumPy 배열과 torch 텐서 모두에 쓴다.
매개변수 이름과 모양, 순서는 ``torch.nn.RNN/LSTM/GRU`` 와 같다 (층 k마다 weight_ih, weight_hh, bias_ih, bias_hh).
"""
import math

# 층 하나의 게이트 수 G: 가중치는 (G·H, ·) 모양이다. LSTM은 (i, f, g, o), GRU는 (r, z, n) 순서로 쌓는다.
GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}
NONLINEARITIES = ("tanh", "relu")


def check_rnn_args(mode, input_size, hidden_size, num_layers, bias, batch_first, nonlinearity="tanh"):
    """생성자 인자 검사 (``torch.nn.RNNBase`` 와 같은 규칙): 크기는 양의 정수, bias·batch_first는 bool."""
    for name, value in (("input_size", input_size), ("hidden_size", hidden_size), ("num_layers", num_layers)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{mode}: {name}은(는) 정수여야 하는데 {type(value).__name__} {value!r}을 받았습니다.")
        if value <= 0:
            raise ValueError(f"{mode}: {name}은(는) 1 이상이어야 하는데 {value}을 받았습니다.")
    for name, value in (("bias", bias), ("batch_first", batch_first)):
        if not isinstance(value, bool):
            raise TypeError(f"{mode}: {name}은(는) True 또는 False여야 하는데 {value!r}을 받았습니다.")
    if nonlinearity not in NONLINEARITIES:
        raise ValueError(f"{mode}: nonlinearity는 'tanh' 또는 'relu'여야 하는데 {nonlinearity!r}을 받았습니다.")


def rnn_extra_repr(input_size, hidden_size, num_layers, bias, batch_first, nonlinearity="tanh"):
    """torch와 같은 꼴의 설명: 기본값이 아닌 인자만 적는다. 예: ``3, 5, num_layers=2, batch_first=True``."""
    s = f"{input_size}, {hidden_size}"
    if num_layers != 1:
        s += f", num_layers={num_layers}"
    if nonlinearity != "tanh":
        s += f", nonlinearity={nonlinearity!r}"
    if bias is not True:
        s += f", bias={bias}"
    if batch_first is not False:
        s += f", batch_first={batch_first}"
    return s


def rnn_param_shapes(mode, input_size, hidden_size, num_layers, bias):
    """[(이름, torch 모양), …] — torch.nn.<mode>의 ``named_parameters()`` 와 같은 이름·모양·순서.

    층 k의 입력은 k = 0이면 input_size, 그 위 층은 아래 층의 출력 hidden_size다.
    """
    gh = GATES[mode] * hidden_size
    shapes = []
    for k in range(num_layers):
        d_in = input_size if k == 0 else hidden_size
        shapes += [(f"weight_ih_l{k}", (gh, d_in)), (f"weight_hh_l{k}", (gh, hidden_size))]
        if bias:
            shapes += [(f"bias_ih_l{k}", (gh,)), (f"bias_hh_l{k}", (gh,))]
    return shapes


def rnn_init_bound(hidden_size):
    """torch의 초기화: 모든 매개변수를 U(−1/√H, 1/√H)에서 뽑는다 (편향도)."""
    return 1.0 / math.sqrt(hidden_size)


def check_rnn_input(x, input_size, batch_first, weight_dtype, where):
    """입력 모양 검사. 배치 입력 (L, N, H_in) (batch_first면 (N, L, H_in)) 또는 배치 없는 입력 (L, H_in).

    배치가 있으면 True를 돌려준다. 시퀀스 길이 L은 1 이상. dtype이 가중치와 다르면 TypeError.
    """
    if x.ndim not in (2, 3):
        raise ValueError(
            f"{where}: input은 3차원 (L, N, H_in) (batch_first면 (N, L, H_in)) 또는 배치 없는 2차원 (L, H_in)이어야 하는데 "
            f"shape {tuple(x.shape)} ({x.ndim}차원)을 받았습니다."
        )
    if x.shape[-1] != input_size:
        raise ValueError(
            f"{where}: input의 마지막 축(특성 수 H_in)은 input_size={input_size}여야 하는데 shape {tuple(x.shape)}을 받았습니다."
        )
    time_axis = 1 if (x.ndim == 3 and batch_first) else 0
    if x.shape[time_axis] == 0:
        raise ValueError(f"{where}: 시퀀스 길이 L이 0입니다 (input shape {tuple(x.shape)}, 시간 축 {time_axis}).")
    if x.dtype != weight_dtype:
        raise TypeError(f"{where}: input dtype {x.dtype}이(가) 가중치 dtype {weight_dtype}과(와) 다릅니다.")
    return x.ndim == 3


def state_shape(num_layers, batch, hidden_size, batched):
    """초기 상태 h0(c0)의 모양: 배치가 있으면 (num_layers, N, H), 없으면 (num_layers, H)."""
    return (num_layers, batch, hidden_size) if batched else (num_layers, hidden_size)


def check_rnn_state(h, name, shape, weight_dtype, input_shape, where):
    """초기 상태 h0 또는 c0가 ``shape`` 모양이고 dtype이 가중치와 같은지 확인한다."""
    if tuple(h.shape) != tuple(shape):
        layout, kind = ("(num_layers, N, H)", "input") if len(shape) == 3 else ("(num_layers, H)", "배치 없는 input")
        raise ValueError(
            f"{where}: {name}은(는) shape {tuple(shape)} {layout}여야 하는데 shape {tuple(h.shape)}을 받았습니다 "
            f"({kind} shape {tuple(input_shape)})."
        )
    if h.dtype != weight_dtype:
        raise TypeError(f"{where}: {name} dtype {h.dtype}이(가) 가중치 dtype {weight_dtype}과(와) 다릅니다.")


def split_lstm_hx(hx, where):
    """LSTM의 hx는 (h0, c0) 두 개짜리 튜플이어야 한다 (torch와 같다)."""
    if not isinstance(hx, (tuple, list)) or len(hx) != 2:
        raise TypeError(
            f"{where}: LSTM의 hx는 (h0, c0) 튜플이어야 하는데 {type(hx).__name__}을 받았습니다."
        )
    return hx[0], hx[1]
