"""퍼셉트론 학습을 되풀이하는 반복문. ``model.learn`` 만 부르므로 백엔드와 무관하다."""


def train_perceptron(model, x, y, lr=1.0, max_epochs=20):
    """틀린 샘플이 없어지거나 ``max_epochs`` 에 닿을 때까지 ``model.learn`` 을 되풀이한다.

    에포크마다 틀린 샘플 수의 목록을 돌려준다. 마지막 값이 0이면 수렴한 것이다.
    """
    history = []
    for _ in range(max_epochs):
        history.append(model.learn(x, y, lr))
        if history[-1] == 0:
            break
    return history
