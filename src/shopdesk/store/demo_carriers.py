"""Tracking numbers and URLs shaped like each carrier's real ones (check digits included)."""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from urllib.parse import quote


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def _s10(rng: random.Random, prefix: str, country: str) -> str:
    """UPU S10 item id (postal operators): two letters, 8 digits, check digit, country."""
    body = _digits(rng, 8)
    total = sum(int(d) * w for d, w in zip(body, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    check = 0 if check == 10 else 5 if check == 11 else check
    return f"{prefix}{body}{check}{country}"


def _ups(rng: random.Random) -> str:
    """1Z + shipper number + service + package id + mod-10 check digit."""
    shipper = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(6))
    body = shipper + rng.choice(("01", "02", "03", "11")) + _digits(rng, 7)
    values = [int(c) if c.isdigit() else (ord(c) - 63) % 10 for c in body]
    total = sum(v * (2 if i % 2 else 1) for i, v in enumerate(values))
    return f"1Z{body}{(10 - total % 10) % 10}"


_NUMBERS: dict[str, Callable[[random.Random], str]] = {
    "DHL": lambda rng: "JJD" + _digits(rng, 18),
    "UPS": _ups,
    "GLS": lambda rng: _digits(rng, 11),
    "DPD": lambda rng: "0" + _digits(rng, 13),
    "Correos": lambda rng: (
        "PQ4"
        + "".join(rng.choice(string.ascii_uppercase) for _ in range(2))
        + _digits(rng, 15)
        + "V"
    ),
    "Colissimo": lambda rng: "6A" + _digits(rng, 11),
    "CTT": lambda rng: _s10(rng, "DA", "PT"),
    "Poste Italiane": lambda rng: _s10(rng, "CA", "IT"),
}

_URLS: dict[str, str] = {
    "DHL": "https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?tracking-id={}",
    "UPS": "https://www.ups.com/track?tracknum={}",
    "GLS": "https://gls-group.com/track/{}",
    "DPD": "https://tracking.dpd.de/status/en_US/parcel/{}",
    "Correos": "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number={}",
    "Colissimo": "https://www.laposte.fr/outils/suivre-vos-envois?code={}",
    "CTT": "https://www.ctt.pt/feapl_2/app/open/objectSearch/objectSearch.jspx?objects={}",
    "Poste Italiane": "https://www.poste.it/cerca/index.html#/risultati-spedizioni/{}",
}

CARRIERS: tuple[str, ...] = tuple(_NUMBERS)


def tracking(rng: random.Random, carrier: str) -> tuple[str, str]:
    """A (tracking number, tracking URL) pair for ``carrier``."""
    number = _NUMBERS[carrier](rng)
    return number, _URLS[carrier].format(quote(number))
