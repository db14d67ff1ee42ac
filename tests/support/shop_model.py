"""A shop's own NLU model, trained as a shop owner would: ``shopdesk nlu train`` in a real process.

The built-in data plus a new intent (gift_cards) in three languages, from a YAML file in our
training format and a CSV file, for the shop's own order-number pattern.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SHOPDESK = str(Path(sys.executable).with_name("shopdesk"))
SHOP_ORDER_NUMBER_PATTERN = r"SO-\d{6}"

# The new intent in our training format, in English...
SHOP_TRAINING_YAML = """\
language: en
slots:
  hi: ["", "hi ", "hello "]
  card: ["gift card", "gift voucher", "gift certificate"]
intents:
  gift_cards:
    examples: |
      do you sell gift cards
      I want to buy a voucher for my sister
    templates: |
      {hi}can I buy a {card}
      {hi}how much is a {card}
      {hi}can I pay with a {card}
      {hi}do you have {card}s
"""

# ...and as a CSV in three languages; a row without one has its language detected.
SHOP_TRAINING_CSV = """\
text,intent,language
do you sell gift cards,gift_cards,
can I buy a gift card,gift_cards,en
I want a gift voucher for my sister,gift_cards,
how much is a gift card,gift_cards,
¿vendéis tarjetas regalo?,gift_cards,es
gift card balance,gift_cards,
gutschein kaufen,gift_cards,de
"""


@dataclass(frozen=True)
class TrainedShopModel:
    """What ``shopdesk nlu train`` made of the shop's files, and what it printed."""

    training_files: tuple[Path, ...]
    path: Path
    order_number_pattern: str
    result: subprocess.CompletedProcess[str]


def train_shop_model(workdir: Path) -> TrainedShopModel:
    """Write the shop's files in ``workdir`` and train on them there (a minute or more)."""
    files = (workdir / "gift-cards.yml", workdir / "gift-cards.csv")
    files[0].write_text(SHOP_TRAINING_YAML, encoding="utf-8")
    files[1].write_text(SHOP_TRAINING_CSV, encoding="utf-8")
    data_args = [arg for f in files for arg in ("--data", f.name)]
    result = subprocess.run(
        [SHOPDESK, "nlu", "train", *data_args, "--out", "shop-model.bin"],
        capture_output=True,
        text=True,
        env={**os.environ, "SHOPDESK_ORDER_NUMBER_PATTERN": SHOP_ORDER_NUMBER_PATTERN},
        cwd=workdir,
        timeout=900,  # a training on a busy 2-core machine
        check=False,
    )
    return TrainedShopModel(
        training_files=files,
        path=workdir / "shop-model.bin",
        order_number_pattern=SHOP_ORDER_NUMBER_PATTERN,
        result=result,
    )
