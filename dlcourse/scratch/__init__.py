"""NumPy만으로 만든 백엔드: 모든 함수와 층이 순전파와 역전파를 직접 계산한다.

torch 없이도 import할 수 있다. 같은 이름의 쌍둥이가 :mod:`dlcourse.torch_impl` 에 있다.
"""
from .activations import ReLU, Sigmoid, Step, Tanh, relu, sigmoid, step, tanh
from .perceptron import Perceptron, train_perceptron

__all__ = [
    "step", "sigmoid", "tanh", "relu",
    "Step", "Sigmoid", "Tanh", "ReLU",
    "Perceptron", "train_perceptron",
]
