"""The words of relative dates in the six languages, accent-folded and lower-case.

Multi-word keys use single spaces (the regexes accept any whitespace between the words).
"""

from __future__ import annotations

from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(w.replace("_", " ") for w in text.split())


# Word -> days from today.
DAY_WORDS: Final[dict[str, int]] = {
    **dict.fromkeys(["today", "hoy", "aujourd'hui", "aujourd’hui", "heute", "hoje", "oggi"], 0),
    **dict.fromkeys(["yesterday", "ayer", "hier", "gestern", "ontem", "ieri"], -1),
    **dict.fromkeys(["tomorrow", "manana", "demain", "morgen", "amanha", "domani"], 1),
    **dict.fromkeys(
        [
            "the day before yesterday",
            "day before yesterday",
            "anteayer",
            "antier",
            "antes de ayer",
            "avant-hier",
            "avant hier",
            "vorgestern",
            "anteontem",
            "antes de ontem",
            "l'altro ieri",
            "l’altro ieri",
            "l'altroieri",
            "altroieri",
            "ieri l'altro",
        ],
        -2,
    ),
    **dict.fromkeys(
        [
            "the day after tomorrow",
            "day after tomorrow",
            "pasado manana",
            "apres-demain",
            "apres demain",
            "ubermorgen",
            "depois de amanha",
            "dopodomani",
        ],
        2,
    ),
}

# Words that are a date only in one language: "hier" is "here" in German, "morgen" is "morning"
# in Dutch. When another language was detected they are not dates.
ONLY_IN: Final[dict[str, str]] = {"hier": "fr", "morgen": "de"}

NUMBERS: Final[dict[str, int]] = {
    **dict.fromkeys(_words("a an one un una uno une ein eine einer einem einen um uma"), 1),
    **dict.fromkeys(_words("two dos deux zwei dois duas due"), 2),
    **dict.fromkeys(_words("three tres trois drei tre"), 3),
    **dict.fromkeys(_words("four cuatro quatre vier quatro quattro"), 4),
    **dict.fromkeys(_words("five cinco cinq funf cinque"), 5),
    **dict.fromkeys(_words("six seis sechs sei"), 6),
    **dict.fromkeys(_words("seven siete sept sieben sete sette"), 7),
    **dict.fromkeys(_words("eight ocho huit acht oito otto"), 8),
    **dict.fromkeys(_words("nine nueve neuf neun nove"), 9),
    **dict.fromkeys(_words("ten diez dix zehn dez dieci"), 10),
}

UNITS: Final[dict[str, str]] = {
    **dict.fromkeys(_words("day days dia dias jour jours tag tage tagen giorno giorni"), "day"),
    **dict.fromkeys(
        _words("week weeks semana semanas semaine semaines woche wochen settimana settimane"),
        "week",
    ),
    **dict.fromkeys(_words("month months mes meses mois monat monate monaten mese mesi"), "month"),
    **dict.fromkeys(
        _words("year years ano anos an ans annee annees jahr jahre jahren anno anni"), "year"
    ),
}

# "hace 2 días", "il y a 2 jours", "vor 2 Tagen", "há 2 dias"; "2 days ago", "2 giorni fa".
AGO_BEFORE: Final = _words("hace il_y_a vor ha faz")
AGO_AFTER: Final = _words("ago fa atras")
# "in 2 days", "en/dentro de 2 días", "dans 2 jours", "in 2 Tagen", "em/daqui a 2 dias", "tra 2".
IN_BEFORE: Final = _words("in en dentro_de dans daqui_a em tra fra")

WEEKDAYS: Final[dict[str, int]] = {
    **dict.fromkeys(_words("monday lunes lundi montag segunda lunedi"), 0),
    **dict.fromkeys(_words("tuesday martes mardi dienstag terca martedi"), 1),
    **dict.fromkeys(_words("wednesday miercoles mercredi mittwoch quarta mercoledi"), 2),
    **dict.fromkeys(_words("thursday jueves jeudi donnerstag quinta giovedi"), 3),
    **dict.fromkeys(_words("friday viernes vendredi freitag sexta venerdi"), 4),
    **dict.fromkeys(_words("saturday sabado samedi samstag sonnabend sabato"), 5),
    **dict.fromkeys(_words("sunday domingo dimanche sonntag domenica"), 6),
}
# "last Monday", "letzten Montag", "la última segunda", "lo scorso lunedì".
PAST_BEFORE: Final = _words(
    "last letzten letzter letztes letzte vergangenen vergangener ultimo ultima scorso scorsa"
)
# "el lunes pasado", "lundi dernier", "segunda-feira passada", "lunedì scorso".
PAST_AFTER: Final = _words(
    "pasado pasada dernier derniere passada passado scorso scorsa passato passata"
)
# "next Friday", "el próximo viernes", "prochain vendredi", "nächsten Freitag", "il prossimo".
NEXT_BEFORE: Final = _words(
    "next proximo proxima prochain prochaine nachsten nachster kommenden kommender"
    " prossimo prossima"
)
# "el viernes que viene", "vendredi prochain", "sexta-feira que vem", "venerdì prossimo".
NEXT_AFTER: Final = _words("que_viene que_vem prochain prochaine prossimo prossima")

MONTHS: Final = _words(
    """
    january february march april may june july august september october november december
    jan feb apr jun jul aug sep sept oct nov dec
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
    diciembre
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    januar janner februar marz maerz april mai juni juli august september oktober november
    dezember
    janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro
    gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
    """
)
