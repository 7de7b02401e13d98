from __future__ import annotations

import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import projectledger as pl
from projectledger import errors


def cny(text: str) -> pl.Money:
    return pl.Money(Decimal(text), "CNY")


def test_amounts_keep_their_exact_value_and_scale() -> None:
    m = pl.Money(Decimal("1234.50"), pl.Currency("CNY"))
    assert m.amount == Decimal("1234.50") and str(m.amount) == "1234.50"
    assert isinstance(m.amount, Decimal)
    assert pl.Money(7, "JPY").amount == 7
    assert pl.Money("0.1", "CNY").amount == Decimal("0.1")
    assert pl.Money(Decimal("1E+3"), "CNY").amount == 1000
    assert pl.Money(Decimal("1.5E-3"), "CNY").amount == Decimal("0.0015")
    assert repr(m) == "Money('1234.50', 'CNY')" and str(m) == "CNY 1234.50"


@pytest.mark.parametrize("bad", [0.1, 1.0, True, False, None, [1], object()])
def test_floats_bools_and_other_types_are_refused(bad: object) -> None:
    with pytest.raises(errors.AmountTypeError) as raised:
        pl.Money(bad, "CNY")  # type: ignore[arg-type]
    assert isinstance(raised.value, TypeError)
    assert "float" in str(raised.value) or "bool" in str(raised.value) or "not an amount" in str(raised.value)


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), "abc", "1,000", ""])
def test_non_numbers_are_invalid_amounts(bad: object) -> None:
    with pytest.raises(errors.InvalidAmountError):
        pl.Money(bad, "CNY")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [Decimal("1E-30"), Decimal("0.0000000000000000000000000000001"), "1E-30", Decimal("1234567890123456789012345678901.5")])
def test_precision_that_would_be_lost_is_refused(bad: object) -> None:
    with pytest.raises(errors.PrecisionLossError):
        pl.Money(bad, "CNY")  # type: ignore[arg-type]


def test_out_of_range_is_refused() -> None:
    with pytest.raises(pl.ProjectLedgerError):
        pl.Money(10**40, "CNY")


def test_arithmetic_is_checked_and_same_currency() -> None:
    assert cny("10.50") + cny("0.50") == cny("11.00")
    assert cny("10.00") - cny("12.34") == cny("-2.34")
    assert -cny("1.00") == cny("-1.00")
    assert cny("35.50") * 8 == cny("284.00") and 8 * cny("35.50") == cny("284.00")
    assert cny("280") * Decimal("1.5") == cny("420")
    usd = pl.Money("1", "USD")
    with pytest.raises(errors.CurrencyMismatchError) as raised:
        cny("1") + usd
    assert (raised.value.left, raised.value.right) == ("CNY", "USD")
    with pytest.raises(errors.CurrencyMismatchError):
        cny("1") < usd  # noqa: B015
    assert cny("1") != usd
    assert cny("1") < cny("2") <= cny("2") and cny("3") > cny("2")
    with pytest.raises(errors.AmountTypeError):
        cny("1") * 1.5  # type: ignore[operator]
    with pytest.raises(errors.ArithmeticOverflowError) as overflow:
        pl.Money(Decimal("79228162514264337593543950335"), "CNY") + cny("1")
    assert isinstance(overflow.value, ArithmeticError)


def test_rounding_is_named() -> None:
    assert cny("2.675").round() == cny("2.68")
    assert str(cny("2.665").round("half_even")) == "CNY 2.66"
    assert str(cny("7").round()) == "CNY 7.00"
    with pytest.raises(errors.InvalidFieldError) as raised:
        cny("1").round("nearest")
    assert "half_even" in str(raised.value)


def test_equality_hash_and_pickle() -> None:
    assert cny("10.0") == cny("10.00") and hash(cny("10.0")) == hash(cny("10.00"))
    assert len({cny("1.0"), cny("1.00"), pl.Money("1", "USD")}) == 2
    for value in [cny("12.30"), pl.Currency("KRW", 0), pl.Currency("CNY")]:
        assert pickle.loads(pickle.dumps(value)) == value
    assert str(pickle.loads(pickle.dumps(cny("12.30")))) == "CNY 12.30"


def test_currencies() -> None:
    assert pl.Currency("JPY").minor_units == 0
    assert repr(pl.Currency("CNY")) == "Currency(\"CNY\", 2)"
    with pytest.raises(errors.InvalidCurrencyError) as raised:
        pl.Currency("JPY", 2)
    assert raised.value.code == "JPY"
    with pytest.raises(errors.InvalidCurrencyError):
        pl.Money("1", "KRW")
    with pytest.raises(errors.AmountTypeError):
        pl.Money("1", 156)  # type: ignore[arg-type]


def test_allocation_vectors_and_errors() -> None:
    assert [str(m) for m in pl.allocate(cny("10.00"), [1, 1, 1])] == ["CNY 3.34", "CNY 3.33", "CNY 3.33"]
    assert [str(m) for m in pl.allocate(cny("0.05"), ["3", Decimal(7)])] == ["CNY 0.02", "CNY 0.03"]
    assert [str(m) for m in pl.split_evenly(cny("100.00"), 3)] == ["CNY 33.34", "CNY 33.33", "CNY 33.33"]
    for weights in ([], [0, 0], [1, -1]):
        with pytest.raises(errors.InvalidWeightsError):
            pl.allocate(cny("1.00"), weights)
    with pytest.raises(errors.AmountTypeError):
        pl.allocate(cny("1.00"), [0.5, 0.5])  # type: ignore[list-item]
    with pytest.raises(errors.InvalidAmountError):
        pl.allocate(cny("1.005"), [1])


@given(
    units=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False), min_size=1, max_size=30),
)
def test_allocation_sums_exactly(units: int, weights: list[Decimal]) -> None:
    total = pl.Money.from_minor_units(units, "CNY")
    if all(w == 0 for w in weights):
        with pytest.raises(errors.InvalidWeightsError):
            pl.allocate(total, weights)
        return
    shares = pl.allocate(total, weights)
    assert sum((s.to_minor_units() for s in shares), 0) == units
    weight_sum = sum(weights)
    for share, weight in zip(shares, weights):
        exact = Decimal(units) * weight / weight_sum
        assert abs(Decimal(share.to_minor_units()) - exact) < 1
