from shield.registry.ids import uuid7


def test_uuid7_sorts_in_creation_order_and_is_unique():
    ids = [uuid7() for _ in range(20000)]  # more than 4096 per millisecond
    assert ids == sorted(ids)
    assert [i.hex for i in ids] == sorted(i.hex for i in ids)  # as SQLite stores them
    assert len(set(ids)) == len(ids)
    assert {i.version for i in ids} == {7}
