"""Merkle trees as RFC 9162 (section 2.1) defines them: the tree hash of a list of leaves,
inclusion proofs (a leaf is in a tree) and consistency proofs (a tree of ``m`` leaves is
the first ``m`` leaves of a tree of ``n``: the log only grew), and their verification.

Leaves are hashed with a 0x00 prefix and inner nodes with 0x01, so that no leaf can pose as
a node (second pre-image). ``Tree`` keeps the hashes of the complete subtrees it has
computed, so after the first root every proof costs about log2(n) hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32


class ProofError(ValueError):
    """A proof that does not prove what it was offered for; the message says why."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


EMPTY_ROOT = hashlib.sha256(b"").digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1): where RFC 9162 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


class Tree:
    """The tree over ``leaves`` (leaf hashes, in log order): roots and proofs for any size up
    to ``len(leaves)``."""

    def __init__(self, leaves: Sequence[bytes]):
        self.leaves = leaves
        self._complete: dict[tuple[int, int], bytes] = {}

    def _hash(self, lo: int, hi: int) -> bytes:
        """MTH of leaves[lo:hi] (hi > lo)."""
        n = hi - lo
        if n == 1:
            return self.leaves[lo]
        complete = n & (n - 1) == 0
        if complete and (lo, hi) in self._complete:
            return self._complete[(lo, hi)]
        k = _split(n)
        value = node_hash(self._hash(lo, lo + k), self._hash(lo + k, hi))
        if complete:
            self._complete[(lo, hi)] = value
        return value

    def root(self, size: int | None = None) -> bytes:
        size = len(self.leaves) if size is None else size
        self._check_size(size)
        return EMPTY_ROOT if size == 0 else self._hash(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(index, D[size]): the audit path of leaf ``index`` in the tree of ``size``."""
        size = len(self.leaves) if size is None else size
        self._check_size(size)
        if not 0 <= index < size:
            raise ProofError(f"leaf {index} is not in a tree of {size} leaves")
        path: list[bytes] = []
        lo, hi = 0, size
        while hi - lo > 1:
            k = _split(hi - lo)
            if index < lo + k:
                path.append(self._hash(lo + k, hi))
                hi = lo + k
            else:
                path.append(self._hash(lo, lo + k))
                lo = lo + k
        path.reverse()  # from the leaf up
        return path

    def consistency_proof(self, old: int, new: int | None = None) -> list[bytes]:
        """PROOF(old, D[new]): that the tree of ``old`` leaves is a prefix of the tree of
        ``new``. Empty when old is 0 or equals new."""
        new = len(self.leaves) if new is None else new
        self._check_size(new)
        if not 0 <= old <= new:
            raise ProofError(f"a tree of {old} leaves cannot precede one of {new}")
        if old in (0, new):
            return []
        return self._subproof(old, 0, new, True)

    def _subproof(self, m: int, lo: int, hi: int, whole: bool) -> list[bytes]:
        n = hi - lo
        if m == n:
            return [] if whole else [self._hash(lo, hi)]
        k = _split(n)
        if m <= k:
            return self._subproof(m, lo, lo + k, whole) + [self._hash(lo + k, hi)]
        return self._subproof(m - k, lo + k, hi, False) + [self._hash(lo, lo + k)]

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= len(self.leaves):
            raise ProofError(f"the log holds {len(self.leaves)} leaves, not {size}")


def root_of(leaves: Sequence[bytes]) -> bytes:
    return Tree(leaves).root()


def verify_inclusion(
    index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes
) -> None:
    """RFC 9162, 2.1.3.2: raise ``ProofError`` unless ``path`` proves that the leaf hash
    ``leaf`` is leaf ``index`` of the tree of ``size`` leaves whose root is ``root``."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} cannot be in a tree of {size} leaves")
    _check_hashes(path)
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ProofError("the inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the inclusion proof is shorter than the tree is deep")
    if r != root:
        raise ProofError(f"leaf {index} is not in the tree of {size} leaves with that root")


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """RFC 9162, 2.1.4.2: raise ``ProofError`` unless ``proof`` shows that the tree of
    ``old`` leaves with root ``old_root`` is the beginning of the tree of ``new`` leaves
    with root ``new_root`` (nothing in it was changed, removed or reordered)."""
    if not 0 <= old <= new:
        raise ProofError(f"a tree of {old} leaves cannot precede one of {new}: the log shrank")
    _check_hashes(proof)
    if old == new:
        if proof:
            raise ProofError("a tree is consistent with itself by an empty proof")
        if old_root != new_root:
            raise ProofError(f"two different roots for the same {old} leaves: the log forked")
        return
    if old == 0:
        if proof:
            raise ProofError("the empty tree is consistent with any by an empty proof")
        return
    if not proof:
        raise ProofError("an empty consistency proof between trees of different sizes")
    path = list(proof)
    if old & (old - 1) == 0:  # an exact power of two: the old root is a node of the new tree
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("the consistency proof is shorter than the tree is deep")
    if fr != old_root:
        raise ProofError(f"the first {old} leaves are not the tree with the old root: rewritten")
    if sr != new_root:
        raise ProofError(f"the proof does not lead to the root of the tree of {new} leaves")


def _check_hashes(hashes: Sequence[bytes]) -> None:
    for h in hashes:
        if len(h) != HASH_SIZE:
            raise ProofError(f"a proof hash of {len(h)} bytes (SHA-256 gives {HASH_SIZE})")
