"""The party's credit code or ID number is an identifier: NFKC-normalised before validation, so
a full-width code typed through an IME is the same party (one act one fine, 《行政处罚法》第二十九条,
the publicity search and the credit record all key on it)."""

from fazhi.enforcement.tests.factories import World  # noqa: F401 - the `world` fixture builds one


def test_a_full_width_credit_code_is_stored_as_typed_half_width(world):
    case = world.lead(party_id="９１３５０２００ＭＡ２Ｙ００００ＸＸ")
    assert case.penalty.party_id == "91350200MA2Y0000XX"
