"""Static material for the demo store "Linden & Clay", a home & lifestyle shop in Zaragoza (ES).

All people, addresses and phone numbers are invented; e-mail domains are the reserved example ones.
"""

from __future__ import annotations

from dataclasses import dataclass

SHOP_NAME = "Linden & Clay"
WAREHOUSE = "Zaragoza, ES"
FREE_SHIPPING_FROM = "60.00"
SHIPPING_FEE = "4.95"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _list(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(";"))


@dataclass(frozen=True)
class Country:
    code: str
    locale: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    # city -> (region, postal code prefixes or full codes)
    cities: dict[str, tuple[str | None, tuple[str, ...]]]
    streets: tuple[str, ...]
    address_format: str  # "{number} {street}" or "{street}, {number}": the local habit
    line2_options: tuple[str, ...]  # flat / floor / building, used for some addresses
    carriers: tuple[str, ...]
    hub: str  # where cross-border parcels enter the country
    payment_methods: tuple[str, ...]


COUNTRIES: dict[str, Country] = {
    "en": Country(
        code="GB",
        locale="en",
        first_names=_words(
            "Emma Oliver Amelia George Isla Harry Sophie Jack Chloe Thomas Grace Samuel"
        ),
        last_names=_words(
            "Clarke Bennett Hughes Walker Patel Wright Evans Turner Murphy Shaw Lewis Harris"
        ),
        cities={
            "London": (None, ("EC1V", "N1", "SE1", "SW11", "E2", "NW5")),
            "Manchester": (None, ("M4", "M20", "M14")),
            "Bristol": (None, ("BS1", "BS6", "BS7")),
            "Edinburgh": ("Scotland", ("EH1", "EH9", "EH6")),
            "Leeds": (None, ("LS1", "LS6")),
            "Brighton": (None, ("BN1", "BN2")),
        },
        streets=_list(
            "High Street; Station Road; Church Lane; Mill Road; Upper Street; Chapel Street; "
            "Queen's Road; Victoria Avenue"
        ),
        address_format="{number} {street}",
        line2_options=("Flat 2", "Flat 4B", "Apartment 12"),
        carriers=("DHL", "UPS", "DPD"),
        hub="East Midlands, GB",
        payment_methods=("card", "card", "paypal", "apple_pay"),
    ),
    "es": Country(
        code="ES",
        locale="es",
        first_names=_words(
            "Lucía Javier Carmen Pablo Marta Diego Elena Alejandro Sara Daniel Laura Hugo"
        ),
        last_names=_words(
            "García Fernández López Martínez Sánchez Gómez Navarro Morales Ortega Delgado Castro "
            "Romero"
        ),
        cities={
            "Madrid": ("Madrid", ("28001", "28004", "28013", "28015", "28045")),
            "Barcelona": ("Barcelona", ("08001", "08010", "08012", "08037")),
            "Valencia": ("Valencia", ("46001", "46004", "46022")),
            "Sevilla": ("Sevilla", ("41001", "41003", "41010")),
            "Bilbao": ("Bizkaia", ("48001", "48007", "48013")),
            "Málaga": ("Málaga", ("29001", "29012")),
        },
        streets=_list(
            "Calle de Alcalá; Calle Mayor; Avenida de la Constitución; Calle del Carmen; "
            "Calle de Toledo; Carrer de Mallorca; Gran Vía; Calle San Fernando"
        ),
        address_format="{street}, {number}",
        line2_options=("3.º B", "1.º izda.", "Bajo A", "5.º D"),
        carriers=("Correos", "GLS", "DHL"),
        hub="Zaragoza, ES",
        payment_methods=("card", "card", "bizum", "paypal"),
    ),
    "fr": Country(
        code="FR",
        locale="fr",
        first_names=_words(
            "Camille Lucas Manon Hugo Léa Louis Chloé Gabriel Inès Arthur Juliette Théo"
        ),
        last_names=_words(
            "Dubois Martin Bernard Lefèvre Moreau Laurent Girard Rousseau Fontaine Mercier "
            "Garnier Faure"
        ),
        cities={
            "Paris": ("Île-de-France", ("75003", "75011", "75012", "75015", "75018")),
            "Lyon": ("Auvergne-Rhône-Alpes", ("69002", "69003", "69007")),
            "Marseille": ("Provence-Alpes-Côte d'Azur", ("13001", "13006", "13008")),
            "Toulouse": ("Occitanie", ("31000", "31300", "31400")),
            "Bordeaux": ("Nouvelle-Aquitaine", ("33000", "33300", "33800")),
            "Nantes": ("Pays de la Loire", ("44000", "44100", "44300")),
        },
        streets=_list(
            "rue Oberkampf; rue de la République; avenue Jean Jaurès; boulevard Voltaire; "
            "rue Victor Hugo; rue des Lilas; rue Paradis"
        ),
        address_format="{number} {street}",
        line2_options=("Bâtiment B", "Appartement 12", "3e étage, porte gauche"),
        carriers=("Colissimo", "DPD", "UPS"),
        hub="Paris-Nord, FR",
        payment_methods=("card", "card", "paypal", "apple_pay"),
    ),
    "de": Country(
        code="DE",
        locale="de",
        first_names=_words(
            "Lukas Sophie Leon Marie Jonas Hannah Felix Lena Paul Anna Maximilian Laura"
        ),
        last_names=_words(
            "Schneider Müller Fischer Weber Wagner Becker Hoffmann Schäfer Koch Richter Klein Wolf"
        ),
        cities={
            "Berlin": ("Berlin", ("10115", "10245", "10405", "10437", "10999", "12047")),
            "München": ("Bayern", ("80331", "80469", "80799", "81667")),
            "Hamburg": ("Hamburg", ("20095", "20357", "22765")),
            "Köln": ("Nordrhein-Westfalen", ("50667", "50672", "50823")),
            "Frankfurt am Main": ("Hessen", ("60311", "60316", "60594")),
            "Leipzig": ("Sachsen", ("04103", "04229", "04275")),
        },
        streets=_list(
            "Torstraße; Hauptstraße; Bahnhofstraße; Schillerstraße; Goethestraße; Lindenallee; "
            "Kastanienallee; Bergmannstraße"
        ),
        address_format="{street} {number}",
        line2_options=("Hinterhaus, 2. OG", "c/o Becker", "3. OG links"),
        carriers=("DHL", "DPD", "GLS"),
        hub="Köln, DE",
        payment_methods=("card", "paypal", "paypal", "klarna"),
    ),
    "pt": Country(
        code="PT",
        locale="pt",
        first_names=_words(
            "João Beatriz Tiago Inês Rui Mariana Pedro Catarina Miguel Sofia Diogo Ana"
        ),
        last_names=_words(
            "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Fernandes "
            "Gonçalves Carvalho"
        ),
        cities={
            "Lisboa": ("Lisboa", ("1100", "1200", "1250", "1700")),
            "Porto": ("Porto", ("4000", "4050", "4150")),
            "Coimbra": ("Coimbra", ("3000",)),
            "Braga": ("Braga", ("4700", "4715")),
            "Faro": ("Faro", ("8000", "8005")),
        },
        streets=_list(
            "Rua Augusta; Avenida da Liberdade; Rua de Santa Catarina; Rua do Carmo; "
            "Rua Direita; Avenida da República; Rua das Flores"
        ),
        address_format="{street}, {number}",
        line2_options=("2.º Esq.", "1.º Dto.", "R/C"),
        carriers=("CTT", "DPD"),
        hub="Lisboa, PT",
        payment_methods=("card", "mb_way", "mb_way", "paypal"),
    ),
    "it": Country(
        code="IT",
        locale="it",
        first_names=_words(
            "Giulia Marco Francesca Luca Chiara Alessandro Sara Matteo Martina Lorenzo Elena Davide"
        ),
        last_names=_words(
            "Romano Bianchi Rossi Russo Ferrari Esposito Ricci Marino Greco Bruno Gallo Conti"
        ),
        cities={
            "Roma": ("RM", ("00153", "00184", "00197")),
            "Milano": ("MI", ("20121", "20135", "20144")),
            "Firenze": ("FI", ("50122", "50125")),
            "Napoli": ("NA", ("80132", "80134")),
            "Torino": ("TO", ("10121", "10123")),
            "Bologna": ("BO", ("40121", "40126")),
        },
        streets=_list(
            "Via Roma; Via Garibaldi; Corso Vittorio Emanuele II; Via dei Serpenti; Via Mazzini; "
            "Viale Giulio Cesare; Via San Vitale"
        ),
        address_format="{street}, {number}",
        line2_options=("Scala B, interno 4", "Interno 7", "Piano 3"),
        carriers=("Poste Italiane", "GLS", "DHL"),
        hub="Milano, IT",
        payment_methods=("card", "card", "paypal", "satispay"),
    ),
}


@dataclass(frozen=True)
class PinnedCustomer:
    """A customer every demo store contains, so the documented examples always work."""

    locale: str
    name: str
    email: str
    city: str
    postal_code: str
    street: str


PINNED_CUSTOMERS: tuple[PinnedCustomer, ...] = (
    PinnedCustomer(
        "es", "Ana Ruiz Ortega", "ana.ruiz@example.com", "Madrid", "28013", "Calle del Carmen, 14"
    ),
    PinnedCustomer(
        "en", "Emma Clarke", "emma.clarke@example.com", "London", "N1 9GU", "27 Upper Street"
    ),
    PinnedCustomer(
        "fr",
        "Camille Dubois",
        "camille.dubois@example.org",
        "Lyon",
        "69002",
        "8 rue de la République",
    ),
    PinnedCustomer(
        "de", "Lukas Schneider", "lukas.schneider@example.com", "Berlin", "10115", "Torstraße 112"
    ),
    PinnedCustomer(
        "pt",
        "João Silva",
        "joao.silva@example.org",
        "Porto",
        "4000-322",
        "Rua de Santa Catarina, 210",
    ),
    PinnedCustomer(
        "it", "Giulia Romano", "giulia.romano@example.com", "Milano", "20121", "Via Garibaldi, 31"
    ),
    PinnedCustomer(
        "en",
        "Oliver Bennett",
        "oliver.bennett@example.org",
        "Manchester",
        "M4 1HN",
        "5 Chapel Street",
    ),
    PinnedCustomer(
        "es",
        "Javier Morales Díaz",
        "javier.morales@example.org",
        "Barcelona",
        "08010",
        "Carrer de Mallorca, 212",
    ),
    PinnedCustomer(
        "fr", "Lucas Martin", "lucas.martin@example.com", "Nantes", "44000", "3 rue Paradis"
    ),
    PinnedCustomer(
        "de", "Sophie Wagner", "sophie.wagner@example.org", "München", "80331", "Schillerstraße 9"
    ),
    PinnedCustomer(
        "it", "Marco Bianchi", "marco.bianchi@example.org", "Firenze", "50122", "Via San Vitale, 4"
    ),
)


HOLD_REASONS = (
    "Address check: the postal code does not match the city given.",
    "Waiting for stock of one item; the rest of the order is ready.",
    "Payment review: billing and shipping countries differ.",
    "The customer asked us to hold the parcel until they are back from holiday.",
)

PAYMENT_FAILURE_REASONS = (
    "Card declined by the issuing bank.",
    "Insufficient funds.",
    "3-D Secure authentication was not completed.",
    "The card has expired.",
    "The payment was cancelled in the PayPal window.",
)

CANCEL_REASONS = ("customer request", "ordered by mistake", "duplicate order", "item out of stock")
RETURN_REASONS = (
    "changed mind",
    "colour differs from the photos",
    "arrived damaged",
    "too big for the space",
    "ordered the wrong item",
)
DELIVERY_NOTES = (
    "Delivered, signed for by the recipient",
    "Delivered to a neighbour",
    "Delivered to the parcel locker",
    "Left at the front door",
)
