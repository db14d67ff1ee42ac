"""Recognise attempts to talk the bot past the verification gate.

Nothing here grants anything: the gate in ``verification`` is the only way to order facts. This
only lets the bot answer such attempts plainly ("I need the order number and email") instead of
treating them as an ordinary unknown question.
"""

from __future__ import annotations

import re
import unicodedata

_PATTERNS = [
    # instruction overrides
    r"\bignore (all |any |the |your )?(previous|prior|above|earlier) (instructions|rules|prompts?)",
    r"\b(system prompt|developer mode|jailbreak|dan mode|sudo|admin mode|debug mode)\b",
    r"\bignora (todas |las )?(instrucciones|reglas)",
    r"\bignore[sz]? (toutes |les )?(instructions|consignes|regles)",
    r"\bignorier(e|en)? (alle |die )?(vorherigen |bisherigen )?(anweisungen|regeln)",
    r"\bignor(a|e) (todas |as )?(instrucoes|regras)",
    r"\bignora (tutte |le )?(istruzioni|regole)",
    # authority claims
    r"\bi(?:'| a|)m (the|an?|this shop'?s?) ?(owner|admin|administrator|manager|developer"
    r"|employee|staff|police)",
    r"\b(soy|sou|sono) (el |la |o |a |il |l')?(dueno|duena|propietari[oa]|admin|administrador|"
    r"gerente|empleado|dono|proprietario|amministratore|dipendente|funcionario)",
    r"\bje suis (le |la |l')?(proprietaire|admin|administrateur|gerant|employe|patron)",
    r"\bich bin (der |die )?(inhaber|besitzer|admin|administrator|chef|mitarbeiter"
    r"|geschaftsfuhrer)",
    # bulk or other people's data
    r"\b(all|every|list|dump|export)\b.{0,20}\b(orders|customers|emails|addresses)\b",
    r"\b(todos los|todas las|tous les|toutes les|alle|todos os|todas as|tutti gli|tutte le)\b"
    r".{0,20}\b(pedidos|clientes|commandes|bestellungen|kunden|encomendas|ordini|clienti)\b",
    r"\bwithout (verification|verifying|the email)\b",
    r"\b(sin|sans|ohne|sem|senza) (verificacion|verification|verifizierung|verificacao|verifica)\b",
]
_COMPILED = [re.compile(p) for p in _PATTERNS]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_gate_bypass_attempt(text: str) -> bool:
    folded = _fold(text)
    return any(p.search(folded) for p in _COMPILED)
