"""학습 모드와 평가 모드를 잠시 바꾸는 도구. ``modules()`` 와 ``training`` 만 쓰므로 두 백엔드가 함께 쓴다."""
from contextlib import contextmanager


@contextmanager
def eval_mode(model):
    """with 블록 안에서는 ``model`` 을 평가 모드로 두고, 끝나면 층마다 원래 모드로 되돌린다 (오류가 나도).

    ``model.train(이전 모드)`` 한 번으로 되돌리지 않는다: 그러면 일부러 평가 모드로 둔 하위 층
    (예: 미세 조정에서 얼려 둔 BatchNorm1d)까지 학습 모드로 바뀐다.
    """
    saved = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        yield model
    finally:
        for m, mode in saved:
            m.training = mode
