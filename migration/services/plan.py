"""The load plan: which OkVet table feeds which step, in dependency order.

Import runs the plan forwards; rollback walks the models it created backwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from migration.convert.owners import convert_owner
from migration.convert.pets import convert_pet
from migration.load.base import Loader
from migration.load.owners import OwnerLoader
from migration.load.pets import PetLoader


@dataclass(frozen=True)
class Step:
    batch_type: str
    table: str
    source_type: str
    convert: Callable
    loader: type[Loader]
    targets: tuple[str, ...]
    depends: tuple[str, ...] = ()

    @property
    def target_model(self) -> str:
        return self.targets[-1]


PLAN: tuple[Step, ...] = (
    Step(
        "clients",
        "owners",
        "client",
        convert_owner,
        OwnerLoader,
        targets=("accounts.User", "clinic.OwnerProfile"),
    ),
    Step(
        "pets",
        "pets",
        "pet",
        convert_pet,
        PetLoader,
        targets=("clinic.Pet",),
        depends=("clients",),
    ),
)
STEPS: dict[str, Step] = {step.batch_type: step for step in PLAN}
