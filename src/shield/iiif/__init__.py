"""IIIF: the Image API 3.0 (level 2) over photographs and image evidence, and Presentation 3
manifests per property and per incident (issue 20, item 3)."""
