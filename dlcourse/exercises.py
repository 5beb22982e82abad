"""연습 문제 채점 도구: 학습자가 직접 쓴 함수를 패키지의 검사(수치 미분, 기준 구현)와 맞춰 본다.

노트북의 연습 문제는 이렇게 쓴다: 풀이 셀(접혀 있음)이 함수를 정의하고, 보이는 채점 셀이 이 모듈로 검사한다.
학습자는 풀이 셀을 자기 코드로 바꿔 채점 셀을 다시 실행한다. 책을 검사할 때는 풀이가 채점을 통과해야 하므로
풀이도 늘 검사된다. 백엔드와 무관하다: torch 텐서를 넘기면 NumPy 배열로 바꿔 비교한다.
"""
import numpy as np

from .gradcheck import numerical_gradient, relative_error


def _to_numpy(value):
    if hasattr(value, "detach"):  # torch.Tensor (torch를 import하지 않고 알아본다)
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def check_close(yours, expected, *, name="답", rtol=1e-7, atol=0.0):
    """``yours`` 가 ``expected`` 와 모양이 같고 값이 rtol/atol 안에서 같은지 본다.

    맞으면 "통과"를 출력하고 True를 돌려준다. 틀리면 어디가 얼마나 다른지 밝힌 AssertionError.
    """
    a, b = _to_numpy(yours), _to_numpy(expected)
    if a.shape != b.shape:
        raise AssertionError(f"{name}: 모양이 다릅니다. 내 답 {a.shape}, 기대한 답 {b.shape}")
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    if not np.allclose(a64, b64, rtol=rtol, atol=atol, equal_nan=False):
        diff = np.abs(a64 - b64)
        worst = np.unravel_index(np.argmax(diff), diff.shape) if diff.ndim else ()
        raise AssertionError(
            f"{name}: 값이 다릅니다. 가장 큰 차이 {diff.max():.3g} (위치 {tuple(int(i) for i in worst)}: "
            f"내 답 {a64[worst]!r}, 기대한 답 {b64[worst]!r}), 허용 rtol={rtol}, atol={atol}"
        )
    print(f"{name}: 통과")
    return True


def check_gradient(forward, backward, x, *, dout, tol=1e-7):
    """직접 쓴 역전파 ``backward(dout) -> dx`` 를 수치 미분과 비교한다 (float64).

    forward(x) -> y 는 순전파, backward(dout) 는 바로 앞의 forward가 캐시한 것으로 dL/dx를 돌려준다.
    손실을 L = sum(y · dout) 으로 두면 dL/dy = dout 이므로, 수치 미분한 dL/dx와 backward(dout)이 같아야 한다.
    """
    x = np.array(x, dtype=np.float64)
    dout = np.array(dout, dtype=np.float64)
    y = _to_numpy(forward(x.copy()))
    if y.shape != dout.shape:
        raise ValueError(f"check_gradient: 순전파 출력 모양 {y.shape}과 dout 모양 {dout.shape}이 같아야 합니다.")
    dx = _to_numpy(backward(dout.copy()))
    numeric = numerical_gradient(lambda z: float(np.sum(_to_numpy(forward(z)) * dout)), x)
    if dx.shape != x.shape:
        raise AssertionError(f"역전파: dx 모양 {dx.shape}이 입력 모양 {x.shape}과 달라야 할 까닭이 없습니다.")
    err = relative_error(dx, numeric)
    if not err < tol:
        raise AssertionError(f"역전파: 수치 미분과의 최대 상대 오차 {err:.2e}이(가) 기준 {tol:g}보다 큽니다.")
    print(f"역전파: 통과 (수치 미분과의 상대 오차 {tol:g} 미만)")
    return True
