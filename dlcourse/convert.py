"""scratch 모델과 torch 쌍둥이 사이에서 가중치(매개변수와 버퍼)를 옮긴다.

두 모델의 state_dict 이름은 같다(``0.weight``, ``0.bias``, ``1.running_mean``, ``1.num_batches_tracked`` …).
다른 점은 하나뿐이다: scratch ``Linear`` 의 weight는 (in, out), torch는 (out, in)이라 옮길 때 전치한다
(``state_dict`` 가 맡는다). 버퍼(BatchNorm1d의 이동 평균 등)도 옮긴다: 평가 모드의 출력이 버퍼에 달려 있기 때문이다.
복사는 ``torch.tensor`` 로 새 메모리에 한다. ``torch.from_numpy`` 는 메모리를 나눠 쓰므로
한쪽을 제자리에서 고치면 다른 쪽도 몰래 바뀐다.
"""
import torch


def _check_same_names(scratch_names, torch_names, where):
    if set(scratch_names) != set(torch_names):
        raise ValueError(
            f"{where}: 두 모델의 매개변수·버퍼 이름이 다릅니다. scratch에만 {sorted(set(scratch_names) - set(torch_names))}, "
            f"torch에만 {sorted(set(torch_names) - set(scratch_names))}"
        )


@torch.no_grad()
def copy_to_torch(scratch_model, torch_model):
    """scratch 모델의 매개변수와 버퍼를 torch 쌍둥이에 복사한다 (torch 쪽 dtype·장치는 그대로).

    모두 검사한 다음에 복사하므로, 이름이나 모양이 다르면 (ValueError) torch 쪽은 바뀌지 않는다.
    """
    state = scratch_model.state_dict()
    targets = torch_model.state_dict(keep_vars=True)  # 매개변수와 (저장되는) 버퍼 그 자체, torch의 이름으로
    _check_same_names(state, targets, "copy_to_torch")
    for name, t in targets.items():
        if tuple(t.shape) != state[name].shape:
            raise ValueError(f"copy_to_torch[{name!r}]: torch shape {tuple(t.shape)} ≠ scratch(torch 모양) {state[name].shape}")
    for name, t in targets.items():
        t.copy_(torch.tensor(state[name]))
    return torch_model


def copy_to_scratch(torch_model, scratch_model):
    """torch 모델의 매개변수와 버퍼를 scratch 쌍둥이에 복사한다 (scratch 쪽 dtype은 그대로)."""
    state = {name: t.detach().cpu().numpy().copy() for name, t in torch_model.state_dict().items()}
    _check_same_names(scratch_model.state_dict(), state, "copy_to_scratch")
    scratch_model.load_state_dict(state)
    return scratch_model
