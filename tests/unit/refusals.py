"""The one helper the domain's unit tests share."""

import pytest

from atelier.domain.errors import Refusal


def refusal_code(call, *args, **kwargs) -> str:
    """The code of the refusal ``call(*args, **kwargs)`` must raise."""
    with pytest.raises(Refusal) as refused:
        call(*args, **kwargs)
    return refused.value.code
