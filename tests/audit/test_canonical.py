"""An audit entry's canonical form, put together by hand for bulk imports, is the same bytes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shield.audit import chain


@given(seq=st.integers(min_value=1, max_value=10**12), texts=st.lists(st.text(), min_size=6, max_size=6),
       changes=st.dictionaries(st.text(), st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text()))))
def test_an_entry_put_together_by_hand_is_canonical(seq, texts, changes):
    at, actor, action, target_type, target_id, summary = texts
    body = {"seq": seq, "at": at, "actor": actor, "action": action, "target_type": target_type,
            "target_id": target_id, "summary": summary, "changes": changes}
    by_hand = chain.canonical_entry(seq, at, actor, action, target_type, target_id, summary,
                                    chain.canonical(changes).decode())
    assert by_hand == chain.canonical(body)

