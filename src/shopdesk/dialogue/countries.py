"""Country names in a message ("do you ship to Spain?", "envíos a Alemania") -> ISO codes.

The countries a European or US shop ships to most, each under its name in our six languages
(from CLDR), its own language, and the usual short forms ("UK", "USA", "EE. UU."). Matching
ignores case and accents and takes whole words only. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "AT": ("Austria", "Autriche", "Österreich", "Áustria"),
    "BE": ("Belgium", "Bélgica", "Belgique", "Belgien", "Belgio", "België"),
    "BG": ("Bulgaria", "Bulgarie", "Bulgarien", "Bulgária"),
    "HR": ("Croatia", "Croacia", "Croatie", "Kroatien", "Croácia", "Croazia", "Hrvatska"),
    "CY": ("Cyprus", "Chipre", "Chypre", "Zypern", "Cipro"),
    "CZ": (
        "Czechia",
        "Czech Republic",
        "Chequia",
        "República Checa",
        "Tchéquie",
        "République tchèque",
        "Tschechien",
        "Tschechische Republik",
        "Chéquia",
        "Tchéquia",
        "Cechia",
        "Repubblica Ceca",
    ),
    "DK": ("Denmark", "Dinamarca", "Danemark", "Dänemark", "Danimarca", "Danmark"),
    "EE": ("Estonia", "Estonie", "Estland", "Estónia", "Estônia"),
    "FI": ("Finland", "Finlandia", "Finlande", "Finnland", "Finlândia", "Suomi"),
    "FR": ("France", "Francia", "Frankreich", "França"),
    "DE": ("Germany", "Alemania", "Allemagne", "Deutschland", "Alemanha", "Germania"),
    "GR": ("Greece", "Grecia", "Grèce", "Griechenland", "Grécia"),
    "HU": ("Hungary", "Hungría", "Hongrie", "Ungarn", "Hungria", "Ungheria"),
    "IE": ("Ireland", "Irlanda", "Irlande", "Irland", "Éire"),
    "IT": ("Italy", "Italia", "Italie", "Italien", "Itália"),
    "LV": ("Latvia", "Letonia", "Lettonie", "Lettland", "Letónia", "Letônia", "Lettonia"),
    "LT": ("Lithuania", "Lituania", "Lituanie", "Litauen", "Lituânia"),
    "LU": ("Luxembourg", "Luxemburgo", "Luxemburg", "Lussemburgo"),
    "MT": ("Malta", "Malte"),
    "NL": (
        "Netherlands",
        "Holland",
        "Países Bajos",
        "Holanda",
        "Pays-Bas",
        "Hollande",
        "Niederlande",
        "Países Baixos",
        "Paesi Bassi",
        "Olanda",
        "Nederland",
    ),
    "PL": ("Poland", "Polonia", "Pologne", "Polen", "Polónia", "Polônia", "Polska"),
    "PT": ("Portugal", "Portogallo"),
    "RO": ("Romania", "Rumanía", "Roumanie", "Rumänien", "Roménia", "Romênia"),
    "SK": ("Slovakia", "Eslovaquia", "Slovaquie", "Slowakei", "Eslováquia", "Slovacchia"),
    "SI": ("Slovenia", "Eslovenia", "Slovénie", "Slowenien", "Eslovénia", "Eslovênia"),
    "ES": ("Spain", "España", "Espagne", "Spanien", "Espanha", "Spagna"),
    "SE": ("Sweden", "Suecia", "Suède", "Schweden", "Suécia", "Svezia", "Sverige"),
    "GB": (
        "United Kingdom",
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "Reino Unido",
        "Gran Bretaña",
        "Inglaterra",
        "Escocia",
        "Royaume-Uni",
        "Grande-Bretagne",
        "Angleterre",
        "Écosse",
        "Vereinigtes Königreich",
        "Großbritannien",
        "Schottland",
        "Grã-Bretanha",
        "Escócia",
        "Regno Unito",
        "Gran Bretagna",
        "Inghilterra",
        "Scozia",
    ),
    "US": (
        "United States",
        "USA",
        "U.S.",
        "U.S.A.",
        "America",
        "Estados Unidos",
        "EEUU",
        "EE.UU.",
        "EE. UU.",
        "États-Unis",
        "Amérique",
        "Vereinigte Staaten",
        "Amerika",
        "EUA",
        "Stati Uniti",
    ),
    "CH": ("Switzerland", "Suiza", "Suisse", "Schweiz", "Suíça", "Svizzera"),
    "NO": ("Norway", "Noruega", "Norvège", "Norwegen", "Norvegia", "Norge"),
    "IS": ("Iceland", "Islandia", "Islande", "Islândia", "Islanda"),  # not "Island": English word
    "CA": ("Canada", "Canadá", "Kanada"),
    "MX": ("Mexico", "México", "Mexique", "Mexiko", "Messico"),
    "BR": ("Brazil", "Brasil", "Brésil", "Brasilien", "Brasile"),
    "AR": ("Argentina", "Argentine", "Argentinien"),
    "CL": ("Chile", "Cile"),  # not French "Chili": the pepper
    "CO": ("Colombia", "Colombie", "Kolumbien", "Colômbia"),
    "AU": ("Australia", "Australie", "Australien", "Austrália"),
    "NZ": (
        "New Zealand",
        "Nueva Zelanda",
        "Nouvelle-Zélande",
        "Neuseeland",
        "Nova Zelândia",
        "Nuova Zelanda",
    ),
    "AD": ("Andorra", "Andorre"),
    "MC": ("Monaco", "Mónaco", "Mônaco"),
}


def _fold(text: str) -> str:
    """Lower case without accents: "España" -> "espana", "Großbritannien" -> "grossbritannien"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_CODE_OF: Final[dict[str, str]] = {
    _fold(name): code for code, names in _NAMES.items() for name in names
}
# Longest names first, so "Northern Ireland" wins over "Ireland"; whole words only.
_PATTERN: Final = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(_CODE_OF, key=len, reverse=True)) + r")"
    r"(?!\w)"
)
# "US" only in capitals: "us" is a pronoun.
_US: Final = re.compile(r"(?<!\w)US(?!\w)")


def find_country(text: str) -> str | None:
    """The ISO code of the first country named in ``text``, or None."""
    found: list[tuple[int, str]] = []
    m = _PATTERN.search(_fold(text))
    if m is not None:
        found.append((m.start(), _CODE_OF[m.group(1)]))
    us = _US.search(text)
    if us is not None:
        # Folding may shift positions a little (ß -> ss); close enough to tell which of two
        # names in one short message comes first.
        found.append((us.start(), "US"))
    return min(found)[1] if found else None


def known_countries() -> frozenset[str]:
    return frozenset(_NAMES)
