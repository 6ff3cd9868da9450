"""Diacritic restoration for text OCR'd with a non-Vietnamese model (issue 3): a noisy-channel decoder."""
