"""The Merkle tree of RFC 9162 against the test vectors published with RFC 6962's reference
implementation (the same eight leaves and roots, and proofs taken from them), and against
a plain recursive reading of the RFC's definitions for every size and pair up to 40."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shield.translog import merkle
from shield.translog.merkle import ProofError, Tree

h = bytes.fromhex
LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
TREE = Tree([merkle.leaf_hash(h(x)) for x in LEAVES])


def test_the_roots_of_the_published_vectors():
    assert TREE.root(0) == hashlib.sha256(b"").digest()
    for size, root in enumerate(ROOTS, 1):
        assert TREE.root(size).hex() == root


def test_the_published_inclusion_proof():
    proof = TREE.inclusion_proof(5, 8)
    assert [p.hex() for p in proof] == [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]
    merkle.verify_inclusion(5, 8, merkle.leaf_hash(h(LEAVES[5])), proof, h(ROOTS[7]))
    with pytest.raises(ProofError, match="not in the tree"):
        merkle.verify_inclusion(4, 8, merkle.leaf_hash(h(LEAVES[5])), proof, h(ROOTS[7]))
    merkle.verify_inclusion(2, 3, merkle.leaf_hash(h(LEAVES[2])), [h(ROOTS[1])], h(ROOTS[2]))


def test_the_published_consistency_proofs():
    proof = TREE.consistency_proof(6, 8)
    assert [p.hex() for p in proof] == [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]
    merkle.verify_consistency(6, 8, h(ROOTS[5]), h(ROOTS[7]), proof)
    with pytest.raises(ProofError, match="rewritten"):
        merkle.verify_consistency(6, 8, h(ROOTS[4]), h(ROOTS[7]), proof)
    two_five = TREE.consistency_proof(2, 5)
    assert [p.hex() for p in two_five] == [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ]
    merkle.verify_consistency(2, 5, h(ROOTS[1]), h(ROOTS[4]), two_five)


def _mth(leaves: list[bytes]) -> bytes:
    """RFC 9162's definition, read literally."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return merkle.node_hash(_mth(leaves[:k]), _mth(leaves[k:]))


LEAF_HASHES = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(40)]
BIG = Tree(LEAF_HASHES)


@pytest.mark.parametrize("size", range(41))
def test_every_root_and_every_proof_up_to_forty_leaves(size):
    root = BIG.root(size)
    assert root == _mth(LEAF_HASHES[:size])
    for index in range(size):
        merkle.verify_inclusion(
            index, size, LEAF_HASHES[index], BIG.inclusion_proof(index, size), root
        )
    for old in range(size + 1):
        proof = BIG.consistency_proof(old, size)
        merkle.verify_consistency(old, size, BIG.root(old), root, proof)


@given(
    st.integers(1, 40).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))),
    st.integers(0, 31),
    st.integers(0, 7),
)
def test_a_proof_with_any_bit_flipped_fails(case, byte, bit):
    size, index = case
    proof = BIG.inclusion_proof(index, size)
    if not proof:
        return
    bad = [bytearray(p) for p in proof]
    bad[byte % len(bad)][byte] ^= 1 << bit
    with pytest.raises(ProofError):
        merkle.verify_inclusion(
            index, size, LEAF_HASHES[index], [bytes(p) for p in bad], BIG.root(size)
        )


def test_the_ways_a_log_can_lie_are_each_named():
    root5, root8 = BIG.root(5), BIG.root(8)
    proof = BIG.consistency_proof(5, 8)
    with pytest.raises(ProofError, match="shrank"):
        merkle.verify_consistency(8, 5, root8, root5, proof)
    with pytest.raises(ProofError, match="forked"):
        merkle.verify_consistency(8, 8, root8, root5, [])
    rewritten = Tree([merkle.leaf_hash(b"backdated"), *LEAF_HASHES[1:8]])
    with pytest.raises(ProofError, match="rewritten"):
        merkle.verify_consistency(5, 8, root5, rewritten.root(8), rewritten.consistency_proof(5, 8))
    with pytest.raises(ProofError, match="empty consistency proof"):
        merkle.verify_consistency(5, 8, root5, root8, [])
    with pytest.raises(ProofError, match="32"):
        merkle.verify_consistency(5, 8, root5, root8, [b"short"])
    with pytest.raises(ProofError, match="not in a tree"):
        BIG.inclusion_proof(8, 8)
    with pytest.raises(ProofError, match="holds 40 leaves"):
        BIG.root(41)
