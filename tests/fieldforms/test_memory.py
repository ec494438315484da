"""The cyclic collector paused while an export is read: back as it was afterwards, even when
the reading fails, and a cycle made meanwhile is still freed."""

import gc
import weakref

import pytest

from shield.fieldforms import ExportUnreadable, collector_paused, read_export, read_form
from tests.fieldforms import generate as g


class Node:
    pass


def test_paused_inside_and_enabled_again_after_nested_blocks():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still holds
    assert gc.isenabled()


def test_a_failed_read_gives_the_collector_back():
    form = read_form(g.xlsform(), "form.xlsx")
    with pytest.raises(ExportUnreadable):
        read_export(b'{"results": [', "export.json", form)
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_cycle_made_while_paused_is_freed_after():
    with collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        assert gone() is not None  # only the cyclic collector frees a cycle
    gc.collect()
    assert gone() is None
