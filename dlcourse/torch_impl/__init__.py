"""PyTorch 백엔드: :mod:`dlcourse.scratch` 와 같은 이름·같은 시그니처, 기울기는 autograd.

모든 함수는 어느 장치(CPU/CUDA)의 텐서든 받고, 결과를 같은 장치에 둔다.
"""
from .activations import ReLU, Sigmoid, Step, Tanh, relu, sigmoid, step, tanh
from .perceptron import Perceptron, train_perceptron

__all__ = [
    "step", "sigmoid", "tanh", "relu",
    "Step", "Sigmoid", "Tanh", "ReLU",
    "Perceptron", "train_perceptron",
]
