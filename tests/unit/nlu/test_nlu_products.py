"""Product names, fuzzy-matched against the catalogue the pipeline is given at run time."""

from __future__ import annotations

import pickle

import pytest

from shopdesk.nlu import Pipeline
from shopdesk.nlu.products import ProductMatcher

CATALOG = [
    ("SH-LIN", "Linen Shirt"),
    ("MUG-1", "Stoneware mug, speckled oat, 350 ml"),
    ("MUG-2", "Stoneware mug, sea green, 350 ml"),
    ("HOOD", "Hoodie"),
    ("SH-LIN", "Camisa de lino"),  # a second name of the same product
    ("LAMP", "Lampe de chevet en laiton"),
    ("COAT", "Wollmantel Klassik"),
    ("BAG", "Bolsa de lona"),
    ("TEA", "Teiera in ghisa"),
]


@pytest.fixture(scope="module")
def matcher() -> ProductMatcher:
    m = ProductMatcher()
    m.set_catalog(CATALOG)
    return m


@pytest.mark.parametrize(
    ("text", "value", "raw"),
    [
        ("I bought the linen shrit in M", "SH-LIN", "linen shrit"),
        ("LINEN SHIRTS are lovely", "SH-LIN", "LINEN SHIRTS"),
        ("la camisa de lino llegó rota", "SH-LIN", "camisa de lino"),
        ("la lampe de chevet en laiton ne marche pas", "LAMP", "lampe de chevet en laiton"),
        ("Der Wollmantel Klasik ist zu klein", "COAT", "Wollmantel Klasik"),
        ("a bolsa de lona rasgou", "BAG", "bolsa de lona"),
        ("la teiera in ghisa è arrivata rotta", "TEA", "teiera in ghisa"),
        ("hodie size?", "HOOD", "hodie"),
    ],
)
def test_product_names_in_six_languages(
    matcher: ProductMatcher, text: str, value: str, raw: str
) -> None:
    (ent,) = matcher.match(text)
    assert (ent.type, ent.value, ent.raw) == ("product", value, raw)
    assert text[ent.start : ent.end] == raw


def test_a_name_shared_by_two_products_gives_alternatives(matcher: ProductMatcher) -> None:
    (ent,) = matcher.match("my stoneware mug broke")
    assert (ent.value, ent.alternatives) == ("MUG-1", ("MUG-2",))


@pytest.mark.parametrize(
    "text", ["the shirt is torn", "where is my order", "mug", "green", "in de la", "350 ml"]
)
def test_ordinary_words_are_no_product(matcher: ProductMatcher, text: str) -> None:
    # "shirt" alone scores 62 against "linen shirt": under the threshold, so nothing.
    assert matcher.match(text) == []


def test_no_catalogue_no_products() -> None:
    assert ProductMatcher().match("linen shirt") == []


def test_the_catalogue_is_not_saved_with_the_model(matcher: ProductMatcher) -> None:
    copy = pickle.loads(pickle.dumps(matcher))
    assert copy.catalog_size == 0 and copy.match("linen shirt") == []


def test_pipeline_set_catalog(nlu_pipeline: Pipeline) -> None:
    nlu_pipeline.set_catalog(CATALOG)
    try:
        result = nlu_pipeline.understand("the linen shrit I got from order 4417 is torn")
        assert [e.value for e in result.all("product")] == ["SH-LIN"]
        assert [e.value for e in result.all("order_number")] == ["4417"]
    finally:
        nlu_pipeline.set_catalog([])
    assert nlu_pipeline.understand("linen shirt").all("product") == []
