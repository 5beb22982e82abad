"""NumPy만으로 만든 백엔드: 모든 함수와 층이 순전파와 역전파를 직접 계산한다.

torch 없이도 import할 수 있다. 같은 이름의 쌍둥이가 :mod:`dlcourse.torch_impl` 에 있다.
"""
from .activations import ReLU, Sigmoid, Step, Tanh, relu, sigmoid, step, tanh
from . import autograd, init
from .container import Sequential
from .data import DataLoader
from .losses import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, LogSoftmax, MSELoss, Softmax,
                     binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, huber_loss,
                     log_softmax, mse_loss, softmax)
from .optim import SGD, Adagrad, Adam, AdamW, RMSprop
from .clip import clip_grad_norm_
from .. import _lr_scheduler as lr_scheduler  # 백엔드와 무관: 두 백엔드가 같은 모듈을 내보낸다
from .summary import trace_shapes
from .training import EarlyStopping, accuracy, evaluate, fit, train_step
from .linear import Linear
from .rnn import GRU, LSTM, RNN
from .forecaster import NeuralForecaster, SequenceRegressor, fit_window_model
from .dropout import Dropout
from .batchnorm import BatchNorm1d
from .perceptron import Perceptron, train_perceptron
from .parallel import all_reduce, data_parallel_step, shard_gradients
from .dqn import DQNAgent

__all__ = [
    "step", "sigmoid", "tanh", "relu",
    "Step", "Sigmoid", "Tanh", "ReLU",
    "Perceptron", "train_perceptron",
    "Linear", "Sequential", "init", "autograd",
    "RNN", "LSTM", "GRU",
    "SequenceRegressor", "fit_window_model", "NeuralForecaster",
    "Dropout", "BatchNorm1d",
    "softmax", "log_softmax", "mse_loss", "cross_entropy", "binary_cross_entropy", "binary_cross_entropy_with_logits",
    "Softmax", "LogSoftmax", "MSELoss", "CrossEntropyLoss", "BCELoss", "BCEWithLogitsLoss",
    "huber_loss", "HuberLoss",
    "SGD", "Adam", "Adagrad", "RMSprop", "AdamW", "lr_scheduler", "clip_grad_norm_",
    "DataLoader", "EarlyStopping", "accuracy", "evaluate", "train_step", "fit",
    "trace_shapes",
    "shard_gradients", "all_reduce", "data_parallel_step",
    "DQNAgent",
]
